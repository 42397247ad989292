import type { Hit } from './compile.js'
import type { Entry } from './schema.js'
import type { Block } from './text.js'

type Guard = NonNullable<Entry['context']>
type Words = NonNullable<Guard['sentence']>

const guardCache = new Map<string, RegExp>()

/** A guard word (literal, whole word, any case) or `/regex/flags`. */
function guardRegex(word: string): RegExp {
  let regex = guardCache.get(word)
  if (!regex) {
    const literal = /^\/(.+)\/([imsu]*)$/.exec(word)
    regex = literal
      ? new RegExp(literal[1] as string, `${literal[2]}gu`)
      : new RegExp(`(?<![\\p{L}\\p{N}_])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_])`, 'giu')
    guardCache.set(word, regex)
  }
  return regex
}

/** Whether `word` occurs in `text` outside `[skipStart, skipEnd)`. */
function occurs(word: string, text: string, skipStart = -1, skipEnd = -1): boolean {
  const regex = guardRegex(word)
  regex.lastIndex = 0
  for (let match = regex.exec(text); match; match = regex.exec(text)) {
    const end = match.index + match[0].length
    if (end <= skipStart || match.index >= skipEnd) return true
    if (match[0].length === 0) regex.lastIndex++
  }
  return false
}

function passes(words: Words | undefined, text: string, skipStart?: number, skipEnd?: number): boolean {
  if (!words) return true
  if (words.any && !words.any.some((word) => occurs(word, text, skipStart, skipEnd))) return false
  if (words.none?.some((word) => occurs(word, text, skipStart, skipEnd))) return false
  return true
}

const segmenters = new Map<string, Intl.Segmenter>()

/** A sentence break after an initial or a common abbreviation is no break. */
const abbreviation = /(?:^|[\s(])(?:\p{Lu}|Mr|Mrs|Ms|Dr|St|No|Prof|Gen|Sen|Rep|Jr|Sr|Mt|vs|etc|e\.g|i\.e)\.\s*$/u

/** The sentence holding `[start, end)` of a block's text. */
export function sentenceAround(block: Block, start: number, end: number, language: string) {
  let segmenter = segmenters.get(language)
  if (!segmenter) {
    segmenter = new Intl.Segmenter(language, { granularity: 'sentence' })
    segmenters.set(language, segmenter)
  }
  let from = 0
  let to = block.text.length
  for (const sentence of segmenter.segment(block.text)) {
    const sentenceEnd = sentence.index + sentence.segment.length
    if (abbreviation.test(sentence.segment)) continue
    if (sentenceEnd <= start) from = sentenceEnd
    else if (sentenceEnd >= end) {
      to = sentenceEnd
      break
    }
  }
  return { from, to }
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
  if (!passes(guard.paragraph, text, hit.start, hit.end)) return false
  return passes(guard.document, documentText, base + hit.start, base + hit.end)
}
