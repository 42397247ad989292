/** Small builders and readers of hast elements, shared by the modules of this package. */
import type GithubSlugger from 'github-slugger'
import type { Element, ElementContent, Properties, Root } from 'hast'

/** `source` of every message this package emits. */
export const messageSource = 'colophon-hast'

/** A text node. */
export const text = (value: string): ElementContent => ({ type: 'text', value })

/** An element. */
export function element(tagName: string, properties: Properties, children: ElementContent[]): Element {
  return { type: 'element', tagName, properties, children }
}

/** The class names of an element (hast keeps them as a list; raw HTML may give a string). */
export function classList(node: Element): string[] {
  const value: unknown = node.properties.className
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/) : []
}

/** The target id of a `#fragment`, percent-decoded when it is valid percent-encoding (else as written). */
export function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment)
  } catch {
    return fragment
  }
}

/** Whether a node is the title block of the publication tree (`header.title-block`). */
export function isTitleBlock(node: ElementContent | Root['children'][number]): node is Element {
  return node.type === 'element' && node.tagName === 'header' && classList(node).includes('title-block')
}

/** The depth of a heading element (`h1`–`h6`), or `undefined`. */
export function headingDepth(node: ElementContent): number | undefined {
  if (node.type !== 'element') return undefined
  const match = /^h([1-6])$/.exec(node.tagName)
  return match ? Number(match[1]) : undefined
}

/** The text of a node, whitespace collapsed. */
export function textOf(node: ElementContent | Element): string {
  const collect = (child: ElementContent): string =>
    child.type === 'text' ? child.value : child.type === 'element' ? child.children.map(collect).join('') : ''
  return collect(node).replace(/\s+/g, ' ').trim()
}

/**
 * Turn text into a valid XML (and HTML) id: lowercase words joined by `-`,
 * starting with a letter, unique within the slugger.
 */
export function xmlId(slugger: GithubSlugger, value: string, prefix = ''): string {
  const slug = slugger
    .slug(value.normalize('NFKC'))
    .replace(/[^\p{L}\p{N}_.-]/gu, '')
    .replace(/^[-.]+|-+$/g, '')
  const id = `${prefix}${slug}`
  return /^\p{L}|^_/u.test(id) ? id : `h-${id || 'section'}`
}
