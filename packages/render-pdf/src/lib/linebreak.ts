/**
 * Line breaking: runs of text to lines of positioned pieces.
 *
 * Justified text is broken the way TeX breaks paragraphs (Knuth and Plass,
 * "Breaking paragraphs into lines", 1981): every feasible break is weighed
 * and the set of breaks with the least total demerits (badness of the
 * stretched or shrunk spaces, penalties for hyphens and for consecutive
 * hyphens, contrast between neighbouring lines) is chosen, so looseness is
 * shared by the lines instead of falling on one. When no set of breaks
 * stays within the tolerance (a word longer than the line), and for ragged
 * text, a greedy breaker sets one line at a time, choosing at each full
 * line, as TeX weighs it, between breaking before the word that does not
 * fit or inside it. The last line is set at its natural width.
 */

import {
  type ChosenLine,
  contrasts,
  maxConsecutiveHyphens,
  type NodeCache,
  optimalBreaks,
  type PassOptions,
} from './knuth-plass.js'
import { type InlineRun, type Line, Piece } from './layout.js'
import {
  type BreakSettings,
  type Glue,
  graphemes,
  type Item,
  isGlue,
  isHyphen,
  type LineShape,
  type Part,
  splitWord,
  toWords,
  type Word,
  type WordBreak,
  wordWidth,
} from './words.js'

export type { Align, BreakSettings, LineShape } from './words.js'
export { constantShape, faceStyle, runMetrics } from './words.js'

const hyphenPenalty = 50
const consecutiveHyphenPenalty = 300

/** A line being filled. */
export class LineBuilder {
  readonly items: Item[] = []
  natural = 0
  stretch = 0
  shrink = 0
  constructor(readonly shape: LineShape) {}

  get empty(): boolean {
    return this.items.length === 0
  }

  add(glue: Glue | undefined, word: Word): void {
    if (glue && !this.empty) {
      this.items.push(glue)
      this.natural += glue.width
      this.stretch += glue.stretch
      this.shrink += glue.shrink
    }
    for (const part of word.parts) {
      this.items.push(part)
      this.natural += part.width
    }
  }

  addHyphen(): void {
    const last = this.items.at(-1)
    if (!last || isGlue(last) || isHyphen(last)) return
    const width = last.face.breakHyphen.advance * last.size
    this.items.push({
      hyphen: true,
      format: last.format,
      face: last.face,
      size: last.size,
      rise: last.rise,
      style: last.style,
      run: last.run,
      width,
    })
    this.natural += width
  }
}

function ratioOf(natural: number, stretch: number, shrink: number, width: number): number {
  if (natural <= width) return stretch > 0 ? (width - natural) / stretch : natural === width ? 0 : 10
  return shrink > 0 ? (width - natural) / shrink : -10
}

/**
 * Position a line's items: spaces stretched or shrunk to the measure in
 * justified text (except the last line, unless it is too long), the line
 * moved for centred and right-aligned text.
 */
export function setLine(
  items: ReadonlyArray<Item>,
  shape: LineShape,
  last: boolean,
  brokenWord: boolean,
  settings: BreakSettings,
): Line {
  // Spaces at either end are not set.
  let from = 0
  let to = items.length
  while (to > from && isGlue(items[to - 1] as Item)) to--
  while (from < to && isGlue(items[from] as Item)) from++
  let natural = 0
  let stretch = 0
  let shrink = 0
  for (let index = from; index < to; index++) {
    const item = items[index] as Item
    natural += item.width
    if (isGlue(item)) {
      stretch += item.stretch
      shrink += item.shrink
    }
  }
  const width = shape.width
  const adjust = settings.align === 'justify' && (!last || natural > width) && (stretch > 0 || shrink > 0)
  const factor = adjust ? Math.max(-1, ratioOf(natural, stretch, shrink, width)) : 0
  let x = shape.indent
  if (!adjust && settings.align === 'center') x += Math.max(0, (width - natural) / 2)
  if (!adjust && settings.align === 'right') x += Math.max(0, width - natural)
  const pieces: Piece[] = new Array(to - from)
  let maxSize = settings.size
  for (let index = from; index < to; index++) {
    const item = items[index] as Item
    const glue = isGlue(item)
    const hyphen = !glue && isHyphen(item)
    let itemWidth = item.width
    if (glue && adjust) itemWidth += factor >= 0 ? factor * item.stretch : factor * item.shrink
    const part = glue || hyphen ? undefined : (item as Part)
    pieces[index - from] = new Piece(
      part ? part.text : glue ? ' ' : '\u00AD',
      item.format,
      x,
      itemWidth,
      glue,
      hyphen,
      part?.actualText,
    )
    if (item.size > maxSize && item.rise === 0) maxSize = item.size
    x += itemWidth
  }
  const regular = settings.fonts.body.regular
  const baseline = (settings.leading + (regular.ascent + regular.descent) * settings.size) / 2
  const height = settings.leading * (maxSize / settings.size)
  return { pieces, height, baseline: baseline + (height - settings.leading), width: natural, brokenWord, ratio: factor }
}

