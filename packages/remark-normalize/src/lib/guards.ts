import type { Hit } from './compile.js'
import { compilePattern, escapeRegExp, guardPattern } from './pattern.js'
import type { Entry } from './schema.js'
import type { Block } from './text.js'

type Guard = NonNullable<Entry['context']>
type Words = NonNullable<Guard['sentence']>

/** Finds where a guard word occurs: a literal word or a `/regex/flags` pattern. */
export interface Finder {
  /** Whether the word occurs anywhere in `text`. */
  test(text: string): boolean
  /** Start and end of every occurrence, left to right, without overlaps. */
  spans(text: string): Iterable<{ start: number; end: number }>
}

const finders = new Map<string, Finder>()

/** A letter, digit or underscore ending at `lastIndex` (set it to the offset before which to look). */
const wordCharacterBefore = /(?<=[\p{L}\p{N}_])/uy
/** A letter, digit or underscore starting at `lastIndex`. */
const wordCharacterAt = /[\p{L}\p{N}_]/uy

/**
 * Finds a literal guard word: whole words only (no letter, digit or `_`
 * either side), in any case (Unicode simple case folding).
 */
export function literalFinder(word: string): Finder {
  // The literal alone, any case; its bounds are checked apart. A pattern with the bounds as lookarounds
  // (`(?<![\p{L}\p{N}_])…(?![\p{L}\p{N}_])`) finds the same, but compiling one costs half a millisecond
  // (the classes closed under case), for every guard word of a document.
  const regex = new RegExp(escapeRegExp(word), 'giu')
  /** The first occurrence at or after `from` that is a whole word. */
  const next = (text: string, from: number): { start: number; end: number } | undefined => {
    regex.lastIndex = from
    for (let match = regex.exec(text); match; match = regex.exec(text)) {
      const start = match.index
      const end = start + match[0].length
      wordCharacterBefore.lastIndex = start
      wordCharacterAt.lastIndex = end
      if (!wordCharacterBefore.test(text) && !wordCharacterAt.test(text)) return { start, end }
      // On from the next character, as the search with lookarounds goes (a code point: the flag `u`).
      regex.lastIndex = start + ((text.codePointAt(start) as number) > 0xffff ? 2 : 1)
    }
    return undefined
  }
  return {
    test(text) {
      return next(text, 0) !== undefined
    },
    *spans(text) {
      for (let span = next(text, 0); span; span = next(text, span.end)) yield span
    },
  }
}

/** The finder of a guard word (literal: whole word, any case; or `/regex/flags`). */
function finderOf(word: string): Finder {
  let finder = finders.get(word)
  if (!finder) {
    const pattern = guardPattern(word)
    if (pattern) {
      const compiled = compilePattern(pattern.source, pattern.flags)
      finder = { test: (text) => compiled.test(text), spans: (text) => compiled.matches(text) }
    } else {
      finder = literalFinder(word)
    }
    if (finders.size >= 10_000) finders.clear()
    finders.set(word, finder)
  }
  return finder
}

/**
 * Where a word occurs in a text, as much as a guard needs to know: the end of
 * its first occurrence and the start of its last one.
 */
interface Extent {
  firstEnd: number
  lastStart: number
}

/**
 * Remembers, for a text that many hits share (a paragraph, the document),
 * where each guard word occurs, so each text is searched once per word.
 */
export class GuardCache {
  private text: string | undefined
  private readonly extents = new Map<string, Extent | null>()

  /** The extent of `word` in `text` (`null` when it does not occur). */
  extent(word: string, text: string): Extent | null {
    if (text !== this.text) {
      this.text = text
      this.extents.clear()
    }
    let extent = this.extents.get(word)
    if (extent === undefined) {
      extent = null
      for (const span of finderOf(word).spans(text)) {
        if (extent === null) extent = { firstEnd: span.end, lastStart: span.start }
        else extent.lastStart = span.start
      }
      this.extents.set(word, extent)
    }
    return extent
  }
}

/**
 * Whether `word` occurs in `text` outside `[skipStart, skipEnd)`. Occurrences
 * do not overlap, so one occurs before `skipStart` exactly when the first
 * does, and one after `skipEnd` exactly when the last does.
 */
function occurs(word: string, text: string, skipStart: number, skipEnd: number, cache?: GuardCache): boolean {
  if (skipStart < 0 && !cache) return finderOf(word).test(text)
  const extent = cache ? cache.extent(word, text) : new GuardCache().extent(word, text)
  return extent !== null && (extent.firstEnd <= skipStart || extent.lastStart >= skipEnd)
}

function passes(words: Words | undefined, text: string, skipStart = -1, skipEnd = -1, cache?: GuardCache): boolean {
  if (!words) return true
  if (words.any && !words.any.some((word) => occurs(word, text, skipStart, skipEnd, cache))) return false
  if (words.none?.some((word) => occurs(word, text, skipStart, skipEnd, cache))) return false
  return true
}

const segmenters = new Map<string, Intl.Segmenter>()

