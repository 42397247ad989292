/**
 * Fonts: the faces a document uses, their measurements, and the font stack
 * that picks, for each character, the first face that has a glyph for it.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import * as fontkit from 'fontkit'
import type { FontOptions, FontSource } from './font-sources.js'

/** Style of a face of the text family. */
export type FaceStyle = 'regular' | 'italic' | 'bold' | 'boldItalic'

const require = createRequire(import.meta.url)

const defaultFiles = {
  regular: '@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf',
  italic: '@expo-google-fonts/noto-serif/400Regular_Italic/NotoSerif_400Regular_Italic.ttf',
  bold: '@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf',
  boldItalic: '@expo-google-fonts/noto-serif/700Bold_Italic/NotoSerif_700Bold_Italic.ttf',
  code: '@expo-google-fonts/noto-sans-mono/400Regular/NotoSansMono_400Regular.ttf',
} as const

// Characters that take no glyph of their own: they never decide the font.
const ignorable = /^[\p{Default_Ignorable_Code_Point}\p{Cc}]$/u

type Layout = (text: string, ...rest: unknown[]) => fontkit.GlyphRun

/** A font's own `layout`, and the runs it shaped for measuring that pdfkit has not taken yet. */
interface SharedRuns {
  layout: Layout
  runs: Map<string, fontkit.GlyphRun>
}

/** A class definition table of OpenType (GDEF's glyph classes), as fontkit decodes it. */
type ClassDefinition =
  | { version: 1; startGlyph: number; classValueArray: ArrayLike<number> }
  | { version: 2; classRangeRecord: ArrayLike<{ start: number; end: number; class: number }> }

/** The glyphs a font's GDEF table classes as marks (class 3). */
export function markGlyphs(font: fontkit.Font): Set<number> {
  const marks = new Set<number>()
  const classes = (font as unknown as { GDEF?: { glyphClassDef?: ClassDefinition } }).GDEF?.glyphClassDef
  if (classes?.version === 1) {
    for (let index = 0; index < classes.classValueArray.length; index++) {
      if (classes.classValueArray[index] === 3) marks.add(classes.startGlyph + index)
    }
  } else if (classes?.version === 2) {
    for (let index = 0; index < classes.classRangeRecord.length; index++) {
      const range = classes.classRangeRecord[index] as { start: number; end: number; class: number }
      if (range.class === 3) for (let glyph = range.start; glyph <= range.end; glyph++) marks.add(glyph)
    }
  }
  return marks
}

/**
 * A layout that leaves out the mark positioning features (`mark`, `mkmk`)
 * when the shaped run has no mark glyph, and else shapes again with them.
 * For a font whose mark lookups only move mark glyphs (the bundled Noto
 * faces: a test checks it), the run is the same, glyph for glyph and
 * position for position; fontkit decodes those lookups (their anchors for
 * every base and mark glyph) when a run first asks for them, which is most
 * of the cost of a font's first use, and text without combining marks never
 * needs them.
 */
function markFreeLayout(font: fontkit.Font, layout: Layout): Layout {
  let marks: Set<number> | undefined
  return (text) => {
    // A new object each time: fontkit adds the features it turns on to it.
    const run = layout(text, { mark: false, mkmk: false })
    marks ??= markGlyphs(font)
    for (const glyph of run.glyphs) if (marks.has(glyph.id)) return layout(text)
    return run
  }
}

/**
 * The runs a font shaped for measuring that the document has not drawn yet,
 * by font, with the font's own `layout`. pdfkit shapes every chunk it draws
 * again, with the same fontkit font: the run measured here is handed to it
 * instead, once (pdfkit scales its positions in place and keeps it).
 * Shaping (GSUB and GPOS lookups) is most of a font's cost.
 */
const measuredRuns = new WeakMap<fontkit.Font, SharedRuns>()

/** The parts of fontkit's GSUB and GPOS processors that a `layout` call starts with. */
interface ScriptSelector {
  /** Chooses the script, language system and features (`features`: tag -> feature table). */
  selectScript(script: unknown, language: unknown, direction: unknown): unknown
  features: object
  /** The lookups of a list of features, by lookup index. */
  lookupsForFeatures(features?: string[], exclude?: number[]): unknown[]
}