/**
 * Break a block's runs into lines.
 *
 * @param runs
 *   The block's inline content.
 * @param settings
 *   Fonts, size, line height, alignment, line shapes, hyphenation.
 * @returns
 *   The lines, each with its pieces positioned from its left edge.
 */
export function breakLines(runs: ReadonlyArray<InlineRun>, settings: BreakSettings): Line[] {
  const words = toWords(runs, settings)
  if (settings.align === 'justify') {
    // The first pass that sets the paragraph wins, unless it leaves neighbours more than a
    // fitness class apart: then a later pass that leaves fewer does. Once a pass has set the
    // paragraph, the last one is bounded (spaces stretched at most twice): at any stretch it
    // weighs every break, and costs the most.
    let best: { lines: ChosenLine[]; contrasts: number } | undefined
    const nodes: NodeCache = new Map()
    for (const pass of passesFor(settings.size)) {
      const bounded = best !== undefined && pass.tolerance === Number.POSITIVE_INFINITY
      const chosen = optimalBreaks(words, settings, bounded ? { ...pass, tolerance: 2 } : pass, nodes)
      if (!chosen) continue
      const count = contrasts(chosen)
      if (!best || count < best.contrasts) best = { lines: chosen, contrasts: count }
      if (best.contrasts === 0) break
    }
    if (best) {
      return best.lines.map((line, index) =>
        setLine(line.items, settings.shape(index), line.last, line.brokenWord, settings),
      )
    }
  }
  return greedyBreaks(words, settings)
}

/**
 * Passes of the optimal breaker, tried in turn, as TeX's: the first
 * without hyphenating (`\pretolerance` 100: spaces stretched at most
 * fully), the second with hyphenation (`\tolerance` 200: about 1.26), the
 * third with `\emergencystretch` of two ems, so that a paragraph that
 * cannot be set within the tolerance shares its extra space evenly among
 * its lines (on the first article, neighbouring lines more than one
 * fitness class apart fell from 18 of 127 pairs to 7 of 128 with it,
 * against a third pass at tolerance 2.5 without it). A last pass takes any
 * stretch (badness is capped, so the best of loose settings still wins over
 * the greedy breaker, which is left for words longer than the line).
 *
 * @param size
 *   The text's size, in points (the emergency stretch is in ems).
 */
function passesFor(size: number): PassOptions[] {
  const emergencyStretch = 2 * size
  return [
    { tolerance: 1, hyphenate: false },
    { tolerance: 1.26, hyphenate: true },
    { tolerance: 1.26, hyphenate: true, emergencyStretch },
    { tolerance: Number.POSITIVE_INFINITY, hyphenate: true, emergencyStretch },
  ]
}

