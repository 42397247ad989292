import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { buildDate, type Metadata, toPdfInfo, toXmp } from '@colophon/remark-metadata'
import type { Element, ElementContent, Root } from 'hast'
import { toString as hastToString } from 'hast-util-to-string'
import PDFDocument from 'pdfkit'
import type { VFile } from 'vfile'

/** Configuration for `renderPdf`. */
export interface Options {
  /** Paper size: a pdfkit size name such as `A4` or `LETTER`, or `[width, height]` in points (default: `A4`). */
  size?: string | [number, number] | undefined
  /** The build date (default: `SOURCE_DATE_EPOCH`, else the article's date). */
  date?: Date | undefined
}

/** `source` of every message this package emits. */
export const messageSource = 'colophon-pdf'

const require = createRequire(import.meta.url)
const fontFiles = {
  regular: '@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf',
  italic: '@expo-google-fonts/noto-serif/400Regular_Italic/NotoSerif_400Regular_Italic.ttf',
  bold: '@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf',
} as const

let fontCache: Record<keyof typeof fontFiles, Buffer> | undefined

function fonts() {
  fontCache ??= {
    regular: readFileSync(require.resolve(fontFiles.regular)),
    italic: readFileSync(require.resolve(fontFiles.italic)),
    bold: readFileSync(require.resolve(fontFiles.bold)),
  }
  return fontCache
}

/**
 * pdfkit writes its own XMP packet from the Info dictionary, without escaping
 * it; this document writes the packet from the metadata mapping instead.
 */
class ColophonDocument extends PDFDocument {
  /** The XMP packet to embed. */
  xmp = ''

  override endMetadata(): void {
    const self = this as unknown as {
      ref(data: object): { compress: boolean; write(chunk: Uint8Array): void; end(): void }
      _root: { data: Record<string, unknown> }
    }
    const stream = self.ref({ Type: 'Metadata', Subtype: 'XML' })
    stream.compress = false // readable by tools that do not inflate streams
    stream.write(new TextEncoder().encode(this.xmp))
    stream.end()
    self._root.data.Metadata = stream
  }
}

function requireMetadata(file: VFile): Metadata {
  const metadata = file.data.metadata
  if (!metadata) {
    throw new Error(`${file.path ?? 'document'}: no metadata; run @colophon/remark-metadata before rendering the PDF`)
  }
  return metadata
}

function classOf(node: Element): string | undefined {
  return (node.properties.className as string[] | undefined)?.[0]
}

/**
 * Render the PDF edition of an article.
 *
 * @param tree
 *   The shared hast tree (from `@colophon/article-hast`).
 * @param file
 *   The document's file; `file.data.metadata` must be set.
 * @param options
 *   Configuration (optional).
 * @returns
 *   The PDF file's bytes.
 */
export async function renderPdf(tree: Root, file: VFile, options: Options = {}): Promise<Uint8Array> {
  const metadata = requireMetadata(file)
  const date = options.date ?? buildDate(metadata)
  const doc = new ColophonDocument({
    size: options.size ?? 'A4',
    margins: { top: 72, bottom: 72, left: 72, right: 72 },
    info: toPdfInfo(metadata, { date }) as unknown as PDFKit.DocumentInfo,
    lang: metadata.language,
    displayTitle: true,
    bufferPages: true,
    pdfVersion: '1.7',
    font: null as unknown as string,
  })
  doc.xmp = toXmp(metadata, { date })
  const faces = fonts()
  doc.registerFont('regular', faces.regular)
  doc.registerFont('italic', faces.italic)
  doc.registerFont('bold', faces.bold)

  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve)
    doc.on('error', reject)
  })

  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right
  const block = (node: ElementContent) => {
    if (node.type !== 'element') return
    const text = hastToString(node).replace(/\s+/g, ' ').trim()
    switch (node.tagName) {
      case 'article':
      case 'header':
      case 'section':
      case 'footer':
        node.children.forEach(block)
        return
      case 'h1':
        doc.font('bold').fontSize(20).text(text, { width, align: 'left' }).moveDown(0.5)
        return
      case 'h2':
      case 'h3':
        doc.moveDown(0.5).font('bold').fontSize(14).text(text, { width, align: 'left' }).moveDown(0.4)
        return
      case 'p': {
        const role = classOf(node)
        if (role === 'dateline' || role === 'byline') {
          doc.font('italic').fontSize(10).text(text, { width, align: 'left' }).moveDown(0.6)
        } else {
          doc
            .font(role === 'frame' ? 'italic' : 'regular')
            .fontSize(11)
            .text(text, { width, align: 'justify' })
          doc.moveDown(0.6)
        }
        return
      }
      default:
        if (text) {
          file.message(`The PDF edition has no layout for \`<${node.tagName}>\`; its text is set as a paragraph`, {
            ruleId: 'unhandled-node',
            source: messageSource,
          })
          doc.font('regular').fontSize(11).text(text, { width }).moveDown(0.6)
        }
    }
  }
  for (const node of tree.children) block(node as ElementContent)

  const range = doc.bufferedPageRange()
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index)
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc
      .font('regular')
      .fontSize(9)
      .text(String(index + 1), doc.page.margins.left, doc.page.height - 45, { width, align: 'center' })
    doc.page.margins.bottom = bottom
  }
  doc.end()
  await done
  return new Uint8Array(Buffer.concat(chunks))
}
