/**
 * The layout model: styled runs of text, lines of positioned pieces, the
 * blocks of the flow, and what is placed on each page.
 */
import type { Element } from 'hast'
import type { Face } from './fonts.js'
import type { StructNode } from './structure.js'

/** An RGB colour, each channel 0-1. */
export type Color = readonly [number, number, number]

/** Black text. */
export const ink: Color = [0.07, 0.07, 0.07]
/** Secondary text: datelines, running heads, page numbers. */
export const gray: Color = [0.36, 0.36, 0.36]
/** Deleted text (`<del>`): the wrong form of a replacement, as `#595959` in the HTML edition. */
export const deletionColor: Color = [0x59 / 255, 0x59 / 255, 0x59 / 255]
/** Links. */
export const linkColor: Color = [0.1, 0.27, 0.5]
/** Background of code blocks. */
export const codeBackground: Color = [0.95, 0.95, 0.94]
/** Rules. */
export const ruleColor: Color = [0.6, 0.6, 0.6]

/** How a run of text looks. */
export interface InlineStyle {
  bold: boolean
  italic: boolean
  mono: boolean
  script: 'sup' | 'sub' | undefined
  /** Struck through: `'deletion'` for a deleted form (`<del>`), a 0.5 pt line through the x-height's middle. */
  strike: boolean | 'deletion'
  underline: boolean
  color: Color
  /** Size relative to the block's size. */
  scale: number
  /** Whether the text may be hyphenated (not in another language than the document's, not in code). */
  hyphenate: boolean
}

/** Where a link goes. */
export type LinkTarget = { kind: 'uri'; uri: string } | { kind: 'destination'; name: string }

/** A run of text with one style. */
export interface TextRun {
  type: 'text'
  text: string
  style: InlineStyle
  link: LinkTarget | undefined
  /** Description of the link (its text, or its title), for the annotation's `Contents`. */
  linkLabel: string | undefined
  /** The innermost inline structure element (Link, Code, Span), if any. */
  owner: StructNode | undefined
  /** Named destinations that start at this run (ids of inline elements). */
  anchors: string[]
  /** Where the text comes from. */
  position: Element['position']
}

/** A run of text with no link, structure owner or anchors: furniture, labels, code lines. */
export function plainRun(text: string, style: InlineStyle, position?: Element['position']): TextRun {
  return { type: 'text', text, style, link: undefined, linkLabel: undefined, owner: undefined, anchors: [], position }
}

/** A forced line break (`<br>`). */
export interface BreakRun {
  type: 'break'
}

/** Inline content of a block. */
export type InlineRun = TextRun | BreakRun

/**
 * How a piece of text is set and where it comes from: one object for the
 * pieces of a run in one face, size and raise (a book has hundreds of
 * thousands of pieces).
 */
export interface PieceFormat {
  readonly face: Face
  readonly size: number
  /** Raise of the baseline (superscript positive). */
  readonly rise: number
  readonly style: InlineStyle
  /** The run the text comes from (undefined for text the renderer adds). */
  readonly run: TextRun | undefined
}

/** A positioned piece of a line. */
export class Piece {
  /** Text to draw; `\u00AD` alone for a hyphen added at a break. */
  text: string
  readonly format: PieceFormat
  /** Offset from the line's left edge. */
  x: number
  /** Width as set (glue stretched or shrunk). */
  width: number
  /** An inter-word space. */
  readonly glue: boolean
  /** The hyphen added at a break. */
  readonly hyphen: boolean
  /**
   * The text this piece stands for, when it differs from what is drawn:
   * characters no font has, drawn as U+FFFD.
   */
  readonly actualText: string | undefined
  /** Drawn as an artifact (leaders of a table of contents). */
  readonly artifact: boolean

  constructor(
    text: string,
    format: PieceFormat,
    x: number,
    width: number,
    glue: boolean,
    hyphen: boolean,
    actualText: string | undefined,
    artifact = false,
  ) {
    this.text = text
    this.format = format
    this.x = x
    this.width = width
    this.glue = glue
    this.hyphen = hyphen
    this.actualText = actualText
    this.artifact = artifact
  }

  get face(): Face {
    return this.format.face
  }

  get size(): number {
    return this.format.size
  }

  get rise(): number {
    return this.format.rise
  }

  get style(): InlineStyle {
    return this.format.style
  }

  get run(): TextRun | undefined {
    return this.format.run
  }
}

