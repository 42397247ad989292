/**
 * A book's table of contents, from the publication tree's
 * `nav.contents`: its heading as the tree has it, then each entry's text
 * (the link's) with its authors (`span.contents-authors`) and, after dot
 * leaders, the page its target starts on; the entry is a link to it.
 */
import { classList, textOf } from '@colophon/article-hast'
import type { Element, ElementContent } from 'hast'
import { BlockWalker } from './blocks/index.js'
import type { FontStack } from './fonts.js'
import { Hyphenator } from './hyphenation.js'
import {
  type FlowBlock,
  gray,
  type InlineStyle,
  ink,
  type LinkTarget,
  Piece,
  type TextBlock,
  type TextRun,
} from './layout.js'
import { type BreakSettings, breakLines, constantShape } from './linebreak.js'
import type { Settings } from './options.js'
import type { StructNode } from './structure.js'

/** An entry of the contents, read from an `li`. */
interface Entry {
  text: string
  /** The destination its link goes to (the target's id). */
  destination: string | undefined
  authors: string
  depth: number
}

function elementChildren(node: Element): Element[] {
  return node.children.filter((child): child is Element => child.type === 'element')
}

function isList(node: Element): boolean {
  return node.tagName === 'ol' || node.tagName === 'ul'
}

/** The entries of a list of the nav, nested lists one level deeper. */
function entriesOf(list: Element, depth = 0): Entry[] {
  const entries: Entry[] = []
  for (const item of elementChildren(list)) {
    if (item.tagName !== 'li') continue
    let link: Element | undefined
    let authors = ''
    const own: ElementContent[] = []
    const nested: Element[] = []
    for (const child of item.children) {
      if (child.type === 'element' && isList(child)) nested.push(child)
      else if (child.type === 'element' && classList(child).includes('contents-authors')) authors = textOf(child)
      else {
        if (!link && child.type === 'element' && child.tagName === 'a') link = child
        own.push(child)
      }
    }
    const href = link?.properties.href
    let destination: string | undefined
    if (typeof href === 'string' && href.startsWith('#') && href.length > 1) {
      try {
        destination = decodeURIComponent(href.slice(1))
      } catch {
        destination = href.slice(1)
      }
    }
    const text = link ? textOf(link) : textOf({ type: 'element', tagName: 'span', properties: {}, children: own })
    if (text) entries.push({ text, destination, authors, depth })
    for (const list of nested) entries.push(...entriesOf(list, depth + 1))
  }
  return entries
}

function style(base: InlineStyle, changes: Partial<InlineStyle> = {}): InlineStyle {
  return { ...base, ...changes }
}

/** Where the contents are set: the walker of the book's own content, fonts, the structure. */
export interface ContentsContext {
  walker: BlockWalker
  settings: Settings
  fonts: FontStack
  /** The structure element the contents go in (Document). */
  parent: StructNode
  /** The page (0-based) each destination is on, as far as known. */
  pageOf: ReadonlyMap<string, number>
  /** Destinations that exist. */
  known: ReadonlySet<string>
}

/**
 * The blocks of a `nav.contents`: its heading and other content through the
 * walker, its lists as entries with dot leaders and page numbers.
 */
export function contentsBlocks(nav: Element, context: ContentsContext): FlowBlock[] {
  const { walker } = context
  const blocks: FlowBlock[] = []
  const base = BlockWalker.baseStyle()
  for (const child of nav.children) {
    if (child.type === 'element' && isList(child)) {
      blocks.push(...entryBlocks(entriesOf(child), context, base))
    } else if (child.type === 'element' || child.type === 'text') {
      const before = walker.blocks.length
      walker.walk([child], context.parent)
      blocks.push(...walker.blocks.slice(before))
    }
  }
  return blocks
}

function entryBlocks(entries: ReadonlyArray<Entry>, context: ContentsContext, base: InlineStyle): FlowBlock[] {
  const { settings, fonts } = context
  const blocks: FlowBlock[] = []
  const toc = context.parent.child('TOC')
  const size = settings.fontSize * 1.05
  const leading = settings.fontSize * settings.lineHeight * 1.05
  const regular = fonts.body.regular
  const gap = size * 0.6
  const numberWidth = regular.width('0000', size)
  const hyphenator = new Hyphenator(undefined)
  for (const entry of entries) {
    const indent = entry.depth * size * 1.5
    const item = toc.child('TOCI')
    const target: LinkTarget | undefined =
      entry.destination !== undefined && context.known.has(entry.destination)
        ? { kind: 'destination', name: entry.destination }
        : undefined
    const link = target ? item.child('Reference').child('Link') : item.child('P')
    const run = (text: string, runStyle: InlineStyle, owner: StructNode | undefined): TextRun => ({
      type: 'text',
      text,
      style: runStyle,
      link: target && owner === link ? target : undefined,
      linkLabel: target && owner === link ? entry.text : undefined,
      owner,
      anchors: [],
      position: undefined,
    })
    const breaking = (lineLeading: number): BreakSettings => ({
      fonts,
      size,
      leading: lineLeading,
      align: 'left',
      shape: constantShape(settings.measure - indent - numberWidth - gap * 2),
      hyphenator,
      hyphenate: false,
      onMissing: () => {},
    })
    const lines = breakLines([run(entry.text, style(base, { color: ink }), link)], breaking(leading))
    const last = lines.at(-1)
    if (!last) continue
    const page = entry.destination === undefined ? undefined : context.pageOf.get(entry.destination)
    if (target) {
      // The page number at the right edge, dot leaders between (an artifact).
      const number = String((page ?? 0) + 1)
      const numberRun = run(number, style(base), link)
      const width = regular.width(number, size)
      const numberX = settings.measure - indent - width
      const lastPiece = last.pieces.at(-1) as Piece
      const unit = regular.width('. ', size)
      const room = numberX - gap - (lastPiece.x + lastPiece.width + gap)
      const count = Math.floor(room / unit)
      const piece = (text: string, x: number, pieceWidth: number, artifact: boolean): Piece =>
        new Piece(
          text,
          {
            face: regular,
            size,
            rise: 0,
            style: artifact ? style(base, { color: gray }) : numberRun.style,
            run: numberRun,
          },
          x,
          pieceWidth,
          false,
          false,
          undefined,
          artifact,
        )
      if (count > 0) {
        const leader = '. '.repeat(count).trimEnd()
        const leaderWidth = regular.width(leader, size)
        last.pieces.push(piece(leader, numberX - gap - leaderWidth, leaderWidth, true))
      }
      last.pieces.push(piece(number, numberX, width, false))
    }
    const entryBlock: TextBlock = {
      kind: 'text',
      x: indent,
      width: settings.measure - indent,
      spaceBefore: leading * (entry.depth === 0 ? 0.35 : 0.1),
      spaceAfter: 0,
      keepWithNext: entry.authors !== '',
      anchors: [],
      source: { tag: 'toc-entry', className: undefined, element: undefined },
      lines,
      owner: link,
      unbreakable: true,
      minLines: 1,
      heading: undefined,
      label: undefined,
      background: undefined,
    }
    blocks.push(entryBlock)
    if (entry.authors) {
      const owner = item.child('P')
      blocks.push({
        ...entryBlock,
        spaceBefore: 0,
        keepWithNext: false,
        source: { tag: 'toc-authors', className: 'contents-authors', element: undefined },
        owner,
        lines: breakLines(
          [run(entry.authors, style(base, { italic: true, color: gray, scale: 0.9 }), owner)],
          breaking(leading * 0.9),
        ),
      })
    }
  }
  return blocks
}
