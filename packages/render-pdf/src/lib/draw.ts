/**
 * Drawing: placed lines, images and rules into page content streams, with
 * marked content for the structure tree (or artifacts), link annotations,
 * named destinations, and the page furniture.
 *
 * Text is written glyph by glyph from pdfkit's encoder into one `TJ` array
 * per run of a face: inter-word spaces are real space glyphs (so extraction
 * finds the words) followed by the adjustment that justification needs, and
 * a hyphen added at a break is the font's soft-hyphen glyph, which maps to
 * U+00AD in the font's ToUnicode table.
 */
import type { VFile } from 'vfile'
import type { Face, FontStack } from './fonts.js'
import type { Color, Line, LinkTarget, PdfImage, Piece, PlacedItem, PlacedLine, TextRun } from './layout.js'
import { memoByText } from './memo.js'
import { messageSource, ruleIds } from './messages.js'
import type { Settings } from './options.js'
import {
  annotationParentKey,
  contentText,
  type EmbeddedFontInternals,
  encodeGlyph,
  internals,
  nextMcid,
  type PdfDocumentInternals,
  type PdfRef,
  pdfText,
  useFont,
} from './pdfkit-internals.js'
import type { StructNode } from './structure.js'
import { drawSvg, isSvg, type SvgImage, type SvgPlacement } from './svg.js'

/** Properties of an artifact's marked content. */
export type ArtifactKind = 'layout' | 'header' | 'footer'

const artifactProperties: Record<ArtifactKind, string> = {
  layout: '/Type /Layout',
  header: '/Type /Pagination /Subtype /Header /Attached [/Top]',
  footer: '/Type /Pagination /Subtype /Footer /Attached [/Bottom]',
}

function number(value: number): string {
  const rounded = Math.round(value * 1000) / 1000
  return Object.is(rounded, -0) ? '0' : String(rounded)
}

function sameColor(a: Color | undefined, b: Color): boolean {
  return a !== undefined && a[0] === b[0] && a[1] === b[1] && a[2] === b[2]
}

function sameTarget(a: LinkTarget | undefined, b: LinkTarget | undefined): boolean {
  if (!a || !b) return a === b
  return a.kind === 'uri' ? b.kind === 'uri' && a.uri === b.uri : b.kind === 'destination' && a.name === b.name
}

/** A text's glyph codes and positions in a font: pdfkit's `encode`, once per text (it is the same each time, and allocates). */
const encoded = memoByText((font: EmbeddedFontInternals, text: string) => font.encode(text))

/** Writes pages into a pdfkit document. */
export class PageWriter {
  readonly #doc: PDFKit.PDFDocument
  readonly #pdf: PdfDocumentInternals
  readonly #settings: Settings
  readonly #tagged: boolean
  #open: StructNode | ArtifactKind | undefined
  #color: Color | undefined
  readonly #anchors = new Set<string>()
  readonly #reportedLinks = new Set<string>()
  /** Destinations that exist: links to others are not made. */
  readonly known: Set<string>

  readonly #fonts: FontStack | undefined

  /** @param fonts The document's faces, for the text of SVG images. */
  constructor(doc: PDFKit.PDFDocument, settings: Settings, known: Set<string>, fonts?: FontStack) {
    this.#doc = doc
    this.#fonts = fonts
    this.#pdf = internals(doc)
    this.#settings = settings
    this.#tagged = settings.tagged
    this.known = known
  }

  /** Start a page. */
  addPage(): void {
    this.#doc.addPage({ size: [this.#settings.pageWidth, this.#settings.pageHeight], margins: this.#settings.margins })
    this.#color = undefined
  }

  /** Close what is open at the end of a page. */
  endPage(): void {
    this.#close()
  }

  /** The current page's dictionary. */
  get pageRef(): PdfRef {
    return this.#pdf.page.dictionary
  }

