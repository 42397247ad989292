/**
 * Words: a block's runs cut into words (the text between spaces, in one
 * face or several), each with the space before it and the places it may
 * break: hyphenation points, hyphens and dashes of its own, zero-width
 * spaces. Both line breakers work on words.
 */
import type { Face, FaceStyle, FontStack } from './fonts.js'
import type { BreakPoint, Hyphenator } from './hyphenation.js'
import type { InlineRun, InlineStyle, PieceFormat, TextRun } from './layout.js'
import { memoByText } from './memo.js'

/** Horizontal alignment of lines. */
export type Align = 'justify' | 'left' | 'center' | 'right'

/** Width and indent of one line. */
export interface LineShape {
  readonly width: number
  readonly indent: number
}

/**
 * Every line the same width, without indent. One object for all lines:
 * the breakers ask for a line's shape for every break they weigh.
 */
export function constantShape(width: number): (index: number) => LineShape {
  const shape: LineShape = { width, indent: 0 }
  return () => shape
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

/** Text in one face: a word, or a piece of one. */
export interface Part {
  /** The same face, size, raise, style and run, shared by the pieces set from them. */
  format: PieceFormat
  text: string
  face: Face
  size: number
  rise: number
  style: InlineStyle
  run: TextRun
  actualText: string | undefined
  width: number
}

/** An inter-word space: its natural width, and how far it may stretch and shrink. */
export interface Glue {
  /** The same face, size, raise, style and run, shared by the pieces set from them. */
  format: PieceFormat
  face: Face
  size: number
  rise: number
  style: InlineStyle
  run: TextRun
  width: number
  stretch: number
  shrink: number
}

/** A place a word may break: after `offset` code units of part `part`. */
export interface WordBreak {
  part: number
  offset: number
  hyphen: boolean
}

/** A word, the space before it, and its break points. */
export interface Word {
  glue: Glue | undefined
  parts: Part[]
  breaks: WordBreak[]
  /** A forced line break follows. */
  forced: boolean
}

/** A hyphen added at a break. */
export interface Hyphen {
  hyphen: true
  format: PieceFormat
  face: Face
  size: number
  rise: number
  style: InlineStyle
  run: TextRun
  width: number
}

/** What a line holds. */
export type Item = Part | Glue | Hyphen

/** How far a space may stretch and shrink, as a fraction of its width (TeX's are 1/2 and 1/3). */
const stretchRatio = 0.5
const shrinkRatio = 0.3
/** Grapheme clusters. */
export const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' })
/** Mathematical symbols (arrows among them): drawn from another face, they are centred on the dash axis. */
const symbols = /^\p{Sm}+$/u
/** Arrows. */
const arrows = /^[\u2190-\u21FF\u27F0-\u27FF\u2900-\u297F]+$/u

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

export function isGlue(item: Item): item is Glue {
  return 'stretch' in item
}

export function isHyphen(item: Item): item is Hyphen {
  return 'hyphen' in item
}

export function wordWidth(word: Word): number {
  let width = 0
  for (const part of word.parts) width += part.width
  return width
}

/** One string for every piece of the same text in a face (each repeat of a word would be a string of its own). */
const sharedText = memoByText((_face: Face, text: string) => text)

export function slicePart(part: Part, start: number, end?: number): Part {
  const text = sharedText(part.face, part.text.slice(start, end))
  // A replacement part has one U+FFFD per grapheme of the text it stands for.
  const actualText =
    part.actualText === undefined
      ? undefined
      : [...graphemes.segment(part.actualText)]
          .slice(start, end)
          .map((item) => item.segment)
          .join('')
  return { ...part, text, actualText, width: part.face.width(text, part.size) }
}

/** Split a word at a break: the head (with the word's space before it) and the tail. */
export function splitWord(word: Word, at: WordBreak): { head: Word; tail: Word } {
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

/** Where a token (text between spaces) may break: the hyphenator's points and after its dashes, in order. */
function breaksOf(hyphenator: Hyphenator, token: string, soft: boolean): ReadonlyArray<BreakPoint> {
  return [
    ...hyphenator.breakPoints(token, soft),
    ...dashBreaks(token).map((offset) => ({ offset, hyphen: false })),
  ].sort((a, b) => a.offset - b.offset)
}

/** `breaksOf`, once per hyphenator and token: with soft hyphens, and without. */
const softBreaks = memoByText((hyphenator: Hyphenator, token: string) => breaksOf(hyphenator, token, true))
const hardBreaks = memoByText((hyphenator: Hyphenator, token: string) => breaksOf(hyphenator, token, false))

function tokenBreaks(hyphenator: Hyphenator, token: string, soft: boolean): ReadonlyArray<BreakPoint> {
  return soft ? softBreaks(hyphenator, token) : hardBreaks(hyphenator, token)
}

/** Turn runs into words, each with its break points and the space before it. */
export function toWords(runs: ReadonlyArray<InlineRun>, settings: BreakSettings): Word[] {
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
    // Formats of the run's pieces (a symbol drawn from another face has its own size and raise).
    const formats: PieceFormat[] = []
    const formatOf = (face: Face, size: number, rise: number): PieceFormat => {
      let format = formats.find((known) => known.face === face && known.size === size && known.rise === rise)
      if (!format) {
        format = { face, size, rise, style: run.style, run }
        formats.push(format)
      }
      return format
    }
    const style = faceStyle(run.style)
    const mono = run.style.mono
    // The run's own face: spaces are set in it, and symbols another face draws are set to its axis.
    const primary = settings.fonts.stack(style, mono)[0] as Face
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
            const face = primary
            const width = face.width(' ', size)
            pendingGlue = {
              format: formatOf(face, size, rise),
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
      // A zero-width space is a break; a soft hyphen in the text, a break with
      // a hyphen (the author's); word joiners and byte order marks are dropped.
      const pieces = token.replace(/[\u2060\uFEFF]/g, '').split(/([\u200B\u00AD])/)
      let separator: string | undefined
      pieces.forEach((piece, index) => {
        if (index % 2 === 1) {
          separator = piece
          return
        }
        const lastPart = word.parts.at(-1)
        if (separator && lastPart && !mono) {
          word.breaks.push({
            part: word.parts.length - 1,
            offset: lastPart.text.length,
            hyphen: separator === '\u00AD',
          })
        }
        separator = undefined
        if (piece === '') return
        const points = mono ? [] : tokenBreaks(settings.hyphenator, piece, settings.hyphenate && run.style.hyphenate)
        let start = 0
        for (const faceRun of settings.fonts.split(piece, style, mono)) {
          const end = start + faceRun.text.length
          let text = faceRun.text
          let face = faceRun.face
          let actualText: string | undefined
          if (faceRun.missing) {
            // Never the font's .notdef box (PDF/UA forbids it): U+FFFD, standing for the characters.
            settings.onMissing(run, faceRun.text)
            const replacement = settings.fonts.replacementFace(style, mono)
            if (replacement) {
              actualText = text
              text = '\uFFFD'.repeat([...graphemes.segment(faceRun.text)].length)
              face = replacement
            }
          }
          // A symbol another face draws (an arrow of the monospace face in serif text) sits on the
          // text's dash axis, not where its own font puts it; the monospace face's arrows, drawn to
          // fit its narrow cell, are set larger, as long as an en dash.
          const symbol = !mono && face !== primary && symbols.test(text)
          const symbolSize = symbol && face === settings.fonts.code && arrows.test(text) ? size * 1.3 : size
          const symbolRise = symbol ? rise + primary.axis * size - face.middle(text) * symbolSize : rise
          word.parts.push({
            format: formatOf(face, symbolSize, symbolRise),
            text: sharedText(face, text),
            face,
            size: symbolSize,
            rise: symbolRise,
            style: run.style,
            run,
            actualText,
            width: face.width(text, symbolSize),
          })
          for (const point of actualText === undefined ? points : []) {
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
