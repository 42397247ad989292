/**
 * Inline content (text, links, emphasis, code…) to styled runs. Inline
 * elements that carry meaning for assistive technology become structure
 * elements: `a` (Link), `code` (Code), `abbr` with a title and elements in
 * another language (Span).
 */
import { classList, type Labels } from '@colophon/article-hast'
import type { Element, ElementContent } from 'hast'
import { toString as hastToString } from 'hast-util-to-string'
import type { VFile } from 'vfile'
import type { InlineRun, InlineStyle, LinkTarget } from './layout.js'
import { deletionColor, linkColor } from './layout.js'
import { messageSource, ruleIds } from './messages.js'
import type { StructNode } from './structure.js'

/** What inline conversion needs to know. */
export interface InlineContext {
  file: VFile
  /** The block's structure element: the parent of inline ones. */
  owner: StructNode | undefined
  style: InlineStyle
  /** Language of the content. */
  language: string
  /** Wording (the footnote back-link). */
  labels: Labels
  /** Name of the named destination of an element id. */
  destination(id: string): string
}

interface State {
  style: InlineStyle
  link: LinkTarget | undefined
  linkLabel: string | undefined
  owner: StructNode | undefined
  anchors: string[]
}

const italicTags = new Set(['em', 'i', 'cite', 'dfn', 'var'])
const boldTags = new Set(['strong', 'b'])
const monoTags = new Set(['code', 'kbd', 'samp', 'tt'])
const strikeTags = new Set(['s', 'strike'])
const underlineTags = new Set(['u'])
const plainTags = new Set(['span', 'time', 'data', 'bdi', 'bdo', 'label', 'mark', 'q', 'big', 'font', 'nobr', 'output'])
/** Inline elements this renderer knows. */
export const inlineTags: ReadonlySet<string> = new Set([
  ...italicTags,
  ...boldTags,
  ...monoTags,
  ...strikeTags,
  ...underlineTags,
  'del',
  'ins',
  ...plainTags,
  'a',
  'abbr',
  'sup',
  'sub',
  'small',
  'br',
  'wbr',
  'img',
  'input',
])

/** The link target of an `href`, or `undefined` for addresses a PDF must not open (scripts). */
export function linkTarget(href: string, destination: (id: string) => string): LinkTarget | undefined {
  if (href.startsWith('#')) {
    if (href.length === 1) return undefined
    let id = href.slice(1)
    try {
      id = decodeURIComponent(id)
    } catch {}
    return { kind: 'destination', name: destination(id) }
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href)?.[1]?.toLowerCase()
  if (scheme && !['http', 'https', 'mailto', 'ftp', 'tel', 'news'].includes(scheme)) return undefined
  return { kind: 'uri', uri: href }
}

/**
 * The runs of inline content.
 *
 * @param nodes
 *   Children of a block element (or part of them).
 * @param context
 *   The block's style, structure element and the document's language.
 * @returns
 *   Text runs and forced breaks, in order.
 */
