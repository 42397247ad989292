/**
 * The dispatch of the walk: runs of inline content become paragraphs, each
 * block element goes to its kind of block. Containers (quotes, figures,
 * sections and footnotes, the article's header and footer, definition lists,
 * generic blocks) are walked into with their effect on the context, rules
 * are set here, and elements without a layout are reported.
 */
import { classList } from '@colophon/article-hast'
import type { Element, ElementContent } from 'hast'
import { inlineTags } from '../inline.js'
import { messageSource, ruleIds } from '../messages.js'
import type { StructNode } from '../structure.js'
import { code } from './code.js'
import { blockImage, image } from './figures.js'
import { list, listItems } from './lists.js'
import { paragraphWithImages } from './paragraphs.js'
import { table } from './tables.js'
import { heading, paragraph } from './text.js'
import { anchor, type Context, isWhitespace, push, sourceOf, type Walk } from './walk.js'

/** Containers without a layout of their own: their content is walked in a Div. */
const blockContainers = new Set([
  'div',
  'main',
  'nav',
  'aside',
  'address',
  'details',
  'hgroup',
  'center',
  'search',
  'menu',
  'picture',
])
/** Elements the PDF edition cannot set: reported and left out. */
const unrenderable = new Set([
  'video',
  'audio',
  'iframe',
  'object',
  'embed',
  'canvas',
  'svg',
  'math',
  'script',
  'style',
  'template',
  'noscript',
  'form',
  'button',
  'select',
  'textarea',
  'map',
  'dialog',
  'source',
  'track',
])
/** Elements that are blocks, never inline content. */
const blockTags = new Set([
  ...blockContainers,
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'blockquote',
  'pre',
  'hr',
  'table',
  'figure',
  'figcaption',
  'section',
  'article',
  'header',
  'footer',
  'summary',
])

/** An element set as a block (or reported as one that cannot be set). */
function isBlock(node: ElementContent): boolean {
  return node.type === 'element' && (blockTags.has(node.tagName) || unrenderable.has(node.tagName))
}

/** Walk a sequence of nodes; runs of inline content become anonymous paragraphs. */
export function flow(
  walk: Walk,
  nodes: ReadonlyArray<ElementContent>,
  context: Context,
  inlineOwner?: StructNode,
): void {
  let inline: ElementContent[] = []
  const flush = () => {
    if (inline.some((node) => !isWhitespace(node))) {
      paragraph(walk, inline, context, undefined, inlineOwner ?? context.parent.child('P'))
    }
    inline = []
  }
  for (const node of nodes) {
    if (node.type === 'element' && (isBlock(node) || !inlineTags.has(node.tagName))) {
      flush()
      block(walk, node, context)
    } else if (node.type === 'element' && blockImage(node)) {
      flush()
      image(walk, node, context)
    } else {
      inline.push(node)
    }
  }
  flush()
}

/** One block element, by its tag. */
function block(walk: Walk, node: Element, context: Context): void {
  const tag = node.tagName
  anchor(walk, node)
  switch (tag) {
    case 'p':
      paragraphWithImages(walk, node, context)
      return
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
      heading(walk, node, context, Number(tag[1]))
      return
    case 'ul':
    case 'ol':
      list(walk, node, context)
      return
    case 'li':
      listItems(walk, [node], context, false, 1, node)
      return
    case 'blockquote': {
      const inset = walk.body * 1.8 * context.scale
      flow(walk, node.children, {
        ...context,
        left: context.left + inset,
        width: context.width - inset * 1.5,
        parent: context.parent.child('BlockQuote'),
      })
      return
    }
    case 'pre':
      code(walk, node, context)
      return
    case 'hr':
      rule(walk, context, walk.leading, walk.leading, context.width / 4)
      return
    case 'table':
      table(walk, node, context)
      return
    case 'figure':
      flow(walk, node.children, { ...context, parent: context.parent.child('Div') })
      return
    case 'figcaption':
      paragraph(
        walk,
        node.children,
        { ...context, style: { ...context.style, italic: !context.style.italic } },
        { align: 'center', scale: 0.9, spaceBefore: 0.2, spaceAfter: 0.8 },
        context.parent.child('Caption'),
        node,
      )
      return
    case 'img':
      image(walk, node, context)
      return
    case 'article':
      flow(walk, node.children, { ...context, parent: context.parent.child('Art') })
      return
    case 'section': {
      const footnotes = classList(node).includes('footnotes') || node.properties.dataFootnotes !== undefined
      const sectionContext = { ...context, parent: context.parent.child('Sect') }
      // The editorial notes: short entries of names and replacements, set ragged right (no justified gaps).
      if (classList(node).includes('editorial-notes')) sectionContext.ragged = true
      if (footnotes) {
        rule(walk, context, walk.leading * 1.2, walk.leading * 0.4, context.width / 3, 'left')
        sectionContext.scale = context.scale * 0.86
      }
      flow(walk, node.children, sectionContext)
      return
    }
    case 'header': {
      if (!classList(node).includes('title-block')) {
        flow(walk, node.children, { ...context, parent: context.parent.child('Div') })
        return
      }
      // The title block: title, subtitle, date, bylines, source, as the tree has them; a rule under it.
      flow(walk, node.children, { ...context, titleBlock: true, parent: context.parent.child('Div') })
      rule(walk, context, walk.leading * 0.5, walk.leading * 1.1, context.width)
      return
    }
    case 'footer':
      rule(walk, context, walk.leading * 1.6, walk.leading * 0.6, context.width)
      flow(walk, node.children, { ...context, scale: context.scale * 0.86, parent: context.parent.child('Div') })
      return
    case 'dl':
      flow(walk, node.children, { ...context, parent: context.parent.child('Div') })
      return
    case 'dt':
    case 'summary':
      paragraph(
        walk,
        node.children,
        { ...context, style: { ...context.style, bold: true } },
        { keepWithNext: true, spaceAfter: 0.15 },
        context.parent.child('P'),
        node,
      )
      return
    case 'dd': {
      const inset = walk.body * 1.8 * context.scale
      flow(walk, node.children, { ...context, left: context.left + inset, width: context.width - inset })
      return
    }
    default:
      if (blockContainers.has(tag)) {
        flow(walk, node.children, { ...context, parent: context.parent.child('Div') })
        return
      }
      if (unrenderable.has(tag)) {
        walk.file.message(`The PDF edition cannot set \`<${tag}>\`; it is left out`, {
          place: node.position,
          ruleId: ruleIds.unhandledNode,
          source: messageSource,
        })
        return
      }
      walk.file.message(`The PDF edition has no layout for \`<${tag}>\`; its content is set as a generic block`, {
        place: node.position,
        ruleId: ruleIds.unhandledNode,
        source: messageSource,
      })
      flow(walk, node.children, { ...context, parent: context.parent.child('Div') })
  }
}

/** A horizontal rule, centred or at the left. */
function rule(
  walk: Walk,
  context: Context,
  before: number,
  after: number,
  width: number,
  align: 'center' | 'left' = 'center',
): void {
  push(walk, {
    kind: 'rule',
    x: context.left + (align === 'center' ? (context.width - width) / 2 : 0),
    width,
    spaceBefore: before,
    spaceAfter: after,
    // A rule separates what follows from what precedes: it never ends a page.
    keepWithNext: true,
    anchors: [],
    source: sourceOf(undefined, 'hr'),
    thickness: 0.5,
  })
}
