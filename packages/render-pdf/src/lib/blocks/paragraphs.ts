/**
 * Paragraphs (`p`) by their role: in the text (the news frame, em-dash
 * points) and in the title block (subtitle, dateline or date, bylines, the
 * original publication), with the images that stand alone in them split off
 * as blocks of their own.
 */
import { classList } from '@colophon/article-hast'
import type { Element, ElementContent } from 'hast'
import { toString as hastToString } from 'hast-util-to-string'
import { gray, type InlineStyle } from '../layout.js'
import { blockImage, image } from './figures.js'
import { type ParagraphOptions, paragraph } from './text.js'
import { type Context, isWhitespace, type Walk } from './walk.js'

/** How each role of a paragraph is set: its options and its style. */
const roleStyles: Record<string, { options: ParagraphOptions; style: (context: Context) => Partial<InlineStyle> }> = {
  frame: { options: {}, style: (context) => ({ italic: !context.style.italic }) },
  subtitle: {
    options: { scale: 1.25, spaceAfter: 0.5, align: 'left', hyphenate: false },
    style: (context) => ({ italic: !context.style.italic }),
  },
  dateline: {
    options: { scale: 0.88, spaceAfter: 0.25, align: 'left', hyphenate: false },
    style: () => ({ color: gray }),
  },
  date: { options: { scale: 0.88, spaceAfter: 0.25, align: 'left', hyphenate: false }, style: () => ({ color: gray }) },
  byline: { options: { scale: 0.96, spaceAfter: 0.55, align: 'left' }, style: () => ({}) },
  source: {
    options: { scale: 0.88, spaceBefore: 0.2, spaceAfter: 0.2, align: 'left', hyphenate: false },
    style: () => ({ color: gray }),
  },
}

/** A paragraph; images that stand alone in it become blocks of their own. */
export function paragraphWithImages(walk: Walk, node: Element, context: Context): void {
  const roles = classList(node)
  const style: Partial<InlineStyle> = {}
  const options: ParagraphOptions = {}
  for (const role of roles) {
    const found = roleStyles[role]
    if (!found) continue
    Object.assign(options, found.options)
    Object.assign(style, found.style(context))
  }
  if (context.titleBlock) {
    Object.assign(options, { keepWithNext: true, align: 'left', hyphenate: false })
    // Lines of the title block sit close; the rule under it makes the break.
    options.spaceAfter = Math.min(options.spaceAfter ?? 0.5, 0.3)
  }
  if (roles.includes('point')) options.hangingPrefix = /^\s*[—–-]\s/u.exec(hastToString(node))?.[0]
  if (roles.includes('byline')) {
    // Bylines that follow each other are set close together, one per author.
    const previous = walk.blocks.at(-1)
    if (previous?.kind === 'text' && previous.source.className === 'byline') {
      previous.spaceAfter = walk.leading * context.scale * 0.12
    }
  }
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
