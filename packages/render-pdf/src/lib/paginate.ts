/**
 * Pagination: the blocks of the flow, top to bottom, onto pages. A
 * paragraph breaks across pages only between lines, leaving at least two of
 * its lines on each page (no orphans, no widows); headings stay on the page
 * of what follows them; table rows are never split and a table's head is
 * repeated (as an artifact) on each page it continues on.
 */
import {
  type FlowBlock,
  type HeadingEntry,
  type PageLayout,
  type PlacedItem,
  type RuleBlock,
  ruleColor,
  type TableBlock,
  type TableRow,
  type TextBlock,
} from './layout.js'

/** The text area of a page. */
export interface Frame {
  left: number
  top: number
  bottom: number
}

/** Where each block went: which pages, how many lines on each. */
export interface BlockPlacement {
  block: FlowBlock
  /** Page indexes (0-based, within this layout), one per piece of the block. */
  pages: number[]
  /** Lines (text), rows (tables) or 1 (images, rules) on each of those pages. */
  counts: number[]
}

/** The pages of a flow. */
export interface Pagination {
  pages: PageLayout[]
  placements: BlockPlacement[]
}

function textHeight(block: TextBlock, from = 0, to = block.lines.length): number {
  let height = 0
  for (let index = from; index < to; index++) height += (block.lines[index] as TextBlock['lines'][number]).height
  return height
}

function blockHeight(block: FlowBlock): number {
  switch (block.kind) {
    case 'text':
      return textHeight(block)
    case 'image':
      return block.height
    case 'rule':
      return block.thickness
    case 'table':
      return block.rows.reduce((total, row) => total + row.height, 0)
    case 'page-break':
      return 0
  }
}

/** The least of a block that must share a page with the heading before it. */
function headHeight(blocks: ReadonlyArray<FlowBlock>, index: number, depth = 0): number {
  const block = blocks[index]
  if (!block || block.kind === 'page-break' || depth > 8) return 0
  // The gap is the larger of the heading's space after and the block's space before, as placed.
  const gap = Math.max(blocks[index - 1]?.spaceAfter ?? 0, block.spaceBefore)
  if (block.keepWithNext) return gap + blockHeight(block) + headHeight(blocks, index + 1, depth + 1)
  switch (block.kind) {
    case 'text': {
      // A block too short to split without a widow or an orphan moves whole.
      const whole = block.unbreakable || block.lines.length < block.minLines * 2
      return gap + (whole ? textHeight(block) : textHeight(block, 0, Math.min(block.lines.length, block.minLines)))
    }
    case 'table': {
      const head = block.rows.filter((row) => row.head)
      const first = block.rows.find((row) => !row.head)
      return gap + [...head, ...(first ? [first] : [])].reduce((total, row) => total + row.height, 0)
    }
    default:
      return gap + blockHeight(block)
  }
}

/**
 * Place blocks on pages.
 *
 * @param blocks
 *   The flow, in order.
 * @param frame
 *   The text area.
 * @param article
 *   Index of the article the pages belong to (books).
 */
