/**
 * Images set as blocks of their own: an `img` (or a link around only an
 * image) as a Figure, scaled to the measure and the page, linked when it is;
 * its alternative text when it cannot be embedded.
 */
import type { Element, ElementContent } from 'hast'
import { linkTarget } from '../inline.js'
import { messageSource, ruleIds } from '../messages.js'
import { paragraph } from './text.js'
import { anchor, type Context, isWhitespace, push, sourceOf, type Walk } from './walk.js'

/** The block-level image of a node (`img`, or a link around only an image). */
export function blockImage(node: ElementContent): { image: Element; link: Element | undefined } | undefined {
  if (node.type !== 'element') return undefined
  if (node.tagName === 'img') return { image: node, link: undefined }
  if (node.tagName === 'a') {
    const content = node.children.filter((child) => !isWhitespace(child))
    const only = content[0]
    if (content.length === 1 && only?.type === 'element' && only.tagName === 'img') return { image: only, link: node }
  }
  return undefined
}

/** A block image; nothing for a node that is not one. */
export function image(walk: Walk, node: Element, context: Context): void {
  const found = blockImage(node)
  if (!found) return
  const { image: element, link } = found
  const alt = typeof element.properties.alt === 'string' ? element.properties.alt : undefined
  const resolved = walk.images.get(element)
  anchor(walk, element)
  if (!resolved) {
    // The image cannot be embedded: its alternative text stands in.
    if (alt) {
      paragraph(
        walk,
        [{ type: 'text', value: `[${alt}]`, position: element.position }],
        { ...context, style: { ...context.style, italic: true } },
        { align: 'center', hyphenate: false },
        context.parent.child('P'),
        element,
      )
    }
    return
  }
  if (alt === undefined) {
    walk.file.message(
      'An image without `alt` is set as decoration in the PDF edition; describe it with `alt` (or `alt=""` if it is decorative)',
      { place: element.position, ruleId: ruleIds.missingAlt, source: messageSource },
    )
  }
  const settings = walk.settings
  const maxHeight = (settings.pageHeight - settings.margins.top - settings.margins.bottom) * 0.8
  let width = Math.min(resolved.width, context.width)
  let height = (resolved.height * width) / resolved.width
  if (height > maxHeight) {
    width = (width * maxHeight) / height
    height = maxHeight
  }
  const href = link?.properties.href
  const target = typeof href === 'string' ? linkTarget(href, walk.destination) : undefined
  // A linked image: its Figure inside a Link, which also holds the annotation.
  const container = target ? context.parent.child('Link') : context.parent
  push(walk, {
    kind: 'image',
    x: context.left + (context.width - width) / 2,
    width,
    height,
    spaceBefore: walk.leading * 0.8,
    spaceAfter: walk.leading * 0.8,
    keepWithNext: false,
    anchors: [],
    source: sourceOf(element),
    image: resolved.image,
    owner: alt ? container.child('Figure', { alt }) : undefined,
    link: target ? { target, owner: container, label: alt ?? '' } : undefined,
  })
}
