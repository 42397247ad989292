/**
 * Pure-JavaScript readers of the editions, for tests: what a PDF, an EPUB or
 * an HTML document says about itself.
 */
import { fromHtml } from 'hast-util-from-html'
import { toString as hastToString } from 'hast-util-to-string'
import JSZip from 'jszip'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { visit } from 'unist-util-visit'

/** An outline entry (bookmark), as pdf.js reads it. */
export interface PdfOutlineItem {
  title: string
  /** Named destination (a string) or explicit destination. */
  dest: unknown
  items: PdfOutlineItem[]
}

/** A structure element, as pdf.js reads it from a page's structure tree. */
export interface PdfStructElement {
  role: string
  alt?: string
  lang?: string
  /** Kids: elements, marked content (`content`) and objects such as link annotations (`object`). */
  children: Array<PdfStructElement | { type: 'content' | 'annotation' | 'object'; id: string }>
}

/** An annotation of a page. */
export interface PdfAnnotation {
  /** Object reference (`22R`), as structure elements refer to it. */
  id: string
  subtype: string
  /** Target of an external link. */
  url: string | undefined
  /** Named destination of an internal link. */
  dest: unknown
  /** Description (`Contents`). */
  contents: string
  rect: number[]
}

/** What a PDF says: Info, XMP, text per page, outline, structure, links. */
export interface PdfFacts {
  info: Record<string, unknown>
  xmp: Record<string, unknown>
  /**
   * Text of each page in reading order, without artifacts (running heads,
   * page numbers), with hyphenation at line ends undone: a hyphen added at a
   * break (U+00AD in its own marked content) joins the word back; a line
   * ending in a hyphen or dash inside a word joins the next without a space.
   */
  pages: string[]
  /** The whole text: the pages joined, a word hyphenated across a page break joined back. */
  text: string
  /** Artifact text of each page (running header, page number). */
  artifacts: string[]
  outline: PdfOutlineItem[] | null
  /** Structure tree of each page (pdf.js `getStructTree`), or null on untagged pages. */
  structure: Array<PdfStructElement | null>
  /** Annotations (links) of each page. */
  annotations: PdfAnnotation[][]
  /** Named destinations, with the page (1-based) each goes to. */
  destinations: Record<string, number>
}

type MarkedItem = { type: string; tag?: string | null; id?: string | null }
type TextItem = { str: string; hasEOL: boolean }

/** Undo breaks inside words at line ends: after a hyphen or dash that follows a letter or digit. */
function joinBrokenWords(text: string): string {
  return text.replace(/(?<=[\p{L}\p{N}][-\u2010\u2013\u2014])\n(?=[^\s])/gu, '')
}

/** Read a PDF with pdfjs. */
export async function readPdf(bytes: Uint8Array): Promise<PdfFacts> {
  const document = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false })
    .promise
  const { info, metadata } = await document.getMetadata()
  const pages: string[] = []
  const artifacts: string[] = []
  const structure: PdfFacts['structure'] = []
  const annotations: PdfFacts['annotations'] = []
  let text = ''
  let carry = false
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number)
    const content = await page.getTextContent({ includeMarkedContent: true })
    const stack: Array<{ tag: string | null; id: string | null; text: boolean }> = []
    let body = ''
    let artifact = ''
    let joinNext = false
    for (const item of content.items as Array<MarkedItem | TextItem>) {
      if ('type' in item) {
        if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') {
          stack.push({ tag: item.tag ?? null, id: item.id ?? null, text: false })
        } else if (item.type === 'endMarkedContent') {
          const ended = stack.pop()
          // An empty Span without an MCID: the hyphen added at a break (pdf.js drops U+00AD).
          if (ended?.tag === 'Span' && ended.id === null && !ended.text) joinNext = true
        }
        continue
      }
      if (item.str !== '') for (const entry of stack) entry.text = true
      if (stack.some((entry) => entry.tag === 'Artifact')) {
        artifact += `${item.str}${item.hasEOL ? '\n' : ''}`
        continue
      }
      if (joinNext && item.str === '' && item.hasEOL) {
        joinNext = false
        continue
      }
      if (item.str !== '') joinNext = false
      body += `${item.str}${item.hasEOL ? '\n' : ''}`
    }
    const pageText = joinBrokenWords(body).trim()
    pages.push(pageText)
    artifacts.push(artifact.trim())
    if (text === '') text = pageText
    else text = carry || /[\p{L}\p{N}][-\u2010]$/u.test(text) ? text + pageText : `${text}\n${pageText}`
    carry = joinNext
    structure.push((await page.getStructTree()) as PdfStructElement | null)
    annotations.push(
      (await page.getAnnotations()).map((annotation) => ({
        id: String(annotation.id),
        subtype: String(annotation.subtype),
        url: typeof annotation.url === 'string' ? annotation.url : undefined,
        dest: annotation.dest,
        contents: String(annotation.contentsObj?.str ?? annotation.contents ?? ''),
        rect: Array.from(annotation.rect as ArrayLike<number>),
      })),
    )
  }
  const outline = (await document.getOutline()) as PdfFacts['outline']
  const destinations: Record<string, number> = {}
  for (const [name, destination] of Object.entries((await document.getDestinations()) as Record<string, unknown[]>)) {
    const page = destination[0]
    destinations[name] =
      typeof page === 'number' ? page + 1 : (await document.getPageIndex(page as { num: number; gen: number })) + 1
  }
  await document.destroy()
  return {
    info: info as Record<string, unknown>,
    xmp: metadata ? Object.fromEntries(metadata as unknown as Iterable<[string, unknown]>) : {},
    pages,
    text,
    artifacts,
    outline,
    structure,
    annotations,
    destinations,
  }
}

/** A font of a PDF, from its font dictionaries. */
export interface PdfFont {
  /** `BaseFont` / `FontName`, with the subset tag. */
  name: string
  /** Whether the descriptor has the font program (`FontFile`, `FontFile2` or `FontFile3`). */
  embedded: boolean
  /** Whether the name has a subset tag (`ABCDEF+`). */
  subset: boolean
}

/**
 * The fonts of a PDF whose objects are not compressed into object streams
 * (pdfkit writes none), read from the font descriptors; plus any Type1 font
 * without a descriptor (the standard 14), as not embedded.
 */
export function pdfFonts(bytes: Uint8Array): PdfFont[] {
  const source = Buffer.from(bytes).toString('latin1')
  const fonts: PdfFont[] = []
  for (const match of source.matchAll(/\d+ 0 obj\s*<<([\s\S]*?)>>\s*endobj/g)) {
    const dictionary = match[1] as string
    if (/\/Type \/FontDescriptor/.test(dictionary)) {
      const name = /\/FontName \/(\S+)/.exec(dictionary)?.[1] ?? ''
      fonts.push({ name, embedded: /\/FontFile[23]? /.test(dictionary), subset: /^[A-Z]{6}\+/.test(name) })
    } else if (
      /\/Type \/Font\b/.test(dictionary) &&
      /\/Subtype \/Type1/.test(dictionary) &&
      !/\/FontDescriptor/.test(dictionary)
    ) {
      const name = /\/BaseFont \/(\S+)/.exec(dictionary)?.[1] ?? ''
      fonts.push({ name, embedded: false, subset: false })
    }
  }
  return fonts
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
