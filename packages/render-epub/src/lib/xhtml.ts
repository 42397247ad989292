import type { Element, ElementContent, Root } from 'hast'
import { toXast } from 'hast-util-to-xast'
import { h } from 'hastscript'
import type { Root as XastRoot } from 'xast'
import { toXml } from 'xast-util-to-xml'

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
 * Serialize an XHTML content document: well-formed XML with the XHTML and
 * OPS namespaces, `xml:lang` and `lang`, from hast.
 *
 * @param document
 *   Title, language and body.
 * @returns
 *   The document, with XML declaration and doctype.
 */
export function toXhtml(document: XhtmlDocument): string {
  const html: Element = h('html', { lang: document.language }, [
    h('head', [
      h('meta', { charSet: 'utf-8' }),
      h('title', document.title),
      h('link', { rel: 'stylesheet', type: 'text/css', href: document.stylesheet ?? 'style.css' }),
    ]),
    h('body', document.body),
  ])
  const tree = toXast({ type: 'root', children: [html] } satisfies Root) as XastRoot
  const root = tree.children[0]
  if (root?.type === 'element') {
    root.attributes['xmlns:epub'] = 'http://www.idpf.org/2007/ops'
    root.attributes['xml:lang'] = document.language
    const body = root.children.find((child) => child.type === 'element' && child.name === 'body')
    if (body?.type === 'element' && document.bodyType) body.attributes['epub:type'] = document.bodyType
  }
  tree.children.unshift(
    { type: 'instruction', name: 'xml', value: 'version="1.0" encoding="UTF-8"' },
    { type: 'doctype', name: 'html' },
  )
  return toXml(tree, { closeEmptyElements: true })
}
