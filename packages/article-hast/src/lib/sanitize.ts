import type { Element, ElementContent, Root, RootContent } from 'hast'
import { phrasing } from 'hast-util-phrasing'
import { defaultSchema, type Schema } from 'hast-util-sanitize'
import { normalizeUri } from 'micromark-util-sanitize-uri'
import type { Position } from 'unist'
import { visit } from 'unist-util-visit'
import type { VFile } from 'vfile'
import { decodeFragment, element, messageSource } from './elements.js'

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
 * `figure`, role classes), less `<picture>` and `<source>` (their `srcset`
 * escapes the checks every image passes; the `<img>` inside stays). Ids are kept as written: the editions run no
 * scripts that clobbering could fool, and ids are made valid and unique
 * afterwards (`normalizeIds`).
 */
export const articleSchema: Schema = {
  ...defaultSchema,
  tagNames: [
    // A `<picture>`'s sources (`srcset`) would bypass the image checks and the EPUB's manifest: its `<img>` stays.
    ...(defaultSchema.tagNames ?? []).filter((name) => name !== 'picture' && name !== 'source'),
    'time',
    'cite',
    'figure',
    'figcaption',
    'abbr',
    'mark',
    'small',
  ],
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
  // Removed with their content, which is not text a reader sees: code, style rules, inert templates.
  strip: ['script', 'style', 'template'],
}

/**
 * Say what the sanitizer will take out of raw HTML, before it does: each
 * element `schema` does not allow, once per tag name with the first place
 * and a count. Elements it strips (`script`, `style`, `template`) go with
 * their content (`raw-html-removed`); the others go, their content stays
 * (`raw-html-unwrapped`). Attributes are not reported.
 *
 * @param tree
 *   The tree after raw HTML was parsed, before sanitizing.
 * @param file
 *   Its file, for the messages.
 * @param schema
 *   The sanitizer's schema (default: `articleSchema`).
 */
export function reportUnsafeHtml(tree: Root, file: VFile, schema: Schema = articleSchema): void {
  const found = new Map<string, { count: number; place: Position | undefined; stripped: boolean }>()
  const allowed = new Set(schema.tagNames ?? [])
  const strip = new Set(schema.strip ?? [])
  const stack: string[] = []
  const walk = (node: Root | RootContent): void => {
    if (node.type === 'element') {
      const name = node.tagName
      const ancestors = schema.ancestors?.[name]
      const safe = allowed.has(name) && (!ancestors || ancestors.some((ancestor) => stack.includes(ancestor)))
      if (!safe) {
        const seen = found.get(name)
        if (seen) seen.count++
        else found.set(name, { count: 1, place: node.position, stripped: strip.has(name) })
        if (strip.has(name)) return
      }
      stack.push(name)
      for (const child of node.children) walk(child)
      stack.pop()
    } else if (node.type === 'root') {
      for (const child of node.children) walk(child)
    }
  }
  walk(tree)
  for (const [name, { count, place, stripped }] of found) {
    const times = count > 1 ? ` (${count} times)` : ''
    const reason = stripped
      ? `Removed raw HTML \`<${name}>\` and its content${times}: the editions keep no scripts, styles or templates`
      : `Removed raw HTML \`<${name}>\`${times}, which the editions do not allow; its content is kept`
    file.message(reason, {
      place,
      ruleId: stripped ? 'raw-html-removed' : 'raw-html-unwrapped',
      source: messageSource,
    })
  }
}

/** Whether a node and everything in it is phrasing content (a link holding a `<div>` is not). */
function phrasingTree(node: RootContent): boolean {
  if (node.type === 'comment' || node.type === 'doctype') return true
  if (!phrasing(node)) return false
  return node.type !== 'element' || node.children.every(phrasingTree)
}

/** Children of a `<pre>` with every block inside taken apart: a `<pre>` holds phrasing content only. */
function phrasingOnly(children: ElementContent[]): ElementContent[] {
  return children.flatMap((child) =>
    child.type === 'element' && !phrasingTree(child) ? phrasingOnly(child.children) : [child],
  )
}