/**
 * fontkit's OpenType processors choose the script, language system and
 * features at every `layout` call; called without a language (as every call
 * here is), they walk the script's language records and rebuild the feature
 * map each time, once per distinct word. What they choose depends only on
 * the arguments and the font's tables, so a call with the arguments of the
 * call before it leaves the processor as it is and gives the same answer.
 * Then the lookups of each stage's features are gathered and sorted again
 * for every run: they depend only on the feature map and the list, and
 * fontkit only reads them.
 */
function rememberChoices(font: fontkit.Font): void {
  const engine = (font as unknown as { _layoutEngine?: { engine?: Record<string, unknown> } })._layoutEngine?.engine
  for (const key of ['GSUBProcessor', 'GPOSProcessor']) {
    const processor = engine?.[key] as ScriptSelector | null | undefined
    if (typeof processor?.selectScript !== 'function' || typeof processor.lookupsForFeatures !== 'function') continue
    const select = processor.selectScript.bind(processor)
    let last: { script: unknown; language: unknown; direction: unknown; chosen: unknown } | undefined
    processor.selectScript = (script, language, direction) => {
      if (last && last.script === script && last.language === language && last.direction === direction) {
        return last.chosen
      }
      const chosen = select(script, language, direction)
      last = { script, language, direction, chosen }
      return chosen
    }
    const gather = processor.lookupsForFeatures.bind(processor)
    const gathered = new WeakMap<object, Map<string, unknown[]>>()
    processor.lookupsForFeatures = (features = [], exclude) => {
      if (exclude !== undefined) return gather(features, exclude)
      let byList = gathered.get(processor.features)
      if (!byList) {
        byList = new Map()
        gathered.set(processor.features, byList)
      }
      const list = features.join(' ')
      let lookups = byList.get(list)
      if (!lookups) {
        lookups = gather(features)
        byList.set(list, lookups)
      }
      return lookups
    }
  }
}

function shareRuns(font: fontkit.Font, markFree: boolean): SharedRuns {
  let shared = measuredRuns.get(font)
  if (!shared) {
    rememberChoices(font)
    const own = (font.layout as Layout).bind(font)
    const layout = markFree ? markFreeLayout(font, own) : own
    const runs = new Map<string, fontkit.GlyphRun>()
    shared = { layout, runs }
    measuredRuns.set(font, shared)
    Object.defineProperty(font, 'layout', {
      configurable: true,
      writable: true,
      value: (text: string, ...rest: unknown[]) => {
        if (!rest.every((argument) => argument === undefined)) return own(text, ...rest)
        const run = runs.get(text)
        if (!run) return layout(text)
        runs.delete(text)
        return run
      },
    })
  }
  return shared
}

/** One font, with cached measurements and glyph coverage. */
export class Face {
  /** Name the face is registered under in the PDF document. */
  readonly name: string
  /** The parsed font. */
  readonly font: fontkit.Font
  /** Ascender and descender as fractions of the em (descender negative). */
  readonly ascent: number
  readonly descent: number
  readonly #widths = new Map<string, number>()
  readonly #shared: SharedRuns
  readonly #coverage = new Map<number, boolean>()
  #breakHyphen: BreakHyphen | undefined
  #hardHyphen: BreakHyphen | undefined | null = null
  #axis: number | undefined

  /**
   * @param markFree
   *   Whether the font's mark positioning only moves its mark glyphs, so that
   *   runs without one are shaped without it (true of the bundled faces).
   */
  constructor(name: string, font: fontkit.Font, markFree = false) {
    this.name = name
    this.font = font
    this.#shared = shareRuns(font, markFree)
    this.ascent = font.ascent / font.unitsPerEm
    this.descent = font.descent / font.unitsPerEm
  }

  /** Whether the font has a glyph for a code point. */
  has(codePoint: number): boolean {
    let known = this.#coverage.get(codePoint)
    if (known === undefined) {
      known = this.font.hasGlyphForCodePoint(codePoint)
      this.#coverage.set(codePoint, known)
    }
    return known
  }

  /**
   * Advance width of a text in ems. Measured as pdfkit lays text out when
   * it writes it (chunks ending at a space, each shaped on its own), so the
   * measure and the drawing agree.
   */
  advance(text: string): number {
    let total = 0
    let start = 0
    for (let index = 0; index < text.length; index++) {
      if (text[index] === ' ' || text[index] === '\t') {
        total += this.#chunk(text.slice(start, index + 1))
        start = index + 1
      }
    }
    if (start < text.length) total += this.#chunk(text.slice(start))
    return total
  }

