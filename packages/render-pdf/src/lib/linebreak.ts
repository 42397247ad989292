/**
 * Line breaking: runs of text to lines of positioned pieces. Greedy, line
 * by line, with the choice at each full line made as TeX weighs it: break
 * before the word that does not fit, or inside it at a hyphenation point,
 * whichever gives the lower badness (the cube of how far the spaces
 * stretch or shrink) once a penalty for the hyphen is added. Spaces
 * stretch and shrink in justified text; the last line is set at its natural
 * width.
 */
import type { Face, FaceStyle, FontStack } from './fonts.js'
import type { Hyphenator } from './hyphenation.js'
import type { InlineRun, InlineStyle, Line, Piece, TextRun } from './layout.js'

/** Horizontal alignment of lines. */
export type Align = 'justify' | 'left' | 'center' | 'right'

/** Width and indent of one line. */
export interface LineShape {
  width: number
  indent: number
}

/** How to break a block's runs. */
export interface BreakSettings {
  fonts: FontStack
  /** Font size of the block. */
  size: number
  /** Line height of the block. */
  leading: number
  align: Align
  /** Shape of the line of an index (hanging indents, labels). */
  shape(index: number): LineShape
  hyphenator: Hyphenator
  /** Add hyphens at pattern break points. */
  hyphenate: boolean
  /** Called for characters no font has. */
  onMissing(run: TextRun, characters: string): void
}

interface Part {
  text: string
  face: Face
  size: number
  rise: number
  style: InlineStyle
  run: TextRun
  missing: boolean
  width: number
}

interface Glue {
  face: Face
  size: number
  rise: number
  style: InlineStyle
  run: TextRun
  width: number
  stretch: number
  shrink: number
}

interface WordBreak {
  part: number
  offset: number
  hyphen: boolean
}

interface Word {
  glue: Glue | undefined
  parts: Part[]
  breaks: WordBreak[]
  /** A forced line break follows. */
  forced: boolean
}

interface Hyphen {
  hyphen: true
  face: Face
  size: number
  rise: number
  style: InlineStyle
  run: TextRun
  width: number
}

type Item = Part | Glue | Hyphen

const stretchRatio = 0.5
const shrinkRatio = 0.3
const hyphenPenalty = 50
const consecutiveHyphenPenalty = 300
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' })

/** The face style of a run's style. */
export function faceStyle(style: InlineStyle): FaceStyle {
  if (style.bold) return style.italic ? 'boldItalic' : 'bold'
  return style.italic ? 'italic' : 'regular'
}

/** Size and baseline raise of a run in a block of a size. */
export function runMetrics(style: InlineStyle, size: number): { size: number; rise: number } {
  const base = size * style.scale
  if (style.script === 'sup') return { size: base * 0.7, rise: base * 0.33 }
  if (style.script === 'sub') return { size: base * 0.7, rise: -base * 0.15 }
  return { size: base, rise: 0 }
}

function isGlue(item: Item): item is Glue {
  return 'stretch' in item
}

function isHyphen(item: Item): item is Hyphen {
  return 'hyphen' in item
}

function wordWidth(word: Word): number {
  let width = 0
  for (const part of word.parts) width += part.width
  return width
}

function slicePart(part: Part, start: number, end?: number): Part {
  const text = part.text.slice(start, end)
  return { ...part, text, width: part.face.width(text, part.size) }
}