/**
 * Repair what raw HTML leaves that HTML5 and EPUB 3 do not allow, keeping
 * the text: text and inline elements at the top level (after an unmatched
 * end tag, or from an element the sanitizer took away) go into paragraphs;
 * blocks inside a `<pre>` (a Markdown paragraph inside raw `<pre>`) are taken
 * apart, their text kept; table rows without cells (their content moved out
 * of the table by the HTML parser) are removed.
 *
 * @param tree
 *   The sanitized tree (changed in place).
 */
export function repairContentModel(tree: Root): void {
  visit(tree, 'element', (node: Element, index, parent) => {
    if (node.tagName === 'pre') {
      node.children = phrasingOnly(node.children)
      return 'skip'
    }
    if (node.tagName === 'tr' && parent && index !== undefined) {
      const cells = node.children.some((child) => child.type === 'element' && /^t[dh]$/.test(child.tagName))
      if (!cells) {
        parent.children.splice(index, 1)
        return index
      }
    }
    return undefined
  })
  const children: RootContent[] = []
  let run: ElementContent[] = []
  const flush = () => {
    const content = run.some((node) => node.type === 'element' || (node.type === 'text' && node.value.trim()))
    if (content) {
      // Whitespace at the edges of a run is the source's line breaks.
      const first = run[0]
      const last = run[run.length - 1]
      if (first?.type === 'text') first.value = first.value.trimStart()
      if (last?.type === 'text') last.value = last.value.trimEnd()
      const start = run.find((node) => node.position)?.position?.start
      const end = run.findLast((node) => node.position)?.position?.end
      const paragraph = element('p', {}, run)
      if (start && end) paragraph.position = { start, end }
      children.push(paragraph)
    }
    run = []
  }
  for (const child of tree.children) {
    if (child.type === 'text' || (child.type === 'element' && phrasingTree(child))) {
      run.push(child)
    } else {
      flush()
      children.push(child)
    }
  }
  flush()
  tree.children = children
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

/** Schemes whose URLs must have a host (the WHATWG URL standard's special schemes that links use). */
const hostSchemes = new Set(['http:', 'https:', 'ftp:', 'ws:', 'wss:'])

/**
 * A link target as HTML5 and EPUB 3 require it: what a browser would
 * percent-encode is percent-encoded (spaces, line breaks, backslashes,
 * backticks, non-ASCII), as Markdown link targets already are; `undefined`
 * when it cannot be a URL at all (a web address without a valid host, such
 * as `https://../`).
 *
 * @param href
 *   The link target as written.
 * @returns
 *   The target to write, or `undefined`.
 */
export function normalizeHref(href: string): string | undefined {
  const value = normalizeUri(href.trim()).replace(/%(?![\dA-Fa-f]{2})/g, '%25')
  const scheme = /^([a-z][a-z\d+.-]*:)/i.exec(value)?.[1]?.toLowerCase()
  if (!scheme || !hostSchemes.has(scheme)) return value
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return undefined
  }
  // Every label of a domain name but a final one is not empty (`https://../` has none).
  const labels = url.hostname.split('.')
  if (!url.hostname || labels.slice(0, -1).some((label) => label === '')) return undefined
  return value
}

/**
 * Percent-encode every link target of the tree (`normalizeHref`), and turn a
 * link whose target cannot be a URL into its text, with an `invalid-link`
 * warning.
 *
 * @param tree
 *   The sanitized tree (changed in place).
 * @param file
 *   Its file, for messages.
 */
export function normalizeLinks(tree: Root, file: VFile): void {
  visit(tree, 'element', (node: Element, index, parent) => {
    const href = node.properties.href
    if (typeof href !== 'string') return undefined
    const normalized = normalizeHref(href)
    if (normalized !== undefined) {
      node.properties.href = normalized
      return undefined
    }
    file.message(`Link target \`${href}\` is not a valid URL; its text is kept without the link`, {
      place: node.position,
      ruleId: 'invalid-link',
      source: messageSource,
    })
    node.properties.href = undefined
    if (node.tagName !== 'a' || !parent || index === undefined) return undefined
    parent.children.splice(index, 1, ...node.children)
    return index
  })
}