  #close(): void {
    if (this.#open !== undefined) {
      this.#pdf.addContent('EMC')
      this.#open = undefined
    }
  }

  /** Open marked content for a structure element (or an artifact when it has none). */
  #mark(owner: StructNode | undefined, artifact: ArtifactKind = 'layout'): void {
    if (!this.#tagged) return
    const target = owner ?? artifact
    if (this.#open === target) return
    this.#close()
    if (owner) {
      owner.attach()
      const mcid = nextMcid(this.#pdf, owner.ref(this.#pdf))
      owner.kids.push({ kind: 'content', page: this.pageRef, mcid })
      this.#pdf.addContent(`/${owner.type} <</MCID ${mcid}>> BDC`)
    } else {
      this.#pdf.addContent(`/Artifact <<${artifactProperties[artifact]}>> BDC`)
    }
    this.#open = target
  }

  #fill(color: Color): void {
    if (sameColor(this.#color, color)) return
    this.#pdf.addContent(`${number(color[0])} ${number(color[1])} ${number(color[2])} rg`)
    this.#color = color
  }

  /** Draw what a page holds, in order. */
  drawItems(items: ReadonlyArray<PlacedItem>, file: VFile | undefined): void {
    for (const item of items) {
      switch (item.kind) {
        case 'line':
          this.drawLine(item, file)
          break
        case 'image': {
          this.#mark(item.owner)
          if (isSvg(item.image)) this.#svg(item.image, item, file)
          else
            this.#doc.image(item.image as unknown as Buffer, item.x, item.y, { width: item.width, height: item.height })
          this.#color = undefined
          if (item.link) {
            this.#link(item.link.target, item.link.owner, undefined, {
              x: item.x,
              y: item.y,
              width: item.width,
              height: item.height,
              label: item.link.label,
              file,
            })
          }
          break
        }
        case 'rect':
          this.#mark(undefined)
          this.#fill(item.color)
          this.#pdf.addContent(`${number(item.x)} ${number(item.y)} ${number(item.width)} ${number(item.height)} re f`)
          break
        case 'anchor':
          this.anchor(item.name, item.x, item.y)
          break
      }
    }
  }

  /** A named destination (the first of a name wins). */
  anchor(name: string, x: number, y: number): void {
    if (this.#anchors.has(name)) return
    this.#anchors.add(name)
    this.#doc.addNamedDestination(name, 'XYZ', x, y, null as unknown as number)
  }

  /**
   * Draw a line: its pieces grouped by structure element, each group as
   * marked content; then decorations, links and inline destinations.
   */
  drawLine(placed: PlacedLine, file: VFile | undefined, artifact: ArtifactKind = 'layout'): void {
    const { line } = placed
    const baseline = placed.y + line.baseline
    const ownerOf = (piece: Piece) =>
      placed.artifact || piece.artifact ? undefined : (piece.run?.owner ?? placed.owner)
    // A line broken at a hyphen of the text ("state-of-the-" / "art").
    const lastText = line.brokenWord ? line.pieces.findLast((piece) => !piece.glue) : undefined
    const endHyphen = lastText && !lastText.hyphen && /[\p{L}\p{N}]-$/u.test(lastText.text) ? lastText : undefined
    let start = 0
    while (start < line.pieces.length) {
      const owner = ownerOf(line.pieces[start] as Piece)
      let end = start + 1
      while (end < line.pieces.length) {
        const next = line.pieces[end] as Piece
        // A space goes with the text before it.
        if (ownerOf(next) !== owner && !next.glue) break
        end++
      }
      this.#mark(owner, artifact)
      this.#text(line.pieces.slice(start, end), placed.x, baseline, endHyphen)
      start = end
    }
    this.#decorations(placed, baseline)
    this.#links(placed, file)
    for (const piece of line.pieces) {
      for (const name of piece.run?.anchors ?? []) this.anchor(name, placed.x + piece.x, placed.y)
    }
  }

  #text(pieces: ReadonlyArray<Piece>, left: number, baseline: number, endHyphen?: Piece): void {
    const visible = pieces.filter((piece) => !(piece.glue && piece === pieces.at(-1)))
    if (visible.length === 0) return
    this.#pdf.addContent('BT')
    let index = 0
    while (index < visible.length) {
      const first = visible[index] as Piece
      let end = index + 1
      while (end < visible.length) {
        const next = visible[end] as Piece
        if (next.face !== first.face || next.size !== first.size || next.rise !== first.rise) break
        if (!sameColor(first.style.color, next.style.color)) break
        if (first.actualText !== undefined || next.actualText !== undefined) break
        end++
      }
      this.#run(visible.slice(index, end), left, baseline, endHyphen)
      index = end
    }
    this.#pdf.addContent('ET')
  }

  /**
   * One `TJ` for pieces in one face, size and colour, from the first piece's
   * position. The hyphen of `endHyphen` (a hyphen of the text that ends the
   * line) is written as U+2010 HYPHEN, the font's glyph for it when it has
   * one apart from the hyphen-minus: extractors (pdftotext) take a
   * hyphen-minus at a line's end for a hyphen added at a break and drop it,
   * joining "state-of-the-" and "art" into "state-of-theart".
   */
  #run(pieces: ReadonlyArray<Piece>, left: number, baseline: number, endHyphen?: Piece): void {
    const first = pieces[0] as Piece
    const face: Face = first.face
    const size = first.size
    const font = useFont(this.#pdf, face.name)
    this.#fill(first.style.color)
    const y = baseline - first.rise
    let pen = left + first.x
    this.#pdf.addContent(`/${font.id} ${number(size)} Tf`)
    this.#pdf.addContent(`1 0 0 -1 ${number(pen)} ${number(y)} Tm`)
    if (first.actualText !== undefined) {
      // Replacement characters, with the characters they stand for, for extraction.
      this.#pdf.addContent(`/Span <</ActualText ${contentText(first.actualText)}>> BDC`)
    }
    const scale = size / 1000
    const parts: string[] = []
    let hex = ''
    const flush = () => {
      if (hex) parts.push(`<${hex}>`)
      hex = ''
    }
    const adjust = (points: number) => {
      if (Math.abs(points) < 0.0005) return
      flush()
      parts.push(number(-points / scale))
    }
    const emit = () => {
      flush()
      if (parts.length > 0) this.#pdf.addContent(`[${parts.join(' ')}] TJ`)
      parts.length = 0
    }
    /** A text's glyphs as pdfkit shapes it; a glyph moved off its place (a mark) is set by itself. */
    const glyphs = (text: string) => {
      const [codes, positions] = encoded(font, text)
      codes.forEach((code, glyph) => {
        const position = positions[glyph] as (typeof positions)[number]
        if (position.xOffset || position.yOffset) {
          emit()
          this.#pdf.addContent(
            `1 0 0 -1 ${number(pen + position.xOffset * scale)} ${number(y - position.yOffset * scale)} Tm <${code}> Tj`,
          )
          pen += position.xAdvance * scale
          this.#pdf.addContent(`1 0 0 -1 ${number(pen)} ${number(y)} Tm`)
          return
        }
        hex += code
        pen += position.xAdvance * scale
        adjust(position.xAdvance * scale - position.advanceWidth * scale)
      })
    }
    for (const piece of pieces) {
      adjust(left + piece.x - pen)
      pen = left + piece.x
      if (piece.hyphen) {
        // In its own marked content: extractors that skip the invisible
        // U+00AD (pdf.js) still see where a word was hyphenated.
        const hyphen = face.breakHyphen
        emit()
        const code = encodeGlyph(font, hyphen.glyph, [hyphen.softHyphen ? 0xad : 0x2d])
        this.#pdf.addContent(`/Span <</ActualText ${contentText('\u00AD')}>> BDC <${code}> Tj EMC`)
        pen += hyphen.advance * size
      } else if (piece === endHyphen && face.hardHyphen) {
        glyphs(piece.text.slice(0, -1))
        hex += encodeGlyph(font, face.hardHyphen.glyph, [0x2010])
        pen += face.hardHyphen.advance * size
      } else {
        glyphs(piece.text)
      }
      // Justified spaces (and any rounding) end where the layout put the piece's end.
      adjust(left + piece.x + piece.width - pen)
      pen = left + piece.x + piece.width
    }
    emit()
    if (first.actualText !== undefined) this.#pdf.addContent('EMC')
  }

  #decorations(placed: PlacedLine, baseline: number): void {
    const marks: Array<{ x: number; y: number; width: number; height: number; color: Color }> = []
    for (const piece of placed.line.pieces) {
      const thickness = Math.max(0.4, piece.size * 0.05)
      if (piece.style.underline) {
        marks.push({
          x: placed.x + piece.x,
          y: baseline + piece.size * 0.12,
          width: piece.width,
          height: thickness,
          color: piece.style.color,
        })
      }
      if (piece.style.strike === 'deletion') {
        // 0.5 pt through the middle of the x-height.
        const xHeight = (piece.face.font.xHeight || piece.face.font.unitsPerEm * 0.5) / piece.face.font.unitsPerEm
        marks.push({
          x: placed.x + piece.x,
          y: baseline - piece.rise - piece.size * xHeight * 0.5 - 0.25,
          width: piece.width,
          height: 0.5,
          color: piece.style.color,
        })
      } else if (piece.style.strike) {
        marks.push({
          x: placed.x + piece.x,
          y: baseline - piece.rise - piece.size * 0.3,
          width: piece.width,
          height: thickness,
          color: piece.style.color,
        })
      }
    }
    if (marks.length === 0) return
    this.#mark(undefined)
    for (const mark of marks) {
      this.#fill(mark.color)
      this.#pdf.addContent(`${number(mark.x)} ${number(mark.y)} ${number(mark.width)} ${number(mark.height)} re f`)
    }
  }

  #links(placed: PlacedLine, file: VFile | undefined): void {
    const pieces = placed.line.pieces
    let start = 0
    while (start < pieces.length) {
      const target = (pieces[start] as Piece).run?.link
      let end = start + 1
      while (end < pieces.length && sameTarget((pieces[end] as Piece).run?.link, target)) end++
      let last = end - 1
      while (last > start && (pieces[last] as Piece).glue) last--
      if (target && !placed.artifact) {
        const firstPiece = pieces[start] as Piece
        const lastPiece = pieces[last] as Piece
        this.#link(target, linkElement(firstPiece.run?.owner), firstPiece.run?.position, {
          x: placed.x + firstPiece.x,
          y: placed.y,
          width: lastPiece.x + lastPiece.width - firstPiece.x,
          height: placed.line.height,
          label: firstPiece.run?.linkLabel ?? '',
          file,
        })
      }
      start = end
    }
  }

  #link(
    target: LinkTarget,
    owner: StructNode | undefined,
    position: TextRun['position'],
    box: { x: number; y: number; width: number; height: number; label: string; file: VFile | undefined },
  ): void {
    if (target.kind === 'destination' && !this.known.has(target.name)) {
      if (box.file && !this.#reportedLinks.has(target.name)) {
        this.#reportedLinks.add(target.name)
        box.file.message(
          `The link to \`#${target.name}\` goes nowhere: no element has that id; it is set as plain text`,
          {
            place: position,
            ruleId: ruleIds.brokenLink,
            source: messageSource,
          },
        )
      }
      return
    }
    const options: Record<string, unknown> = { Contents: pdfText(box.label) }
    if (this.#tagged && owner) {
      owner.attach()
      options.StructParent = annotationParentKey(this.#pdf, owner.ref(this.#pdf))
    }
    if (target.kind === 'uri') this.#doc.link(box.x, box.y, box.width, box.height, target.uri, options)
    else this.#doc.goTo(box.x, box.y, box.width, box.height, target.name, options)
    if (this.#tagged && owner) {
      const annotations = this.#pdf.page.dictionary.data.Annots as PdfRef[]
      owner.kids.push({ kind: 'annotation', page: this.pageRef, annotation: annotations.at(-1) as PdfRef })
    }
  }

  /**
   * Draw a cover image over the whole page (scaled to cover it, centred,
   * what overflows clipped), as an artifact: the title it shows is the
   * document's text on the next pages.
   */
  drawCover(image: PdfImage | SvgImage): void {
    const { pageWidth, pageHeight } = this.#settings
    this.#mark(undefined)
    this.#doc.save()
    this.#doc.rect(0, 0, pageWidth, pageHeight).clip()
    if (isSvg(image)) {
      const placement = { x: 0, y: 0, width: pageWidth, height: pageHeight, preserveAspectRatio: 'xMidYMid slice' }
      this.#svg(image, placement, undefined)
    } else {
      this.#doc.image(image as unknown as Buffer, 0, 0, {
        cover: [pageWidth, pageHeight],
        align: 'center',
        valign: 'center',
      })
    }
    this.#doc.restore()
    this.#color = undefined
    this.#close()
  }

  /** Draw an SVG image (its text in the document's faces). */
  #svg(image: SvgImage, placement: SvgPlacement, file: VFile | undefined): void {
    if (!this.#fonts) throw new Error("SVG images need the document's fonts")
    const fonts = this.#fonts
    drawSvg(this.#doc, image, fonts, placement, (warning) => {
      file?.info(`An SVG image is drawn without a feature it uses: ${warning}`, {
        ruleId: ruleIds.imageUnsupported,
        source: messageSource,
      })
    })
    this.#color = undefined
  }

  /** Draw a line of page furniture (running header, page number) as a pagination artifact. */
  drawFurniture(line: Line, x: number, y: number, kind: 'header' | 'footer'): void {
    this.drawLine({ kind: 'line', line, x, y, owner: undefined, artifact: true }, undefined, kind)
    this.#close()
  }
}

/** The Link element a piece belongs to (its owner, or an ancestor of it). */
function linkElement(owner: StructNode | undefined): StructNode | undefined {
  let node = owner
  while (node && node.type !== 'Link') node = node.parent
  return node
}
