/**
 * Paragraphs (`p`) by their role (frame, dateline, byline, point) and in the
 * title block, with the images that stand alone in them split off as blocks;
 * the title block's "Originally published in …" line.
 */
import { classList, formatDate } from '@colophon/article-hast'
import type { Element, ElementContent } from 'hast'
import { toString as hastToString } from 'hast-util-to-string'
import { gray, type InlineStyle } from '../layout.js'
import { blockImage, image } from './figures.js'
import { type ParagraphOptions, paragraph } from './text.js'
import { type Context, isWhitespace, type Walk } from './walk.js'

/** A paragraph; images that stand alone in it become blocks of their own. */
export function paragraphWithImages(walk: Walk, node: Element, context: Context): void {
  const roles = classList(node)
  const style: Partial<InlineStyle> = {}
  const options: ParagraphOptions = {}
  if (roles.includes('frame')) style.italic = !context.style.italic
  if (roles.includes('dateline')) {
    Object.assign(options, { scale: 0.88, spaceAfter: 0.25, align: 'left', hyphenate: false })
    style.color = gray
  }
  if (roles.includes('byline')) Object.assign(options, { scale: 0.96, spaceAfter: 0.55, align: 'left' })
  if (context.titleBlock) Object.assign(options, { keepWithNext: true, align: 'left', hyphenate: false })
  if (roles.includes('point')) options.hangingPrefix = /^\s*[—–-]\s/u.exec(hastToString(node))?.[0]
  const paragraphContext = { ...context, style: { ...context.style, ...style } }
  let segment: ElementContent[] = []
  const flush = () => {
    if (segment.some((child) => !isWhitespace(child))) {
      paragraph(walk, segment, paragraphContext, options, context.parent.child('P'), node)
    }
    segment = []
  }
  for (const child of node.children) {
    if (blockImage(child)) {
      flush()
      image(walk, child as Element, context)
    } else {
      segment.push(child)
    }
  }
  flush()
}

/** "Originally published in …" from `metadata.source`, in the title block. */
export function originalPublication(walk: Walk, context: Context): void {
  const source = walk.metadata.source
  if (!source) return
  const labels = walk.settings.labels
  const language = walk.metadata.language
  const base = { ...context.style, color: gray }
  const nodes: ElementContent[] = [{ type: 'text', value: `${labels.originallyPublished} ` }]
  const name: Element = {
    type: 'element',
    tagName: 'cite',
    properties: {},
    children: [{ type: 'text', value: source.name }],
  }
  nodes.push(source.url ? { type: 'element', tagName: 'a', properties: { href: source.url }, children: [name] } : name)
  if (source.date) nodes.push({ type: 'text', value: `, ${formatDate(source.date, language)}` })
  nodes.push({ type: 'text', value: '.' })
  paragraph(
    walk,
    nodes,
    { ...context, style: base },
    { scale: 0.88, spaceBefore: 0.2, spaceAfter: 0.2, align: 'left', hyphenate: false, keepWithNext: true },
    context.parent.child('P'),
  )
}
