import type { ElementContent } from 'hast'
import { Assembly } from './assemble.js'

/** What an XHTML content document needs besides its body. */
export interface XhtmlDocument {
  /** `<title>` of the document. */
  title: string
  /** BCP 47 language of the document. */
  language: string
  /** Children of `<body>`. */
  body: ElementContent[]
  /** Stylesheet href, relative to the document (default: `style.css`). */
  stylesheet?: string | undefined
  /** `epub:type` of the body (for example `frontmatter`). */
  bodyType?: string | undefined
}

/**
 * Serialize an XHTML content document on its own, exactly as `packageEpub`
 * writes one into the EPUB: epub-gen-memory's chapter normalization, made
 * lossless, in Colophon's chapter template (XHTML and OPS namespaces,
 * `xml:lang` and `lang`). Images keep their `src`.
 *
 * @param document
 *   Title, language and body.
 * @returns
 *   The document, with XML declaration and doctype.
 */
export function toXhtml(document: XhtmlDocument): string {
  const filename = 'document.xhtml'
  const assembly = new Assembly({
    title: document.title,
    language: document.language,
    identifier: '',
    tocTitle: document.title,
    authors: [],
    opfMetadata: '',
    documents: [
      {
        id: 'document',
        filename,
        title: document.title,
        language: document.language,
        body: document.body,
        bodyType: document.bodyType,
        toc: [],
      },
    ],
    resources: [],
    stylesheets: [document.stylesheet ?? 'style.css'],
    requireImageBytes: false,
  })
  return assembly.document(filename)
}

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value
  if (node.type === 'element') return node.children.map(textOf).join('')
  return ''
}

/** Every character a content document shows: its title and the text of its body. */
export function documentText(document: { title: string; body: ReadonlyArray<ElementContent> }): string {
  return `${document.title}${document.body.map(textOf).join('')}`
}
