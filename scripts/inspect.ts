/**
 * Pure-JavaScript readers of the editions, for tests: what a PDF, an EPUB or
 * an HTML document says about itself.
 */
import { fromHtml } from 'hast-util-from-html'
import { toString as hastToString } from 'hast-util-to-string'
import JSZip from 'jszip'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { visit } from 'unist-util-visit'

/** What a PDF says: Info, XMP, text per page, outline. */
export interface PdfFacts {
  info: Record<string, unknown>
  xmp: Record<string, unknown>
  pages: string[]
  outline: Array<{ title: string; items: unknown[] }> | null
}

/** Read a PDF with pdfjs. */
export async function readPdf(bytes: Uint8Array): Promise<PdfFacts> {
  const document = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false })
    .promise
  const { info, metadata } = await document.getMetadata()
  const pages: string[] = []
  for (let number = 1; number <= document.numPages; number++) {
    const content = await (await document.getPage(number)).getTextContent()
    pages.push(
      content.items
        .map((item) => ('str' in item ? `${item.str}${item.hasEOL ? '\n' : ''}` : ''))
        .join('')
        .trim(),
    )
  }
  const outline = (await document.getOutline()) as PdfFacts['outline']
  await document.destroy()
  return {
    info: info as Record<string, unknown>,
    xmp: metadata ? Object.fromEntries(metadata as unknown as Iterable<[string, unknown]>) : {},
    pages,
    outline,
  }
}

/** The files of an EPUB, by path. */
export async function readEpub(bytes: Uint8Array): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes)
  const files = new Map<string, string>()
  for (const [path, entry] of Object.entries(zip.files)) {
    if (!entry.dir) files.set(path, await entry.async('string'))
  }
  return files
}

/** Text content of the first element `name` in an XML string, or all of them. */
export function xmlValues(xml: string, name: string): string[] {
  const pattern = new RegExp(`<${name}(?:\\s[^>]*)?>([^<]*)</${name}>`, 'g')
  return [...xml.matchAll(pattern)].map((match) =>
    (match[1] as string)
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&'),
  )
}

/** The JSON-LD objects of an HTML document. */
export function jsonLd(html: string): Array<Record<string, unknown>> {
  const found: Array<Record<string, unknown>> = []
  visit(fromHtml(html), 'element', (node) => {
    if (node.tagName === 'script' && node.properties.type === 'application/ld+json') {
      found.push(JSON.parse(hastToString(node)))
    }
  })
  return found
}