/** A sentence that ends after an initial or a common abbreviation goes on. */
const abbreviation = /[\s(](?:\p{Lu}|Mr|Mrs|Ms|Dr|St|No|Prof|Gen|Sen|Rep|Jr|Sr|Mt|vs|etc|e\.g|i\.e)\.$/u

/** Whether a sentence segment ends with an abbreviation (so the sentence goes on). */
function endsWithAbbreviation(segment: string): boolean {
  // Only the end of the segment matters: look at its last few characters.
  const trimmed = segment.trimEnd()
  const tail = trimmed.length > 8 ? trimmed.slice(-8) : ` ${trimmed}`
  return abbreviation.test(tail)
}

/**
 * The longest a sentence reaches on either side of a match, for guards: text
 * without sentence breaks (a list of names, a table dumped as one line) is
 * searched around the match, not as a whole for every match.
 */
export const sentenceReach = 2000

const sentenceEnds = new WeakMap<Block, { text: string; language: string; ends: number[] }>()

/** Longest piece of text given to the segmenter at once (see `sentenceBreaks`). */
const window = 16_384
/** Sentence ends this close to the end of a piece are left to the next piece. */
const margin = 1024
const letter = /\p{L}/u

/**
 * Where the sentences of `text` end, as `Intl.Segmenter` says. The segmenter
 * slows down with the length of the text it walks (in V8, each step costs
 * time proportional to the whole text), so it is given one line at a time (a
 * line feed always ends a sentence) and long lines in overlapping pieces,
 * each next piece starting at a sentence end of the previous one (or, in a
 * sentence longer than a piece, inside a word, where no rule looks across).
 */
function sentenceBreaks(text: string, segmenter: Intl.Segmenter): number[] {
  const ends: number[] = []
  let lineStart = 0
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart)
    const lineEnd = newline === -1 ? text.length : newline + 1
    let start = lineStart
    while (lineEnd - start > window) {
      const limit = start + window - margin
      let last = -1
      for (const sentence of segmenter.segment(text.slice(start, start + window))) {
        const end = start + sentence.index + sentence.segment.length
        if (end > limit) break
        ends.push(end)
        last = end
      }
      if (last !== -1) {
        start = last
        continue
      }
      let restart = limit
      while (restart > start + 1 && !(letter.test(text.charAt(restart - 1)) && letter.test(text.charAt(restart)))) {
        restart--
      }
      start = restart > start + 1 ? restart : limit
    }
    for (const sentence of segmenter.segment(text.slice(start, lineEnd))) {
      ends.push(start + sentence.index + sentence.segment.length)
    }
    lineStart = lineEnd
  }
  return ends
}

/** Offsets where the sentences of a block end, computed once per block and language. */
function endsOf(block: Block, language: string): number[] {
  const cached = sentenceEnds.get(block)
  if (cached && cached.text === block.text && cached.language === language) return cached.ends
  let segmenter = segmenters.get(language)
  if (!segmenter) {
    segmenter = new Intl.Segmenter(language, { granularity: 'sentence' })
    segmenters.set(language, segmenter)
  }
  const ends: number[] = []
  let previous = 0
  for (const end of sentenceBreaks(block.text, segmenter)) {
    if (!endsWithAbbreviation(block.text.slice(previous, end))) ends.push(end)
    previous = end
  }
  sentenceEnds.set(block, { text: block.text, language, ends })
  return ends
}

/**
 * The sentence holding `[start, end)` of a block's text, at most
 * `sentenceReach` characters either side of it.
 */
export function sentenceAround(block: Block, start: number, end: number, language: string) {
  const ends = endsOf(block, language)
  // The last sentence end at or before `start`, and the first at or after `end` (and after `start`).
  let low = 0
  let high = ends.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if ((ends[middle] as number) <= start) low = middle + 1
    else high = middle
  }
  const from = low > 0 ? (ends[low - 1] as number) : 0
  let next = low
  while (next < ends.length && (ends[next] as number) < end) next++
  const to = next < ends.length ? (ends[next] as number) : block.text.length
  return { from: Math.max(from, start - sentenceReach), to: Math.min(to, end + sentenceReach) }
}

/** Where a hit is, for its guards. */
export interface Context {
  block: Block
  /** The block's text, folded for matching (see `foldForMatch`). */
  text: string
  /** Offset of the block's text in `documentText`. */
  base: number
  /** The text of every block, folded, joined by blank lines. */
  documentText: string
  language: string
  /** Occurrences of guard words in this block's text (optional). */
  blockCache?: GuardCache | undefined
  /** Occurrences of guard words in `documentText` (optional). */
  documentCache?: GuardCache | undefined
}

/** Whether the context guards of a hit's entry hold. */
export function guardsHold(hit: Hit, context: Context): boolean {
  const guard = hit.rule.entry.context
  if (!guard) return true
  const { block, text, base, documentText, language } = context
  if (guard.role && !guard.role.includes(block.role as never)) return false
  if (guard.before || guard.after || guard.sentence) {
    const { from, to } = sentenceAround(block, hit.start, hit.end, language)
    if (!passes(guard.before, text.slice(from, hit.start))) return false
    if (!passes(guard.after, text.slice(hit.end, to))) return false
    if (!passes(guard.sentence, text.slice(from, to), hit.start - from, hit.end - from)) return false
  }
  if (!passes(guard.paragraph, text, hit.start, hit.end, context.blockCache)) return false
  return passes(guard.document, documentText, base + hit.start, base + hit.end, context.documentCache)
}
