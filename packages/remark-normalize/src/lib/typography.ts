import { cldrNames } from './cldr-names.js'
import type { Finding } from './finding.js'
import { foldForMatch, spaces } from './fold.js'
import { type Block, opaque } from './text.js'
import { isListedWord } from './word-list.js'

/** Built-in typography rules, each of which can be turned off. */
export interface TypographyOptions {
  /** Odd spaces (NBSP, thin, ideographic…) between words become spaces (`odd-space`). */
  spaces?: boolean | undefined
  /** Zero-width characters are removed, bidi controls reported (`invisible-character`, `bidi-control`). */
  invisible?: boolean | undefined
  /** Straight quotes become typographic quotes of the document language (`typographic-quotes`). */
  quotes?: boolean | undefined
  /** A paragraph starting with `-`/`--` and a word starts with an em dash (`dash-lead`). */
  dashLead?: boolean | undefined
  /**
   * A capital after a comma in mid-sentence is lowered when the word is not
   * a name (`capital-after-comma`, English): `true` (default) changes a
   * translation (`Options.translation`) and suggests elsewhere; `'fix'`
   * always changes, `'suggest'` never does, `false` turns the rule off.
   */
  capitals?: boolean | 'fix' | 'suggest' | undefined
  /**
   * Duplicated phrases ("hardships and hardships") are reported
   * (`duplicate-phrase`); off by default: on ordinary text most of what it
   * finds is right ("empty headings or headings with a rank").
   */
  duplicates?: boolean | undefined
}

/** The built-in rules on by default: all but `duplicates`, whose precision is too low (see the README). */
export const allTypography: Required<TypographyOptions> = {
  spaces: true,
  invisible: true,
  quotes: true,
  dashLead: true,
  capitals: true,
  duplicates: false,
}

const dictionary = 'typography'

function finding(
  ruleId: string,
  start: number,
  end: number,
  after: string | undefined,
  note: string,
  scope: Finding['scope'] = 'fix',
): Finding {
  return { ruleId, kind: 'typography', scope, start, end, after, note, sameAs: [], dictionary, rule: undefined }
}

const codePoint = (char: string) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`

/** Odd spaces between words; digit grouping and French punctuation spacing are left alone. */
export function oddSpaces(block: Block, language: string): Finding[] {
  const found: Finding[] = []
  const text = block.text
  const french = language.toLowerCase().startsWith('fr')
  for (const match of text.matchAll(new RegExp(spaces.source, 'g'))) {
    const index = match.index
    const before = text.charAt(index - 1)
    const after = text.charAt(index + 1)
    if (/\d/.test(before) && /\d/.test(after)) continue
    if (french && (/[:;!?»]/.test(after) || before === '«')) continue
    found.push(
      finding('odd-space', index, index + 1, ' ', `${codePoint(match[0])} between words is replaced by a plain space`),
    )
  }
  return found
}

const zeroWidth = /[\u200B\u2060\uFEFF\u180E]/g
const bidi = /[\u202A-\u202E\u2066-\u2069]/g

/** Zero-width characters (removed) and bidirectional controls (reported). */
export function invisibleCharacters(block: Block): Finding[] {
  const found: Finding[] = []
  for (const match of block.text.matchAll(zeroWidth)) {
    found.push(
      finding('invisible-character', match.index, match.index + 1, '', `Invisible ${codePoint(match[0])} is removed`),
    )
  }
  for (const match of block.text.matchAll(bidi)) {
    const item = finding(
      'bidi-control',
      match.index,
      match.index + 1,
      undefined,
      `Bidirectional control ${codePoint(match[0])} can reorder how the text displays; check it is intended`,
      'report',
    )
    found.push(item)
  }
  return found
}

/** Opening and closing marks, primary then secondary, by language. */
const quoteMarks: Record<string, [string, string, string, string]> = {
  en: ['“', '”', '‘', '’'],
  de: ['„', '“', '‚', '‘'],
  fr: ['«', '»', '“', '”'],
  ru: ['«', '»', '„', '“'],
  kk: ['«', '»', '„', '“'],
  uk: ['«', '»', '„', '“'],
  be: ['«', '»', '„', '“'],
  uz: ['«', '»', '„', '“'],
  ky: ['«', '»', '„', '“'],
  zh: ['“', '”', '‘', '’'],
}

/** Typographic quotation marks of a language (English ones when unknown). */
export function quotesFor(language: string): [string, string, string, string] {
  return (
    quoteMarks[language.toLowerCase().split('-')[0] as string] ?? (quoteMarks.en as [string, string, string, string])
  )
}

const opensBefore = /[\s([{\u2014\u2013/\-“‘«„‚]/u

/**
 * Replace straight quotes with typographic ones. A quote opens after the
 * start, white space, an opening bracket, a dash or another opening quote,
 * and closes otherwise; `'` between letters (and before digits, as in
 * `'90s`) is an apostrophe.
 *
 * @param text
 *   Text to convert.
 * @param language
 *   BCP 47 tag choosing the marks.
 * @param before
 *   The character before `text`, if any.
 * @returns
 *   Each change: offset and new mark.
 */