export function inlineRuns(nodes: ReadonlyArray<ElementContent>, context: InlineContext): InlineRun[] {
  const runs: InlineRun[] = []
  const state: State = { style: context.style, link: undefined, linkLabel: undefined, owner: undefined, anchors: [] }

  const pushText = (text: string, node: ElementContent, current: State) => {
    if (text === '') return
    runs.push({
      type: 'text',
      text,
      style: current.style,
      link: current.link,
      linkLabel: current.linkLabel,
      owner: current.owner,
      anchors: state.anchors.splice(0),
      position: node.position,
    })
  }

  const walk = (node: ElementContent, current: State) => {
    if (node.type === 'text') {
      pushText(node.value, node, current)
      return
    }
    if (node.type === 'comment') return
    if (node.type !== 'element') {
      // Raw HTML and other nodes outside hast's content model.
      const other = node as { type: string; position?: Element['position'] }
      context.file.message(`Cannot set \`${other.type}\` content in the PDF edition; it is left out`, {
        place: other.position,
        ruleId: ruleIds.unhandledNode,
        source: messageSource,
      })
      return
    }
    const element = node
    const tag = element.tagName
    const id = element.properties.id
    if (typeof id === 'string' && id !== '') state.anchors.push(context.destination(id))
    const parent = current.owner ?? context.owner
    let next: State = current
    const style = (changes: Partial<InlineStyle>) => {
      next = { ...next, style: { ...next.style, ...changes } }
    }
    const lang = element.properties.lang
    if (typeof lang === 'string' && lang !== '' && lang.toLowerCase() !== context.language.toLowerCase()) {
      next = { ...next, owner: parent?.child('Span', { lang }) }
      style({ hyphenate: false })
    }
    switch (true) {
      case tag === 'br':
        runs.push({ type: 'break' })
        return
      case tag === 'wbr':
        pushText('\u200B', element, current)
        return
      case tag === 'img': {
        const alt = typeof element.properties.alt === 'string' ? element.properties.alt : ''
        context.file.message('An image inside text is set as its alternative text in the PDF edition', {
          place: element.position,
          ruleId: ruleIds.unhandledNode,
          source: messageSource,
        })
        if (alt) pushText(`[${alt}]`, element, next)
        return
      }
      case tag === 'input': {
        if (element.properties.type === 'checkbox')
          pushText(element.properties.checked ? '[x] ' : '[ ] ', element, next)
        return
      }
      case tag === 'a': {
        const href = element.properties.href
        const target = typeof href === 'string' ? linkTarget(href, context.destination) : undefined
        if (target) {
          const title = element.properties.title
          const label = hastToString(element).replace(/\s+/g, ' ').trim()
          next = {
            ...next,
            link: target,
            linkLabel: typeof title === 'string' && title ? title : label || (target.kind === 'uri' ? target.uri : ''),
            owner: (next.owner ?? context.owner)?.child('Link'),
          }
          if (target.kind === 'uri') style({ color: linkColor })
        }
        if (element.properties.dataFootnoteBackref !== undefined) {
          // "↩" is in few text fonts; the label says the same.
          pushText(context.labels.footnoteBack, element, next)
          return
        }
        break
      }
      case italicTags.has(tag):
        style({ italic: !next.style.italic })
        break
      case boldTags.has(tag):
        style({ bold: true })
        break
      case monoTags.has(tag):
        style({ mono: true, hyphenate: false })
        if (tag === 'code') next = { ...next, owner: (next.owner ?? context.owner)?.child('Code') }
        break
      case tag === 'del':
        // A replacement's wrong form: grey, struck through with a thin line.
        style({ strike: 'deletion', color: deletionColor })
        break
      case tag === 'ins':
        // Its right form: plain text in the text colour, never underlined.
        break
      case strikeTags.has(tag):
        style({ strike: true })
        break
      case underlineTags.has(tag):
        style({ underline: true })
        break
      case tag === 'sup' || tag === 'sub':
        style({ script: tag })
        break
      case tag === 'small':
        style({ scale: next.style.scale * 0.85 })
        break
      case tag === 'abbr': {
        const title = element.properties.title
        if (typeof title === 'string' && title) {
          next = { ...next, owner: (next.owner ?? context.owner)?.child('Span', { expansion: title }) }
        }
        break
      }
      case tag === 'span' && classList(element).includes('author'):
        style({ bold: true })
        break
      case tag === 'span' && classList(element).includes('role'):
        style({ italic: true })
        break
      case plainTags.has(tag):
        break
      default:
        context.file.message(`The PDF edition has no layout for \`<${tag}>\` inside text; its text is set as it is`, {
          place: element.position,
          ruleId: ruleIds.unhandledNode,
          source: messageSource,
        })
    }
    for (const child of element.children) walk(child, next)
  }

  for (const node of nodes) walk(node, state)
  // Anchors of trailing empty elements go on the last run.
  const last = runs.findLast((run) => run.type === 'text')
  if (last && last.type === 'text' && state.anchors.length > 0) last.anchors.push(...state.anchors.splice(0))
  return runs
}
