import type { Element, Root } from 'hast'
import { defaultSchema, type Schema } from 'hast-util-sanitize'
import { visit } from 'unist-util-visit'
import { decodeFragment } from './elements.js'

/** Class names of the structure Colophon marks. */
export const roleClasses = ['headline', 'dateline', 'frame', 'embedded-title', 'byline', 'point', 'author', 'role']

const headingAttributes = [['className', ...roleClasses, 'sr-only']] as Array<[string, ...string[]]>

type AttributeList = NonNullable<Schema['attributes']>[string]

/** HTML 4 presentational attributes that GitHub's schema keeps on every element; HTML5 and EPUB 3 reject them. */
const obsolete = new Set([
  'abbr',
  'align',
  'axis',
  'border',
  'cellPadding',
  'cellSpacing',
  'char',
  'charOff',
  'charSet',
  'clear',
  'color',
  'compact',
  'frame',
  'hSpace',
  'height',
  'noHref',
  'noShade',
  'noWrap',
  'rev',
  'rules',
  'size',
  'span',
  'start',
  'summary',
  'vAlign',
  'width',
])

const nameOf = (attribute: AttributeList[number]) => (Array.isArray(attribute) ? attribute[0] : attribute)
const allowed = (list: AttributeList | undefined): AttributeList =>
  (list ?? []).filter((attribute) => !obsolete.has(nameOf(attribute)))
const cellAlign: AttributeList[number] = ['align', 'left', 'center', 'right']

/**
 * What survives in an article: GitHub's schema (no scripts, styles, event
 * handlers, forms or frames; links only to http, https, mailto, relative and
 * `#` targets; images only from http, https and relative paths), plus the
 * elements and classes of Colophon's structure (`time[datetime]`, `cite`,
 * `figure`, role classes). Ids are kept as written: the editions run no
 * scripts that clobbering could fool, and ids are made valid and unique
 * afterwards (`normalizeIds`).
 */
export const articleSchema: Schema = {
  ...defaultSchema,
  tagNames: [...(defaultSchema.tagNames ?? []), 'time', 'cite', 'figure', 'figcaption', 'abbr', 'mark', 'small'],
  attributes: {
    ...defaultSchema.attributes,
    // What HTML5 still has of them stays where it belongs; a table cell's alignment becomes a class (`alignCells`).
    '*': allowed(defaultSchema.attributes?.['*']),
    img: [...(defaultSchema.attributes?.img ?? []), 'width', 'height'],
    ol: [...(defaultSchema.attributes?.ol ?? []), 'start', 'reversed'],
    col: ['span'],
    colgroup: ['span'],
    th: [...allowed(defaultSchema.attributes?.th), 'abbr', 'scope', cellAlign],
    td: [...allowed(defaultSchema.attributes?.td), cellAlign],
    p: [['className', ...roleClasses]],
    span: [['className', 'author', 'role']],
    time: ['dateTime'],
    abbr: ['title'],
    h1: headingAttributes,
    h2: headingAttributes,
    h3: headingAttributes,
    h4: headingAttributes,
    h5: headingAttributes,
    h6: headingAttributes,
  },
  clobber: [],
}

const nameStart = /^[\p{L}_]/u

/**
 * Turn the `align` of table cells (Markdown tables give it; HTML5 and EPUB 3
 * reject it) into a class, `align-left`, `align-center` or `align-right`,
 * which the editions' stylesheets set.
 */
export function alignCells(tree: Root | Element): void {
  visit(tree, 'element', (node: Element) => {
    if (node.tagName !== 'td' && node.tagName !== 'th') return
    const align = node.properties.align
    if (align === undefined) return
    node.properties.align = undefined
    if (typeof align !== 'string' || !['left', 'center', 'right'].includes(align)) return
    const classes = Array.isArray(node.properties.className) ? node.properties.className : []
    node.properties.className = [...classes, `align-${align}`]
  })
}

/**
 * Make every id a valid XML name (EPUB content documents are XML) and unique
 * in the tree, and point `#` links at the new ids.
 */
export function normalizeIds(tree: Root): void {
  const seen = new Set<string>()
  const firsts = new Set<string>()
  const renamed = new Map<string, string>()
  visit(tree, 'element', (node: Element) => {
    const id = node.properties.id
    if (typeof id !== 'string') return
    let next = id.replace(/[^\p{L}\p{N}_.-]/gu, '-')
    if (!nameStart.test(next)) next = `id-${next}`
    const base = next
    for (let count = 1; seen.has(next); count++) next = `${base}-${count}`
    seen.add(next)
    // Links follow the first element of an id, as browsers do; later copies are renamed apart.
    if (!firsts.has(id)) {
      firsts.add(id)
      if (next !== id) renamed.set(id, next)
    }
    node.properties.id = next
  })
  if (renamed.size === 0) return
  visit(tree, 'element', (node: Element) => {
    const href = node.properties.href
    if (typeof href === 'string' && href.startsWith('#')) {
      const target = renamed.get(decodeFragment(href.slice(1)))
      if (target) node.properties.href = `#${target}`
    }
  })
}
