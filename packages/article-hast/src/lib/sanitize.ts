import type { Element, Root } from 'hast'
import { defaultSchema, type Schema } from 'hast-util-sanitize'
import { visit } from 'unist-util-visit'

/** Class names of the structure Colophon marks. */
export const roleClasses = ['headline', 'dateline', 'frame', 'embedded-title', 'byline', 'point', 'author', 'role']

const headingAttributes = [['className', ...roleClasses, 'sr-only']] as Array<[string, ...string[]]>

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
 * Make every id a valid XML name (EPUB content documents are XML) and unique
 * in the tree, and point `#` links at the new ids.
 */
export function normalizeIds(tree: Root): void {
  const seen = new Set<string>()
  const renamed = new Map<string, string>()
  visit(tree, 'element', (node: Element) => {
    const id = node.properties.id
    if (typeof id !== 'string') return
    let next = id.replace(/[^\p{L}\p{N}_.-]/gu, '-')
    if (!nameStart.test(next)) next = `id-${next}`
    const base = next
    for (let count = 1; seen.has(next); count++) next = `${base}-${count}`
    seen.add(next)
    if (next !== id && !renamed.has(id)) renamed.set(id, next)
    node.properties.id = next
  })
  if (renamed.size === 0) return
  visit(tree, 'element', (node: Element) => {
    const href = node.properties.href
    if (typeof href === 'string' && href.startsWith('#')) {
      const target = renamed.get(decodeURIComponent(href.slice(1)))
      if (target) node.properties.href = `#${target}`
    }
  })
}