/** A line of text. */
export interface Line {
  pieces: Piece[]
  /** Height of the line box. */
  height: number
  /** Distance from the top of the line box to the baseline. */
  baseline: number
  /** Natural width of the content. */
  width: number
  /** The line ends inside a word (at a hyphen, added or not). */
  brokenWord: boolean
  /**
   * How much its spaces were stretched (positive, in multiples of their
   * stretchability) or shrunk (negative, of their shrinkability) to justify
   * it; 0 for a line set at its natural width.
   */
  ratio: number
}

/** What a block is, for summaries and tests. */
export interface BlockSource {
  tag: string
  className: string | undefined
  element: Element | undefined
}

interface BlockBase {
  /** Left edge, relative to the left margin. */
  x: number
  /** Width available. */
  width: number
  spaceBefore: number
  spaceAfter: number
  /** Keep on the page of the next block (headings). */
  keepWithNext: boolean
  /** Named destinations at the top of the block. */
  anchors: string[]
  source: BlockSource
}

/** A heading's entry in the outline. */
export interface HeadingEntry {
  level: number
  title: string
  destination: string
}

/** Lines of text: a paragraph, heading, list item, cell content, code. */
export interface TextBlock extends BlockBase {
  kind: 'text'
  lines: Line[]
  /** Element that owns the lines (P, H1…, Code, LBody…). */
  owner: StructNode | undefined
  /** Never split across pages. */
  unbreakable: boolean
  /** Fewest lines at the end and start of a page (2: no widows, no orphans). */
  minLines: number
  heading: HeadingEntry | undefined
  /** A list label drawn beside the first line. */
  label: { line: Line; x: number; owner: StructNode | undefined } | undefined
  /** Background colour behind the lines (code). */
  background: Color | undefined
}

/** An image. */
export interface ImageBlock extends BlockBase {
  kind: 'image'
  image: PdfImage
  height: number
  /** Figure element, or undefined when the image is decorative (an artifact). */
  owner: StructNode | undefined
  /** The link around the image. */
  link: ImageLink | undefined
}

/** A link around an image: where it goes, its Link element, its description. */
export interface ImageLink {
  target: LinkTarget
  owner: StructNode
  label: string
}

/** A horizontal rule (an artifact). */
export interface RuleBlock extends BlockBase {
  kind: 'rule'
  thickness: number
}

/** A cell of a table row. */
export interface TableCell {
  /** Left edge, relative to the table. */
  x: number
  width: number
  blocks: TextBlock[]
  header: boolean
}

/** A row of a table. */
export interface TableRow {
  cells: TableCell[]
  height: number
  /** A row of the table head, repeated (as an artifact) when the table continues on a new page. */
  head: boolean
  owner: StructNode | undefined
}

/** A table. */
export interface TableBlock extends BlockBase {
  kind: 'table'
  rows: TableRow[]
  padding: number
}

/** Start a new page (between the articles of a book). */
export interface PageBreakBlock extends BlockBase {
  kind: 'page-break'
  /** The new page starts an article: no running header on it. */
  articleStart: number | undefined
  /** The page it ends is a title page: no folio on it (its number still counts). */
  endsTitlePage?: boolean | undefined
}

/** A block of the flow. */
export type FlowBlock = TextBlock | ImageBlock | RuleBlock | TableBlock | PageBreakBlock

/** An opened image (pdfkit's `PDFImage`, or an SVG image: its size in CSS pixels). */
export interface PdfImage {
  readonly width: number
  readonly height: number
  readonly orientation?: number | undefined
}

/** A line placed on a page. */
export interface PlacedLine {
  kind: 'line'
  line: Line
  x: number
  y: number
  owner: StructNode | undefined
  /** Drawn as an artifact (repeated table heads). */
  artifact: boolean
}

/** An image placed on a page. */
export interface PlacedImage {
  kind: 'image'
  image: PdfImage
  x: number
  y: number
  width: number
  height: number
  owner: StructNode | undefined
  link: ImageLink | undefined
}

/** A rule or a filled rectangle (artifacts). */
export interface PlacedRect {
  kind: 'rect'
  x: number
  y: number
  width: number
  height: number
  color: Color
}

/** A named destination. */
export interface PlacedAnchor {
  kind: 'anchor'
  name: string
  x: number
  y: number
}

/** Something placed on a page, in drawing order. */
export type PlacedItem = PlacedLine | PlacedImage | PlacedRect | PlacedAnchor

/** A page of the layout. */
export interface PageLayout {
  items: PlacedItem[]
  /** Headings that start on this page. */
  headings: HeadingEntry[]
  /** The article this page belongs to (books), for the running header. */
  article: number
  /** The page starts an article (no running header). */
  articleStart: boolean
  /** A book's title page: no folio. */
  titlePage?: boolean | undefined
}