export function smartQuotes(text: string, language: string, before = ''): Array<[number, string]> {
  const [open, close, openSecondary, closeSecondary] = quotesFor(language)
  const changes: Array<[number, string]> = []
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index)
    if (char !== '"' && char !== "'") continue
    const previous = index === 0 ? before : text.charAt(index - 1)
    const next = text.charAt(index + 1)
    const opening = previous === '' || opensBefore.test(previous)
    if (char === '"') {
      changes.push([index, opening && next !== '' && !/\s/.test(next) ? open : close])
    } else if (/[\p{L}\p{N}]/u.test(previous) && /\p{L}/u.test(next)) {
      changes.push([index, '’'])
    } else if (opening && /\d/.test(next)) {
      changes.push([index, '’'])
    } else {
      changes.push([index, opening && next !== '' && !/\s/.test(next) ? openSecondary : closeSecondary])
    }
  }
  return changes
}

/** Straight quotes in a block. */
export function straightQuotes(block: Block, language: string): Finding[] {
  return smartQuotes(block.text, language).map(([index, mark]) =>
    finding(
      'typographic-quotes',
      index,
      index + 1,
      mark,
      'Straight quotes become the typographic quotes of the language',
    ),
  )
}

/** Convert the straight quotes of a replacement, given what precedes it. */
export function smartenReplacement(value: string, language: string, before: string): string {
  let result = value
  for (const [index, mark] of smartQuotes(value, language, before)) {
    result = result.slice(0, index) + mark + result.slice(index + 1)
  }
  return result
}

/**
 * A stray hyphen leading a point: `-In` (one hyphen, no space) or `-- The`
 * (two, as a typewriter dash), before a word with a capital, a digit after
 * two, a quote or a parenthesis. Not a bullet (`- item`), an option
 * (`--no-color`, `-v`, `-P <prefix>`, `--BEGIN`), a negative number (`-5`)
 * or a signature (` -- Name`, indented).
 */
