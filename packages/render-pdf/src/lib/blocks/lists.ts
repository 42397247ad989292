/**
 * Lists: each item's content walked inset, its label (number or bullet by
 * depth) set in the margin on the first line, or as a block of its own
 * when the item does not start with text; tight lists set close.
 */
import type { Element } from 'hast'
import { type Line, plainRun } from '../layout.js'
import { breakLines, constantShape } from '../linebreak.js'
import { messageSource, ruleIds } from '../messages.js'
import { reportMissing } from './text.js'
import { anchor, type Context, isWhitespace, sourceOf, type Walk } from './walk.js'

/** A list (`ul`, `ol`); content outside its items is reported. */
export function list(walk: Walk, node: Element, context: Context): void {
  const ordered = node.tagName === 'ol'
  const items = node.children.filter((child): child is Element => child.type === 'element' && child.tagName === 'li')
  const stray = node.children.filter(
    (child) => !isWhitespace(child) && !(child.type === 'element' && child.tagName === 'li'),
  )
  if (stray.length > 0) {
    walk.file.message('Content of a list outside its items is left out of the PDF edition', {
      place: node.position,
      ruleId: ruleIds.unhandledNode,
      source: messageSource,
    })
  }
  const start = Number(node.properties.start ?? 1)
  listItems(walk, items, context, ordered, Number.isFinite(start) ? start : 1, node)
}

/** List items, in a list structure element (an `li` outside a list is a list of one). */
export function listItems(
  walk: Walk,
  items: Element[],
  context: Context,
  ordered: boolean,
  start: number,
  listNode: Element,
): void {
  const list = context.parent.child('L', {
    attributes: { O: 'List', ListNumbering: ordered ? 'Decimal' : 'Disc' },
  })
  const bullets = ['•', '–', '◦']
  const size = walk.body * context.scale
  const labels = items.map((_, index) => (ordered ? `${start + index}.` : (bullets[context.listDepth % 3] as string)))
  const face = walk.fonts.body.regular
  const widest = Math.max(0, ...labels.map((label) => face.width(label, size)))
  const gap = size * 0.55
  const indent = Math.max(size * 1.7, widest + gap)
  const tight = items.every((item) => !item.children.some((child) => child.type === 'element' && child.tagName === 'p'))
  const first = walk.blocks.length
  items.forEach((item, index) => {
    const listItem = list.child('LI')
    const label = listItem.child('Lbl')
    const body = listItem.child('LBody')
    anchor(walk, item)
    const itemContext: Context = {
      ...context,
      left: context.left + indent,
      width: context.width - indent,
      parent: body,
      listDepth: context.listDepth + 1,
    }
    const before = walk.blocks.length
    walk.flow(item.children, itemContext, body)
    const labelText = labels[index] as string
    const firstBlock = walk.blocks[before]
    const labelRun = plainRun(labelText, { ...context.style, bold: false, italic: false }, item.position)
    const labelLines = (leading: number, labelSize: number) =>
      breakLines([labelRun], {
        fonts: walk.fonts,
        size: labelSize,
        leading,
        align: 'right',
        shape: constantShape(widest),
        hyphenator: walk.hyphenator,
        hyphenate: false,
        onMissing: (run, characters) => reportMissing(walk, run, characters),
      })
    if (firstBlock?.kind === 'text' && firstBlock.lines.length > 0) {
      const firstLine = firstBlock.lines[0] as Line
      const labelLine = labelLines(firstLine.height, firstLine.pieces[0]?.size ?? size)[0]
      if (labelLine) {
        labelLine.baseline = firstLine.baseline
        labelLine.height = firstLine.height
        firstBlock.label = { line: labelLine, x: context.left + indent - gap - widest, owner: label }
      }
    } else {
      const lines = labelLines(walk.leading * context.scale, size)
      walk.blocks.splice(before, 0, {
        kind: 'text',
        x: context.left + indent - gap - widest,
        width: widest,
        spaceBefore: 0,
        spaceAfter: 0,
        keepWithNext: true,
        anchors: [],
        source: sourceOf(item),
        lines,
        owner: label,
        unbreakable: true,
        minLines: 1,
        heading: undefined,
        label: undefined,
        background: undefined,
      })
    }
    // Items of a tight list sit close together.
    const last = walk.blocks.at(-1)
    if (tight && last && index < items.length - 1) last.spaceAfter = walk.leading * context.scale * 0.15
  })
  const firstOfList = walk.blocks[first]
  if (firstOfList) {
    firstOfList.spaceBefore = Math.max(firstOfList.spaceBefore, walk.leading * context.scale * 0.3)
    if (firstOfList.source.element === undefined) firstOfList.source = sourceOf(listNode)
  }
  const last = walk.blocks.at(-1)
  if (last && walk.blocks.length > first)
    last.spaceAfter = Math.max(last.spaceAfter, walk.leading * context.scale * 0.5)
}