  /** Advance width of a text in points at a size. */
  width(text: string, size: number): number {
    return this.advance(text) * size
  }

  /**
   * The glyph set at a line break inside a word: the font's own soft hyphen
   * (U+00AD) when it draws one, so text extraction knows the hyphen is not
   * part of the word; otherwise the hyphen-minus.
   */
  get breakHyphen(): BreakHyphen {
    if (!this.#breakHyphen) {
      const soft = this.has(0xad) ? this.font.glyphForCodePoint(0xad) : undefined
      const drawn = soft !== undefined && soft.id !== 0 && soft.path.commands.length > 0
      const glyph = drawn ? soft : this.font.glyphForCodePoint(0x2d)
      this.#breakHyphen = { glyph, softHyphen: drawn, advance: glyph.advanceWidth / this.font.unitsPerEm }
    }
    return this.#breakHyphen
  }

  /**
   * The font's glyph for U+2010 HYPHEN, when it is not the hyphen-minus's
   * glyph and has the same advance (so it can stand for a hyphen of the
   * text at a line's end without moving anything); else `undefined`.
   */
  get hardHyphen(): BreakHyphen | undefined {
    if (this.#hardHyphen === null) {
      const minus = this.font.glyphForCodePoint(0x2d)
      const hyphen = this.has(0x2010) ? this.font.glyphForCodePoint(0x2010) : undefined
      const usable =
        hyphen !== undefined &&
        hyphen.id !== 0 &&
        hyphen.id !== minus.id &&
        hyphen.path.commands.length > 0 &&
        hyphen.advanceWidth === minus.advanceWidth
      this.#hardHyphen = usable
        ? { glyph: hyphen, softHyphen: false, advance: hyphen.advanceWidth / this.font.unitsPerEm }
        : undefined
    }
    return this.#hardHyphen
  }

  /** Height of the middle of the en dash (else the hyphen) above the baseline, in ems: the dash's axis. */
  get axis(): number {
    if (this.#axis === undefined) {
      const dash = this.font.glyphForCodePoint(this.has(0x2013) ? 0x2013 : 0x2d)
      this.#axis = dash.id === 0 ? this.ascent / 3 : (dash.bbox.minY + dash.bbox.maxY) / 2 / this.font.unitsPerEm
    }
    return this.#axis
  }

  /** Height of the middle of a text's glyphs above the baseline, in ems. */
  middle(text: string): number {
    let low = Number.POSITIVE_INFINITY
    let high = Number.NEGATIVE_INFINITY
    for (const glyph of this.#shared.layout(text).glyphs) {
      if (glyph.path.commands.length === 0) continue
      low = Math.min(low, glyph.bbox.minY)
      high = Math.max(high, glyph.bbox.maxY)
    }
    return Number.isFinite(low) ? (low + high) / 2 / this.font.unitsPerEm : this.axis
  }

  #chunk(text: string): number {
    let width = this.#widths.get(text)
    if (width === undefined) {
      const run = this.#shared.layout(text)
      width = run.advanceWidth / this.font.unitsPerEm
      this.#widths.set(text, width)
      this.#shared.runs.set(text, run)
    }
    return width
  }
}

/** The glyph of a hyphen added at a line break. */
export interface BreakHyphen {
  glyph: fontkit.Glyph
  /** Whether the glyph is the font's U+00AD (else U+002D). */
  softHyphen: boolean
  /** Advance in ems. */
  advance: number
}

/** A piece of text set in one face. */
export interface FaceRun {
  text: string
  face: Face
  /** No face of the stack has these characters (the run is in the first face). */
  missing: boolean
}

/**
 * Font files read, by path: the bytes only. Each document opens its own
 * fontkit font from them, since fontkit keeps the glyphs it made, with the
 * characters first seen for them, and pdfkit writes those into the text map
 * (ToUnicode): a font shared between documents made one document's bytes
 * depend on the documents rendered before it in the same process.
 */
const fontFiles = new Map<string, Buffer>()