export function paginate(blocks: ReadonlyArray<FlowBlock>, frame: Frame, article = 0): Pagination {
  const pages: PageLayout[] = []
  const placements: BlockPlacement[] = []
  let page: PageLayout
  let y = frame.top
  let empty = true
  let previousAfter = 0
  let currentArticle = article

  const newPage = (articleStart = false) => {
    page = { items: [], headings: [], article: currentArticle, articleStart }
    pages.push(page)
    y = frame.top
    empty = true
    previousAfter = 0
  }
  newPage(true)
  const place = (item: PlacedItem) => {
    page.items.push(item)
  }
  const record = (placement: BlockPlacement, count: number) => {
    const index = pages.length - 1
    if (placement.pages.at(-1) === index) {
      placement.counts[placement.counts.length - 1] = (placement.counts.at(-1) as number) + count
    } else {
      placement.pages.push(index)
      placement.counts.push(count)
    }
  }
  const anchors = (block: FlowBlock, top: number) => {
    for (const name of block.anchors) place({ kind: 'anchor', name, x: frame.left + block.x, y: top })
  }

  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index] as FlowBlock
    const placement: BlockPlacement = { block, pages: [], counts: [] }
    placements.push(placement)
    if (block.kind === 'page-break') {
      if (block.endsTitlePage && !empty && pages.length > 0) (pages.at(-1) as PageLayout).titlePage = true
      if (block.articleStart !== undefined) currentArticle = block.articleStart
      if (!empty || pages.length === 0) newPage(block.articleStart !== undefined)
      else {
        page = pages.at(-1) as PageLayout
        page.article = currentArticle
        page.articleStart = block.articleStart !== undefined
      }
      continue
    }
    let gap = empty ? 0 : Math.max(previousAfter, block.spaceBefore)
    if (block.keepWithNext && !empty) {
      const need = gap + blockHeight(block) + headHeight(blocks, index + 1)
      if (y + need > frame.bottom) {
        newPage()
        gap = 0
      }
    }
    switch (block.kind) {
      case 'text':
        placeText(block, gap)
        break
      case 'image': {
        if (!empty && y + gap + block.height > frame.bottom) {
          newPage()
          gap = 0
        }
        y += gap
        anchors(block, y)
        place({
          kind: 'image',
          image: block.image,
          x: frame.left + block.x,
          y,
          width: block.width,
          height: block.height,
          owner: block.owner,
          link: block.link,
        })
        y += block.height
        record(placement, 1)
        break
      }
      case 'rule':
        placeRule(block, gap)
        break
      case 'table':
        placeTable(block, gap)
        break
    }
    empty = false
    previousAfter = block.spaceAfter

    function placeRule(rule: RuleBlock, space: number) {
      // A rule never starts a page: it separates what is on one.
      if (empty || y + space + rule.thickness > frame.bottom) return
      y += space
      anchors(rule, y)
      place({ kind: 'rect', x: frame.left + rule.x, y, width: rule.width, height: rule.thickness, color: ruleColor })
      y += rule.thickness
      record(placement, 1)
    }

    function placeText(text: TextBlock, space: number) {
      let from = 0
      let first = true
      while (from < text.lines.length) {
        const available = frame.bottom - (y + space)
        let fitting = 0
        let used = 0
        for (let line = from; line < text.lines.length; line++) {
          const height = (text.lines[line] as TextBlock['lines'][number]).height
          if (used + height > available + 1e-6) break
          used += height
          fitting++
        }
        const remaining = text.lines.length - from
        let take = fitting
        if (take < remaining) {
          if (text.unbreakable) take = 0
          else {
            if (remaining - take < text.minLines) take = remaining - text.minLines
            if (take < text.minLines) take = 0
          }
          if (take === 0 && empty) take = Math.max(1, fitting)
          // A page does not end inside a word, when a line less still leaves no orphan.
          // (Two lines in a row may end in a hyphen: go back past both.)
          while (take > text.minLines && text.lines[from + take - 1]?.brokenWord) take--
        }
        if (take === 0) {
          newPage()
          space = 0
          continue
        }
        y += space
        if (first) anchors(text, y)
        if (first && text.heading) page.headings.push(text.heading as HeadingEntry)
        const top = y
        for (let line = from; line < from + take; line++) {
          const current = text.lines[line] as TextBlock['lines'][number]
          if (line === 0 && text.label) {
            place({
              kind: 'line',
              line: text.label.line,
              x: frame.left + text.label.x,
              y,
              owner: text.label.owner,
              artifact: false,
            })
          }
          place({ kind: 'line', line: current, x: frame.left + text.x, y, owner: text.owner, artifact: false })
          y += current.height
        }
        if (text.background) {
          const pad = (text.lines[0]?.pieces[0]?.size ?? 9) * 0.45
          page.items.splice(page.items.length - take - (from === 0 && text.label ? 1 : 0), 0, {
            kind: 'rect',
            x: frame.left + text.x,
            y: top - pad,
            width: text.width,
            height: y - top + pad * 2,
            color: text.background,
          })
        }
        record(placement, take)
        empty = false
        first = false
        from += take
        if (from < text.lines.length) {
          newPage()
          space = 0
        }
      }
    }

    function placeTable(table: TableBlock, space: number) {
      const head = table.rows.filter((row) => row.head)
      const left = frame.left + table.x
      const rule = (at: number, thickness: number) =>
        place({ kind: 'rect', x: left, y: at, width: table.width, height: thickness, color: ruleColor })
      const placeRow = (row: TableRow, artifact: boolean) => {
        for (const cell of row.cells) {
          let cellY = y + table.padding
          cell.blocks.forEach((cellBlock, blockIndex) => {
            if (blockIndex > 0) cellY += cellBlock.spaceBefore
            if (!artifact) {
              for (const name of cellBlock.anchors) place({ kind: 'anchor', name, x: left + cell.x, y: cellY })
            }
            for (const line of cellBlock.lines) {
              place({
                kind: 'line',
                line,
                x: left + cell.x + table.padding + cellBlock.x,
                y: cellY,
                owner: artifact ? undefined : cellBlock.owner,
                artifact,
              })
              cellY += line.height
            }
            cellY += cellBlock.spaceAfter
          })
        }
        y += row.height
      }
      let rowsHere = 0
      let started = false
      for (const row of table.rows) {
        const needed = row.height + (row.head ? 0 : 0)
        if (y + (started ? 0 : space) + needed > frame.bottom && !(empty && rowsHere === 0)) {
          if (started) {
            rule(y, 0.8)
            record(placement, rowsHere)
          }
          newPage()
          space = 0
          rowsHere = 0
          if (started && !row.head && head.length > 0) {
            rule(y, 0.8)
            for (const headRow of head) placeRow(headRow, true)
            rule(y, 0.5)
          }
        }
        if (!started) {
          y += space
          anchors(table, y)
          rule(y, 0.8)
          started = true
        } else if (rowsHere === 0 && (head.length === 0 || row.head)) {
          rule(y, 0.8)
        }
        placeRow(row, false)
        rowsHere++
        empty = false
        const next = table.rows[table.rows.indexOf(row) + 1]
        if (row.head && next && !next.head) rule(y, 0.5)
        else if (next) rule(y, 0.25)
      }
      rule(y, 0.8)
      record(placement, rowsHere)
    }
  }
  return { pages, placements }
}