/** Split a word at a break: the head (with the word's space before it) and the tail. */
function splitWord(word: Word, at: WordBreak): { head: Word; tail: Word } {
  const part = word.parts[at.part] as Part
  const whole = at.offset >= part.text.length
  const headParts = [...word.parts.slice(0, at.part), ...(at.offset > 0 ? [slicePart(part, 0, at.offset)] : [])]
  const tailParts = [...(whole ? [] : [slicePart(part, at.offset)]), ...word.parts.slice(at.part + 1)]
  const head: Word = { glue: word.glue, parts: headParts, breaks: [], forced: false }
  const tail: Word = { glue: undefined, parts: tailParts, breaks: [], forced: word.forced }
  for (const item of word.breaks) {
    if (item.part < at.part || (item.part === at.part && item.offset < at.offset)) head.breaks.push(item)
    else if (item.part === at.part && item.offset > at.offset) {
      tail.breaks.push({ ...item, part: 0, offset: item.offset - at.offset })
    } else if (item.part > at.part) {
      tail.breaks.push({ ...item, part: item.part - at.part - (whole ? 1 : 0) })
    }
  }
  return { head, tail }
}

function dashBreaks(token: string): number[] {
  const offsets: number[] = []
  for (const match of token.matchAll(/[\u2013\u2014](?=[^\s\u2013\u2014])/gu)) offsets.push((match.index as number) + 1)
  return offsets
}

/** Turn runs into words, each with its break points and the space before it. */
function toWords(runs: ReadonlyArray<InlineRun>, settings: BreakSettings): Word[] {
  const words: Word[] = []
  let current: Word | undefined
  let pendingGlue: Glue | undefined
  for (const run of runs) {
    if (run.type === 'break') {
      const last = current ?? words.at(-1)
      if (last && !last.forced) last.forced = true
      else words.push({ glue: undefined, parts: [], breaks: [], forced: true })
      current = undefined
      pendingGlue = undefined
      continue
    }
    const { size, rise } = runMetrics(run.style, settings.size)
    const style = faceStyle(run.style)
    const mono = run.style.mono
    const text = run.text.replace(/[\t\n\r\f ]+/g, ' ')
    for (const token of text.split(/( )/)) {
      if (token === '') continue
      if (token === ' ') {
        // No break after a hyphen that ends a word ("pre- and post-war"):
        // a line ending in a hyphen is a word broken at its own hyphen.
        const lastPart = current?.parts.at(-1)
        if (lastPart && /[\p{L}\p{N}][-\u2010]$/u.test(lastPart.text)) {
          lastPart.text += ' '
          lastPart.width = lastPart.face.width(lastPart.text, lastPart.size)
          continue
        }
        if (current || words.length > 0) {
          current = undefined
          if (!pendingGlue) {
            const face = settings.fonts.stack(style, mono)[0] as Face
            const width = face.width(' ', size)
            pendingGlue = {
              face,
              size,
              rise,
              style: run.style,
              run,
              width,
              stretch: mono ? 0 : width * stretchRatio,
              shrink: mono ? 0 : width * shrinkRatio,
            }
          }
        }
        continue
      }
      if (!current) {
        current = { glue: words.length > 0 ? pendingGlue : undefined, parts: [], breaks: [], forced: false }
        words.push(current)
        pendingGlue = undefined
      }
      const word: Word = current
      const pieces = token.split('\u200B')
      pieces.forEach((piece, index) => {
        const lastPart = word.parts.at(-1)
        if (index > 0 && lastPart) {
          word.breaks.push({ part: word.parts.length - 1, offset: lastPart.text.length, hyphen: false })
        }
        if (piece === '') return
        const points = mono
          ? []
          : [
              ...settings.hyphenator.breakPoints(piece, settings.hyphenate && run.style.hyphenate),
              ...dashBreaks(piece).map((offset) => ({ offset, hyphen: false })),
            ].sort((a, b) => a.offset - b.offset)
        let start = 0
        for (const faceRun of settings.fonts.split(piece, style, mono)) {
          if (faceRun.missing) settings.onMissing(run, faceRun.text)
          const end = start + faceRun.text.length
          word.parts.push({
            text: faceRun.text,
            face: faceRun.face,
            size,
            rise,
            style: run.style,
            run,
            missing: faceRun.missing,
            width: faceRun.face.width(faceRun.text, size),
          })
          for (const point of points) {
            if (point.offset > start && point.offset <= end) {
              word.breaks.push({ part: word.parts.length - 1, offset: point.offset - start, hyphen: point.hyphen })
            }
          }
          start = end
        }
      })
    }
  }
  return words
}

