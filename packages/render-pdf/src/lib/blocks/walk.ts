/**
 * The state of one walk that every kind of block works with (the article's
 * settings, the blocks and destinations collected so far), the context
 * containers hand to their content, and the placing of a block in the flow.
 */
import { classList, type Labels } from '@colophon/article-hast'
import type { Element, ElementContent } from 'hast'
import type { VFile } from 'vfile'
import type { FontStack } from '../fonts.js'
import type { Hyphenator } from '../hyphenation.js'
import type { ResolvedImage } from '../images.js'
import type { BlockSource, FlowBlock, InlineStyle } from '../layout.js'
import type { Settings } from '../options.js'
import type { StructNode } from '../structure.js'

/** What the walker works with, for one article (or a book's front matter). */
export interface WalkerSettings {
  /** The file messages go on. */
  file: VFile
  /** Language of the content walked (the article's `lang`). */
  language: string
  /** Wording of the language (footnote back-links). */
  labels: Labels
  settings: Settings
  fonts: FontStack
  hyphenator: Hyphenator
  images: ReadonlyMap<Element, ResolvedImage>
  /** Justify running text (else ragged right). */
  justify: boolean
  /** Name of the named destination of an element id. */
  destination(id: string): string
}

/** Where and how blocks are set: the containers' effect on their content. */
export interface Context {
  /** Left edge relative to the left margin, and width. */
  left: number
  width: number
  /** Scale of every size (smaller in the footer and footnotes). */
  scale: number
  style: InlineStyle
  parent: StructNode
  listDepth: number
  /** Inside a title block (`header.title-block`). */
  titleBlock: boolean
  /** Inside a table cell: paragraphs are set ragged, not justified. */
  cell: boolean
  /** Inside the editorial notes: paragraphs and list items are set ragged right, not justified. */
  ragged?: boolean | undefined
}

/** Shared with the walks of table cells: heading numbers, reported characters. */
export interface Shared {
  headings: number
  /** Characters no font has, by the set of them: the one message that names them, and how many places have them. */
  reported: Map<string, { message: VFile['messages'][number]; reason: string; places: number; lastPlace: string }>
}

/**
 * One walk: the walker's settings (spread in, so `walk.fonts`, `walk.settings`…),
 * the sizes of the running text and what the walk has collected.
 */
export interface Walk extends WalkerSettings {
  /** Size of the running text. */
  readonly body: number
  /** Line height of the running text. */
  readonly leading: number
  readonly shared: Shared
  readonly blocks: FlowBlock[]
  /** Every named destination the article defines. */
  readonly destinations: Set<string>
  /** Destinations of elements whose content has not started yet: they go on the next block. */
  readonly pending: string[]
  /**
   * Walk a sequence of nodes into blocks (`flow` of `flow.ts`, reached through
   * the walk so that the modules of the blocks inside containers need not import it).
   */
  flow(nodes: ReadonlyArray<ElementContent>, context: Context, inlineOwner?: StructNode): void
  /** A walk of its own, with the same settings and shared state, for content set apart (a table cell). */
  nested(): Walk
}

/** What a block is, from its element (or a tag, for a block without one). */
export function sourceOf(node: Element | undefined, tag?: string): BlockSource {
  return { tag: tag ?? node?.tagName ?? '', className: node ? classList(node)[0] : undefined, element: node }
}

/** Whitespace text or a comment: no content of its own. */
export function isWhitespace(node: ElementContent): boolean {
  return (node.type === 'text' && node.value.trim() === '') || node.type === 'comment'
}

/** The element's id, as a destination at the top of the next block. */
export function anchor(walk: Walk, node: Element): void {
  const id = node.properties.id
  if (typeof id !== 'string' || id === '') return
  const name = walk.destination(id)
  walk.destinations.add(name)
  if (!walk.pending.includes(name)) walk.pending.push(name)
}

/** Add a block to the flow, with the destinations waiting for it. */
export function push(walk: Walk, block: FlowBlock): void {
  for (const name of walk.pending.splice(0)) if (!block.anchors.includes(name)) block.anchors.unshift(name)
  for (const name of block.anchors) walk.destinations.add(name)
  walk.blocks.push(block)
}
