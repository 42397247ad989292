/**
 * The block walker: the article's hast, element by element, to the blocks
 * of the flow (paragraphs, headings, list items, quotes, code, images,
 * rules, tables), each with its structure element. Known containers are
 * walked into; elements without a layout are reported.
 *
 * This module holds the walker and its public types; the blocks are set by
 * `flow.ts` (the dispatch and the containers), `text.ts` (paragraphs and
 * headings), `paragraphs.ts` (paragraph roles, the title block's lines), `lists.ts`,
 * `tables.ts`, `figures.ts` (block images) and `code.ts`, over the state
 * of `walk.ts`.
 */
import type { ElementContent } from 'hast'
import { type FlowBlock, type InlineStyle, ink } from '../layout.js'
import type { StructNode } from '../structure.js'
import { flow } from './flow.js'
import type { Context, Shared, Walk, WalkerSettings } from './walk.js'

export type { WalkerSettings } from './walk.js'

/** A walk over content, with its own blocks and destinations and the `shared` state. */
function createWalk(walker: WalkerSettings, shared: Shared): Walk {
  const walk: Walk = {
    ...walker,
    body: walker.settings.fontSize,
    leading: walker.settings.fontSize * walker.settings.lineHeight,
    shared,
    blocks: [],
    destinations: new Set(),
    pending: [],
    flow: (nodes, context, inlineOwner) => flow(walk, nodes, context, inlineOwner),
    nested: () => createWalk(walker, shared),
  }
  return walk
}

/** Walks an article and collects its blocks. */
export class BlockWalker {
  readonly blocks: FlowBlock[]
  /** Every named destination the article defines. */
  readonly destinations: Set<string>
  readonly #walk: Walk

  constructor(walker: WalkerSettings) {
    this.#walk = createWalk(walker, { headings: 0, reported: new Map() })
    this.blocks = this.#walk.blocks
    this.destinations = this.#walk.destinations
  }

  /** The base style of running text. */
  static baseStyle(): InlineStyle {
    return {
      bold: false,
      italic: false,
      mono: false,
      script: undefined,
      strike: false,
      underline: false,
      color: ink,
      scale: 1,
      hyphenate: true,
    }
  }

  /**
   * Walk content into blocks.
   *
   * @param nodes
   *   The content, in reading order (an article's children, a book's title block).
   * @param parent
   *   The structure element its elements go in (Art, Document).
   */
  walk(nodes: ReadonlyArray<ElementContent>, parent: StructNode): void {
    flow(this.#walk, nodes, this.#context(parent))
  }

  /** The context of top-level content: the full measure, running text. */
  #context(parent: StructNode): Context {
    return {
      left: 0,
      width: this.#walk.settings.measure,
      scale: 1,
      style: BlockWalker.baseStyle(),
      parent,
      listDepth: 0,
      titleBlock: false,
      cell: false,
    }
  }
}