class LineBuilder {
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
  const justify = settings.align === 'justify'
  const regular = settings.fonts.body.regular
  const baseline = (settings.leading + (regular.ascent + regular.descent) * settings.size) / 2
  const lines: Line[] = []
  let line = new LineBuilder(settings.shape(0))
  let hyphenStreak = 0

  const ratio = (natural: number, stretch: number, shrink: number, width: number) => {
    if (natural <= width) return stretch > 0 ? (width - natural) / stretch : natural === width ? 0 : 10
    return shrink > 0 ? (width - natural) / shrink : -10
  }
  const badness = (value: number) => 100 * Math.abs(value) ** 3

  const fits = (glue: Glue | undefined, width: number) => {
    const withGlue = line.empty ? 0 : (glue?.width ?? 0)
    const shrink = justify ? line.shrink + (line.empty ? 0 : (glue?.shrink ?? 0)) : 0
    return line.natural + withGlue + width - shrink <= line.shape.width + 1e-6
  }

  const finish = (last: boolean, brokenWord = false) => {
    lines.push({ ...buildLine(line, last), brokenWord })
    line = new LineBuilder(settings.shape(lines.length))
  }

  const buildLine = (builder: LineBuilder, last: boolean): Omit<Line, 'brokenWord'> => {
    const items = [...builder.items]
    while (items.length > 0 && isGlue(items.at(-1) as Item)) items.pop()
    let natural = 0
    let stretch = 0
    let shrink = 0
    for (const item of items) {
      natural += item.width
      if (isGlue(item)) {
        stretch += item.stretch
        shrink += item.shrink
      }
    }
    const width = builder.shape.width
    const adjust = justify && (!last || natural > width) && (stretch > 0 || shrink > 0)
    const factor = adjust ? ratio(natural, stretch, shrink, width) : 0
    let x = builder.shape.indent
    if (!adjust && settings.align === 'center') x += Math.max(0, (width - natural) / 2)
    if (!adjust && settings.align === 'right') x += Math.max(0, width - natural)
    const pieces: Piece[] = []
    let maxSize = settings.size
    for (const item of items) {
      let itemWidth = item.width
      if (isGlue(item) && adjust) itemWidth += factor >= 0 ? factor * item.stretch : factor * item.shrink
      const glue = isGlue(item)
      const hyphen = isHyphen(item)
      pieces.push({
        text: glue ? ' ' : hyphen ? '\u00AD' : item.text,
        face: item.face,
        size: item.size,
        x,
        width: itemWidth,
        rise: item.rise,
        style: item.style,
        run: item.run,
        glue,
        hyphen,
        missing: !glue && !hyphen && item.missing,
      })
      if (item.size > maxSize && item.rise === 0) maxSize = item.size
      x += itemWidth
    }
    const height = settings.leading * (maxSize / settings.size)
    return { pieces, height, baseline: baseline + (height - settings.leading), width: natural }
  }

  /** The latest break of the word whose head fits on the line. */
  const bestSplit = (glue: Glue | undefined, word: Word) => {
    for (let index = word.breaks.length - 1; index >= 0; index--) {
      const at = word.breaks[index] as WordBreak
      if (at.hyphen && hyphenStreak >= 2 && !line.empty) continue
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
    const without = badness(ratio(line.natural, line.stretch, line.shrink, total))
    const withGlue = glue?.width ?? 0
    const afterRatio = ratio(
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

  for (const word of words) {
    let pending: Word | undefined = word
    while (pending) {
      const glue = line.empty ? undefined : pending.glue
      const width = wordWidth(pending)
      if (fits(glue, width) || pending.parts.length === 0) {
        line.add(glue, pending)
        pending = undefined
        break
      }
      const split = bestSplit(glue, pending)
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