const dashLeadPattern =
  /^(?:-(?=\p{Lu}\p{Ll}|\p{Lu} \p{Ll}|[“"‘'(])|--[ \t]?(?=\p{Lu}\p{Ll}|\p{Lu} \p{Ll}|[\p{N}“"‘'(]))/u

/** A paragraph that starts with a stray hyphen before a word. */
export function dashLead(block: Block): Finding[] {
  if (block.node.type !== 'paragraph' || block.role === 'point') return []
  // An indented line is not a point of the text (a signature, an item of a plain-text list).
  const column = block.node.position?.start.column
  if (column !== undefined && column > 1) return []
  const match = dashLeadPattern.exec(block.text)
  if (!match) return []
  return [finding('dash-lead', 0, match[0].length, '— ', 'A stray hyphen that leads a point becomes an em dash')]
}

const englishCache = new Map<string, boolean>()

/**
 * Whether a lowercase word is an English word (the `word-list` package,
 * searched in place: see word-list.ts; no set of 274,000 strings, since a
 * document asks for a few).
 */
function isEnglishWord(word: string): boolean {
  let known = englishCache.get(word)
  if (known === undefined) {
    known = isListedWord(word)
    englishCache.set(word, known)
  }
  return known
}

const capitalized = /(?<![\p{L}\p{N}'’-])\p{Lu}\p{Ll}+(?:['’-]\p{L}+)*/gu
/** Where a capital says nothing about the word: sentence start, after a comma, after an opening quote at a start. */
const neutralBefore = /(?:^|[.!?:;]["”’)\]]*\s+|,\s+|^["“‘(]|[.!?:;]\s+["“‘(])$/u

/**
 * Words written with a capital in a place that shows they are names (mid
 * sentence, not after a comma), across the document.
 */
export function properNouns(texts: ReadonlyArray<string>): Set<string> {
  const names = new Set<string>()
  for (const text of texts) {
    for (const match of text.matchAll(capitalized)) {
      const before = text.slice(Math.max(0, match.index - 4), match.index)
      if (!neutralBefore.test(before)) names.add(match[0])
    }
  }
  return names
}

/** Words English always capitalizes, though the word list has them in lowercase (`march`, `sunday`). */
const alwaysCapitalized = new Set([
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
  'God',
  'Christmas',
  'Easter',
  'Internet',
])

let namedByRule: Set<string> | undefined

/**
 * Words English capitalizes by rule: months, weekdays, a few more, and the
 * one-word English names of languages (also the nationalities: `English`,
 * `Polish`, `Kazakh`) and of countries and regions (`China`), from CLDR
 * (listed in cldr-names.ts, the same on every runtime).
 */
function capitalizedByRule(word: string): boolean {
  namedByRule ??= new Set([...alwaysCapitalized, ...cldrNames])
  return namedByRule.has(word)
}

/** A dateline opening a block: a place in capitals, then a comma (`ASTANA, May 5 --`). */
const datelineStart = /^[\p{Lu}][\p{Lu}\s.'’-]*$/u

/** Short words a Title Case heading keeps in lowercase. */
const minorWords = /^(?:a|an|and|as|at|but|by|for|from|in|into|nor|of|on|or|over|per|the|to|up|via|vs\.?|with|v\.?)$/i

/** A heading written in Title Case: every word but the minor ones starts with a capital. */
function titleCase(block: Block, text: string): boolean {
  if (block.node.type !== 'heading') return false
  const words = text.match(/[\p{L}][\p{L}\p{N}'’.-]*/gu) ?? []
  const major = words.filter((word) => !minorWords.test(word))
  return major.length >= 2 && major.every((word) => /^[\p{Lu}\p{N}]/u.test(word))
}

/** A short item of a list (`Docx`, `Ms`, `New York`): one to three words, each with a capital. */
const capitalizedItem = /^\s*(?:[\p{Lu}\p{N}][\p{L}\p{N}'’.+#-]*)(?:\s+[\p{Lu}\p{N}][\p{L}\p{N}'’.+#-]*){0,2}\s*$/u

/**
 * Whether the comma at `comma` follows an item of a list of names: a short
 * capitalized item (`Docx, Ms, Man, Typst`; `impl Default, Copy, Clone for`)
 * or one that ends in code, a name the text does not spell
 * (`` `unified-args`, Gulp plugins ``).
 */
function inCapitalizedList(text: string, comma: number): boolean {
  const previousStart = Math.max(text.lastIndexOf(',', comma - 1), text.lastIndexOf(':', comma - 1)) + 1
  const previous = text.slice(previousStart, comma)
  const lastWord = /(\S+)\s*$/u.exec(previous)?.[1] ?? ''
  return capitalizedItem.test(previous) || lastWord.endsWith(opaque)
}

/**
 * A capital after a comma in mid-sentence (`…in Kazakhstan, Four
 * universities…`), lowered only when the word is an English common word,
 * is not a name known to the dictionaries, nor a word English capitalizes by
 * rule (months, weekdays, languages, nationalities, countries), is not
 * written with a capital elsewhere in mid-sentence, and does not start a run
 * of capitalized words. The rule never runs in a dateline (`ASTANA, May 5`),
 * in a heading written in Title Case, or between the items of a list of
 * capitalized names (`Docx, Ms, Man, Typst`; `Perl, Python, PCRE`).
 */
export function capitalAfterComma(
  block: Block,
  names: ReadonlySet<string>,
  known: ReadonlySet<string>,
  scope: 'fix' | 'suggest' = 'fix',
): Finding[] {
  const found: Finding[] = []
  if (block.role === 'dateline') return found
  const text = foldForMatch(block.text)
  if (titleCase(block, text)) return found
  for (const match of text.matchAll(/, (\p{Lu}\p{Ll}+)(?=[\s,;:.!?)]|$)( \p{Lu})?/gu)) {
    const word = match[1] as string
    if (match[2] || word === 'I' || capitalizedByRule(word) || names.has(word) || known.has(word)) continue
    const lower = word.toLowerCase()
    if (!isEnglishWord(lower)) continue
    // The place of a dateline at the start of the block.
    if (datelineStart.test(text.slice(0, match.index)) && /[\p{Lu}]{2}/u.test(text.slice(0, match.index))) continue
    if (inCapitalizedList(text, match.index)) continue
    // A word that stands alone as an item is a name in a list (`Brave, Chrome, and Electron`).
    if (/^(?:[,;)]|\s+(?:and|or)\s|[.!?]?$)/u.test(text.slice(match.index + 2 + word.length))) continue
    const start = match.index + 2
    found.push(
      finding(
        'capital-after-comma',
        start,
        start + word.length,
        lower,
        'A capital after a comma in mid-sentence is lowered when the word is not a name',
        scope,
      ),
    )
  }
  return found
}

const repeatable = new Set(['again', 'over', 'more', 'on', 'round', 'through', 'by', 'out', 'up', 'down', 'less'])

/** Words after which a repeated word still ends its phrase: "hardships and hardships of the past". */
const phraseEnd =
  /^(?:of|in|on|at|to|for|with|from|by|that|which|who|is|are|was|were|has|have|had|will|would|can|could|the|a|an|and|or|but)$/i

/** Whether two spellings are the same word (the first letter's case aside: "The the", not "format FORMAT"). */
function sameWord(a: string, b: string): boolean {
  const lower = (value: string) => value.charAt(0).toLowerCase() + value.slice(1)
  return lower(a) === lower(b)
}

/**
 * Phrases that repeat themselves: "hardships and hardships", "the the".
 * Not a word that goes on into another one ("HTML and HTML-based", "title
 * and title page"), nor a word and its capitals ("format FORMAT"), nor in a
 * table cell, whose short values repeat on purpose.
 */
export function duplicatePhrases(block: Block): Finding[] {
  const found: Finding[] = []
  if (block.node.type === 'tableCell') return found
  const text = foldForMatch(block.text)
  for (const match of text.matchAll(/(?<![\p{L}\p{N}-])(\p{L}+) (?:and|or) \1(?![\p{L}\p{N}_|@-]|\.\p{L})/giu)) {
    const word = (match[1] as string).toLowerCase()
    if (!sameWord(match[1] as string, match[0].slice(-(match[1] as string).length))) continue
    // Comparatives and set phrases repeat on purpose: "bigger and bigger", "again and again".
    if (/(?:er|ier)$/.test(word) || repeatable.has(word)) continue
    // The second word is a modifier of the next one: "title and title page".
    const next = /^ (\p{L}+)/u.exec(text.slice(match.index + match[0].length))?.[1]
    // "Empty headings or headings with a rank": a choice between two kinds.
    const choice = / or /i.test(match[0])
    if (next !== undefined && (choice || !phraseEnd.test(next))) continue
    found.push(
      finding(
        'duplicate-phrase',
        match.index,
        match.index + match[0].length,
        undefined,
        'The phrase repeats a word',
        'report',
      ),
    )
  }
  for (const match of text.matchAll(
    /(?<![\p{L}\p{N}-])(\p{L}{2,}(?: \p{L}+){0,2}) \1(?![\p{L}\p{N}_|@-]|\.\p{L})/giu,
  )) {
    const first = match[1] as string
    if (!sameWord(first, match[0].slice(first.length + 1))) continue
    const phrase = (match[1] as string).toLowerCase()
    if (phrase === 'that' || phrase === 'had' || phrase === 'is') continue
    found.push(
      finding(
        'duplicate-phrase',
        match.index,
        match.index + match[0].length,
        undefined,
        'The phrase is written twice',
        'report',
      ),
    )
  }
  return found
}
