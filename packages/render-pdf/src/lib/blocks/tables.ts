/**
 * Tables: rows by section (head, body, foot) with their structure elements,
 * column widths from the cells' natural and smallest widths, each cell's
 * content walked on its own into text blocks; the caption as a paragraph.
 */
import type { Element } from 'hast'
import { toString as hastToString } from 'hast-util-to-string'
import type { TableCell, TableRow, TextBlock } from '../layout.js'
import { messageSource, ruleIds } from '../messages.js'
import type { StructNode } from '../structure.js'
import { paragraph } from './text.js'
import { type Context, push, sourceOf, type Walk } from './walk.js'

export function table(walk: Walk, node: Element, context: Context): void {
  const table = context.parent.child('Table')
  const scale = context.scale * 0.92
  const size = walk.body * scale
  const padding = size * 0.45
  const rows: Array<{ tr: Element; head: boolean; owner: StructNode }> = []
  const sectionNodes = new Map<string, StructNode>()
  const collect = (parent: Element, section: string) => {
    for (const child of parent.children) {
      if (child.type !== 'element') continue
      if (child.tagName === 'tr') {
        let group = sectionNodes.get(section)
        if (!group) {
          group = table.child(section === 'thead' ? 'THead' : section === 'tfoot' ? 'TFoot' : 'TBody')
          sectionNodes.set(section, group)
        }
        rows.push({ tr: child, head: section === 'thead', owner: group.child('TR') })
      } else if (['thead', 'tbody', 'tfoot'].includes(child.tagName)) {
        collect(child, child.tagName)
      } else if (child.tagName === 'caption') {
        paragraph(
          walk,
          child.children,
          context,
          { align: 'center', scale: 0.9, keepWithNext: true },
          table.child('Caption'),
          child,
        )
      }
    }
  }
  collect(node, 'tbody')
  if (rows.length === 0) return
  const cellsOf = (tr: Element) =>
    tr.children.filter(
      (cell): cell is Element => cell.type === 'element' && (cell.tagName === 'td' || cell.tagName === 'th'),
    )
  const columns = Math.max(...rows.map(({ tr }) => cellsOf(tr).length))
  if (columns === 0) return
  // Natural and smallest widths of each column, from its cells' text.
  const face = walk.fonts.body.regular
  const bold = walk.fonts.body.bold
  const natural = new Array<number>(columns).fill(0)
  const smallest = new Array<number>(columns).fill(0)
  for (const { tr, head } of rows) {
    cellsOf(tr).forEach((cell, index) => {
      const text = hastToString(cell).replace(/\s+/g, ' ').trim()
      const measure = head || cell.tagName === 'th' ? bold : face
      natural[index] = Math.max(natural[index] as number, measure.width(text, size) + padding * 2)
      const longest = Math.max(0, ...text.split(' ').map((word) => measure.width(word, size)))
      smallest[index] = Math.max(smallest[index] as number, Math.min(longest, size * 8) + padding * 2)
    })
  }
  const available = context.width
  const sumNatural = natural.reduce((a, b) => a + b, 0)
  const sumSmallest = smallest.reduce((a, b) => a + b, 0)
  let widths: number[]
  if (sumNatural <= available) widths = natural.map((width) => width + ((available - sumNatural) * width) / sumNatural)
  else if (sumSmallest <= available) {
    const flexible = sumNatural - sumSmallest
    widths = smallest.map(
      (width, index) => width + ((available - sumSmallest) * ((natural[index] as number) - width)) / (flexible || 1),
    )
  } else widths = smallest.map((width) => (width * available) / sumSmallest)
  const tableRows: TableRow[] = []
  let spanReported = false
  for (const { tr, head, owner } of rows) {
    const cells: TableCell[] = []
    let x = 0
    cellsOf(tr).forEach((cell, index) => {
      const width = widths[index] ?? 0
      const header = cell.tagName === 'th'
      if (!spanReported && (Number(cell.properties.colSpan ?? 1) > 1 || Number(cell.properties.rowSpan ?? 1) > 1)) {
        spanReported = true
        walk.file.message('The PDF edition sets table cells one per column; `colspan` and `rowspan` are ignored', {
          place: cell.position,
          ruleId: ruleIds.unhandledNode,
          source: messageSource,
        })
      }
      const cellOwner = owner.child(header ? 'TH' : 'TD', {
        attributes: header ? { O: 'Table', Scope: head ? 'Column' : 'Row' } : undefined,
      })
      const cellWalk = walk.nested()
      cellWalk.flow(
        cell.children,
        {
          ...context,
          left: 0,
          width: width - padding * 2,
          scale,
          style: { ...context.style, bold: header || context.style.bold },
          parent: cellOwner,
          cell: true,
        },
        cellOwner,
      )
      for (const name of cellWalk.destinations) walk.destinations.add(name)
      const blocks = cellWalk.blocks.filter((block): block is TextBlock => block.kind === 'text')
      if (blocks.length < cellWalk.blocks.length) {
        walk.file.message('Only text is set in table cells of the PDF edition; other content is left out', {
          place: cell.position,
          ruleId: ruleIds.unhandledNode,
          source: messageSource,
        })
      }
      const last = blocks.at(-1)
      if (last) last.spaceAfter = 0
      cells.push({ x, width, blocks, header })
      x += width
    })
    const height = Math.max(
      size * 1.4 + padding * 2,
      ...cells.map((cell) => {
        let total = padding * 2
        cell.blocks.forEach((block, index) => {
          if (index > 0) total += block.spaceBefore
          for (const line of block.lines) total += line.height
          if (index < cell.blocks.length - 1) total += block.spaceAfter
        })
        return total
      }),
    )
    tableRows.push({ cells, height, head, owner })
  }
  push(walk, {
    kind: 'table',
    x: context.left,
    width: available,
    spaceBefore: walk.leading * context.scale * 0.8,
    spaceAfter: walk.leading * context.scale * 0.9,
    keepWithNext: false,
    anchors: [],
    source: sourceOf(node),
    rows: tableRows,
    padding,
  })
}