function openFont(source: FontSource, what: string): fontkit.Font {
  const src = typeof source === 'object' && !(source instanceof Uint8Array) ? source.src : source
  const postscriptName =
    typeof source === 'object' && !(source instanceof Uint8Array) ? source.postscriptName : undefined
  let result: fontkit.Font | fontkit.FontCollection
  try {
    let bytes: Buffer
    if (typeof src === 'string') {
      bytes = fontFiles.get(src) ?? readFileSync(src)
      fontFiles.set(src, bytes)
    } else bytes = Buffer.from(src.buffer, src.byteOffset, src.byteLength)
    result = fontkit.create(bytes, postscriptName)
  } catch (error) {
    throw new Error(`Cannot read the ${what} font${typeof src === 'string' ? ` ${src}` : ''}: ${String(error)}`)
  }
  if (!result) throw new Error(`The ${what} font has no font named ${postscriptName}`)
  const font = 'fonts' in result ? result.fonts[0] : result
  if (!font) throw new Error(`The ${what} font collection is empty`)
  return font
}

/**
 * The faces of a document and the order they are tried in: the text family
 * (in the run's style), then each fallback, then the monospace face; code is
 * set in the monospace face first.
 */
export class FontStack {
  readonly body: Readonly<Record<FaceStyle, Face>>
  readonly code: Face
  readonly fallbacks: readonly Face[]
  readonly #segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' })
  readonly #stacks = new Map<string, ReadonlyArray<Face>>()

  constructor(options: FontOptions = {}) {
    const body = options.body
    // The bundled faces are shaped without mark positioning where a run has no mark (see `markFreeLayout`).
    const bundled = body === undefined
    const regular = openFont(body?.regular ?? require.resolve(defaultFiles.regular), 'text')
    const style = (name: Exclude<FaceStyle, 'regular'>) =>
      body
        ? body[name]
          ? openFont(body[name], `text (${name})`)
          : regular
        : openFont(require.resolve(defaultFiles[name]), `text (${name})`)
    this.body = {
      regular: new Face('body-regular', regular, bundled),
      italic: new Face('body-italic', style('italic'), bundled),
      bold: new Face('body-bold', style('bold'), bundled),
      boldItalic: new Face('body-boldItalic', style('boldItalic'), bundled),
    }
    this.code = new Face(
      'code',
      openFont(options.code ?? require.resolve(defaultFiles.code), 'code'),
      options.code === undefined,
    )
    this.fallbacks = (options.fallback ?? []).map(
      (source, index) => new Face(`fallback-${index + 1}`, openFont(source, `fallback ${index + 1}`)),
    )
  }

  /** Every face, once each, in registration order. */
  faces(): Face[] {
    return [this.body.regular, this.body.italic, this.body.bold, this.body.boldItalic, this.code, ...this.fallbacks]
  }

  /** The faces tried for a style, in order (one list per style, asked for by every run). */
  stack(style: FaceStyle, mono: boolean): ReadonlyArray<Face> {
    const key = `${style}${mono ? ' mono' : ''}`
    let faces = this.#stacks.get(key)
    if (!faces) {
      faces = mono ? [this.code, this.body[style], ...this.fallbacks] : [this.body[style], ...this.fallbacks, this.code]
      this.#stacks.set(key, faces)
    }
    return faces
  }

  /**
   * Split a text into runs, each in the first face of the stack that has
   * every character of it; characters no face has are marked `missing`.
   */
  split(text: string, style: FaceStyle, mono: boolean): FaceRun[] {
    const faces = this.stack(style, mono)
    const primary = faces[0] as Face
    if (this.#covers(primary, text)) return [{ text, face: primary, missing: false }]
    const runs: FaceRun[] = []
    for (const { segment } of this.#segmenter.segment(text)) {
      const face = faces.find((candidate) => this.#covers(candidate, segment))
      const missing = face === undefined
      const chosen = face ?? primary
      const last = runs.at(-1)
      if (last && last.face === chosen && last.missing === missing) last.text += segment
      else runs.push({ text: segment, face: chosen, missing })
    }
    return runs
  }

  /**
   * The face that draws the replacement character (U+FFFD) set for
   * characters no face has, or `undefined` when none has it either.
   */
  replacementFace(style: FaceStyle, mono: boolean): Face | undefined {
    return this.stack(style, mono).find((face) => face.has(0xfffd))
  }

  #covers(face: Face, text: string): boolean {
    for (const character of text) {
      const codePoint = character.codePointAt(0) as number
      if (codePoint === 0x20 || ignorable.test(character)) continue
      if (!face.has(codePoint)) return false
    }
    return true
  }
}

/** `U+00AD`-style name of a character. */
export function codePointLabel(character: string): string {
  return `U+${(character.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`
}