/** One line at a time. */
function greedyBreaks(words: ReadonlyArray<Word>, settings: BreakSettings): Line[] {
  const justify = settings.align === 'justify'
  const lines: Line[] = []
  let line = new LineBuilder(settings.shape(0))
  let hyphenStreak = 0
  const badness = (value: number) => 100 * Math.abs(value) ** 3

  const fits = (glue: Glue | undefined, width: number) => {
    const withGlue = line.empty ? 0 : (glue?.width ?? 0)
    const shrink = justify ? line.shrink + (line.empty ? 0 : (glue?.shrink ?? 0)) : 0
    return line.natural + withGlue + width - shrink <= line.shape.width + 1e-6
  }

  const finish = (last: boolean, brokenWord = false) => {
    lines.push(setLine(line.items, line.shape, last, brokenWord, settings))
    line = new LineBuilder(settings.shape(lines.length))
  }

  /** The latest break of the word whose head fits on the line (no hyphenation of a paragraph's last word). */
  const bestSplit = (glue: Glue | undefined, word: Word, lastWord: boolean) => {
    for (let index = word.breaks.length - 1; index >= 0; index--) {
      const at = word.breaks[index] as WordBreak
      if (at.hyphen && (hyphenStreak >= maxConsecutiveHyphens || lastWord) && !line.empty) continue
      const { head, tail } = splitWord(word, at)
      if (head.parts.length === 0 || tail.parts.length === 0) continue
      const last = head.parts.at(-1) as Part
      const hyphenWidth = at.hyphen ? last.face.breakHyphen.advance * last.size : 0
      const width = wordWidth(head) + hyphenWidth
      if (fits(glue, width)) return { head, tail, hyphen: at.hyphen, width }
    }
    return undefined
  }

  const preferSplit = (glue: Glue | undefined, width: number, hyphen: boolean) => {
    const total = line.shape.width
    if (!justify) return (total - line.natural) / total > 0.3
    const without = badness(ratioOf(line.natural, line.stretch, line.shrink, total))
    const withGlue = glue?.width ?? 0
    const afterRatio = ratioOf(
      line.natural + withGlue + width,
      line.stretch + (glue?.stretch ?? 0),
      line.shrink + (glue?.shrink ?? 0),
      total,
    )
    const penalty = hyphen ? hyphenPenalty + (hyphenStreak > 0 ? consecutiveHyphenPenalty : 0) : 0
    return badness(afterRatio) + penalty < without
  }

  /** A word longer than a whole line: cut it where it fills the line, preferably after punctuation. */
  const emergencySplit = (word: Word) => {
    let used = 0
    let best: WordBreak | undefined
    let punctuation: { at: WordBreak; used: number } | undefined
    let done = false
    for (const [partIndex, part] of word.parts.entries()) {
      let offset = 0
      for (const { segment } of graphemes.segment(part.text)) {
        const width = part.face.width(segment, part.size)
        if (used + width > line.shape.width && best) {
          done = true
          break
        }
        used += width
        offset += segment.length
        best = { part: partIndex, offset, hyphen: false }
        if (/[/\-._?&=,;:]/.test(segment)) punctuation = { at: best, used }
      }
      if (done) break
    }
    const at = punctuation && punctuation.used >= line.shape.width / 2 ? punctuation.at : best
    return at ? splitWord(word, at) : undefined
  }

  for (const [wordIndex, word] of words.entries()) {
    const lastWord = word.forced || wordIndex === words.length - 1
    let pending: Word | undefined = word
    while (pending) {
      const glue = line.empty ? undefined : pending.glue
      const width = wordWidth(pending)
      if (fits(glue, width) || pending.parts.length === 0) {
        line.add(glue, pending)
        pending = undefined
        break
      }
      const split = bestSplit(glue, pending, lastWord)
      if (split && (line.empty || preferSplit(glue, split.width, split.hyphen))) {
        line.add(glue, split.head)
        if (split.hyphen) line.addHyphen()
        hyphenStreak = split.hyphen ? hyphenStreak + 1 : 0
        finish(false, true)
        pending = split.tail
        continue
      }
      if (line.empty) {
        const cut = emergencySplit(pending)
        if (!cut || cut.tail.parts.length === 0) {
          line.add(undefined, pending)
          pending = undefined
          break
        }
        line.add(undefined, cut.head)
        hyphenStreak = 0
        finish(false, true)
        pending = cut.tail
        continue
      }
      hyphenStreak = 0
      finish(false)
    }
    if (word.forced) {
      hyphenStreak = 0
      finish(true)
    }
  }
  if (!line.empty) finish(true)
  return lines
}
