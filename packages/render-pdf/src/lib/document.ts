/**
 * The PDF document: pdfkit's, with the metadata from the mappings of
 * `@colophon/remark-metadata` (Info and XMP), the document language,
 * `DisplayDocTitle`, tagging, the faces of the font stack, and pinned dates.
 */
import type { Metadata } from '@colophon/metadata'
import { toPdfInfo, toXmp } from '@colophon/metadata'
import PDFDocument from 'pdfkit'
import type { FontStack } from './fonts.js'
import type { Settings } from './options.js'
import { internals, type PdfRef, sortDestinationsByBytes } from './pdfkit-internals.js'

/**
 * pdfkit writes its own XMP packet from the Info dictionary, without escaping
 * it; this document writes the packet from the metadata mapping instead.
 */
class ColophonDocument extends PDFDocument {
  /** The XMP packet to embed. */
  xmp = ''

  override endMetadata(): void {
    const doc = internals(this)
    const stream: PdfRef = doc.ref({ Type: 'Metadata', Subtype: 'XML' })
    stream.compress = false // readable by tools that do not inflate streams
    stream.write(new TextEncoder().encode(this.xmp))
    stream.end()
    doc._root.data.Metadata = stream
  }
}

/** A document being written, and its bytes when it ends. */
export interface OpenDocument {
  doc: PDFKit.PDFDocument
  /** End the document and collect its bytes. */
  finish(): Promise<Uint8Array>
}

/**
 * Create the document. Pages are added by the writer; CreationDate and
 * ModDate are the build date, and pdfkit derives the file identifier from
 * the Info dictionary, so equal inputs give equal bytes.
 */
export function createDocument(metadata: Metadata, settings: Settings, date: Date, fonts: FontStack): OpenDocument {
  const doc = new ColophonDocument({
    size: [settings.pageWidth, settings.pageHeight],
    margins: settings.margins,
    info: toPdfInfo(metadata, { date }) as unknown as PDFKit.DocumentInfo,
    lang: metadata.language,
    displayTitle: true,
    pdfVersion: '1.7',
    tagged: settings.tagged,
    autoFirstPage: false,
    // No standard font is ever loaded: they are Latin-1 only.
    font: null as unknown as string,
  })
  doc.xmp = toXmp(metadata, { date, pdfUa: settings.tagged })
  for (const face of fonts.faces()) doc.registerFont(face.name, face.font as unknown as Buffer)
  sortDestinationsByBytes(internals(doc))
  const chunks: Uint8Array[] = []
  doc.on('data', (chunk: Uint8Array) => chunks.push(chunk))
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve)
    doc.on('error', reject)
  })
  return {
    doc,
    async finish() {
      doc.end()
      await done
      return new Uint8Array(Buffer.concat(chunks))
    },
  }
}
