/**
 * The parts of pdfkit's document this package uses beyond its typed API:
 * object references, the font subset of an embedded font, and the
 * structure parent tree. Kept in one place so an upgrade of pdfkit is
 * checked here (the tests cover each of them).
 */
import type * as fontkit from 'fontkit'

/** A PDF object of pdfkit's: a dictionary (`data`), written by `end()`. */
export interface PdfRef {
  readonly id: number
  data: Record<string, unknown>
  end(chunk?: string | Uint8Array): void
  write(chunk: string | Uint8Array): void
  compress: boolean
}

/** A glyph position from pdfkit's layout, in thousandths of an em. */
export interface GlyphPosition {
  xAdvance: number
  yAdvance: number
  xOffset: number
  yOffset: number
  advanceWidth: number
}

/** pdfkit's embedded font: the subset it writes and its encoder. */
export interface EmbeddedFontInternals {
  readonly id: string
  /** Glyph ids (hex, 4 digits, in the subset) and positions of a text. */
  encode(text: string): [string[], GlyphPosition[]]
  /** The font's dictionary. */
  ref(): PdfRef
  readonly subset: { includeGlyph(glyph: number): number }
  readonly widths: number[]
  readonly unicode: number[][]
  /** 1000 / unitsPerEm. */
  readonly scale: number
}

/** A number tree of pdfkit's (the structure parent tree). */
export interface PdfNumberTree {
  get(key: number): unknown
  add(key: number, value: unknown): void
}

/** A name tree of pdfkit's (named destinations). */
interface PdfNameTree {
  _compareKeys(a: string, b: string): number
}

/** The page being written. */
export interface PdfPageInternals {
  readonly width: number
  readonly height: number
  readonly dictionary: PdfRef
  readonly fonts: Record<string, PdfRef>
  readonly structParentTreeKey: number
}

/** pdfkit's document, with the internals used here. */
export interface PdfDocumentInternals {
  page: PdfPageInternals
  _font: EmbeddedFontInternals
  _root: PdfRef
  ref(data?: Record<string, unknown>): PdfRef
  font(name: string): unknown
  addContent(data: string): unknown
  getStructTreeRoot(): PdfRef
  getStructParentTree(): PdfNumberTree
  createStructParentTreeNextKey(): number
}

/** The internals of a document. */
export function internals(doc: PDFKit.PDFDocument): PdfDocumentInternals {
  return doc as unknown as PdfDocumentInternals
}

/** A text string object (pdfkit writes `String` objects as PDF text strings, UTF-16 when needed). */
export function pdfText(value: string): string {
  // pdfkit tells text strings from names (plain strings) by the String wrapper.
  return new String(value) as unknown as string
}

/** A text string for a content stream: UTF-16BE with a byte order mark, in hex. */
export function contentText(value: string): string {
  let hex = '<FEFF'
  for (let index = 0; index < value.length; index++) {
    hex += value.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0')
  }
  return `${hex}>`
}

/**
 * Select a registered face and make sure the current page lists it as a
 * resource; returns pdfkit's embedded font.
 */
export function useFont(doc: PdfDocumentInternals, name: string): EmbeddedFontInternals {
  doc.font(name)
  const font = doc._font
  doc.page.fonts[font.id] ??= font.ref()
  return font
}

/**
 * Add one glyph to a font's subset, with the text it stands for, and return
 * its code (4 hex digits) for a `TJ` string. pdfkit's encoder goes through
 * shaping, which turns some characters (the soft hyphen) into spaces.
 */
export function encodeGlyph(font: EmbeddedFontInternals, glyph: fontkit.Glyph, codePoints: number[]): string {
  const id = font.subset.includeGlyph(glyph.id)
  font.widths[id] ??= glyph.advanceWidth * font.scale
  font.unicode[id] ??= codePoints
  return id.toString(16).padStart(4, '0')
}

/** Give the next marked-content id of the current page to a structure element. */
export function nextMcid(doc: PdfDocumentInternals, owner: PdfRef): number {
  const key = doc.page.structParentTreeKey
  const parents = doc.getStructParentTree().get(key) as unknown[]
  parents.push(owner)
  return parents.length - 1
}

/** A `StructParent` key for an annotation that belongs to a structure element. */
export function annotationParentKey(doc: PdfDocumentInternals, owner: PdfRef): number {
  const key = doc.createStructParentTreeNextKey()
  doc.getStructParentTree().add(key, owner)
  return key
}

function encodedBytes(value: string): number[] {
  const ascii = [...value].every((character) => (character.codePointAt(0) as number) <= 0x7f)
  if (ascii) return [...value].map((character) => character.charCodeAt(0))
  const bytes = [0xfe, 0xff]
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index)
    bytes.push(code >> 8, code & 0xff)
  }
  return bytes
}

/**
 * Order named destinations by the bytes of their names, as the PDF
 * specification asks of name trees (pdfkit sorts with `localeCompare`,
 * which depends on the locale and differs from byte order).
 */
export function sortDestinationsByBytes(doc: PdfDocumentInternals): void {
  const names = doc._root.data.Names as PdfRef
  const tree = names.data.Dests as PdfNameTree
  tree._compareKeys = (a, b) => {
    const left = encodedBytes(a)
    const right = encodedBytes(b)
    for (let index = 0; index < Math.min(left.length, right.length); index++) {
      const difference = (left[index] as number) - (right[index] as number)
      if (difference !== 0) return difference
    }
    return left.length - right.length
  }
}
