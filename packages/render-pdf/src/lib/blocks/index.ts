/**
 * The block walker: the article's hast, element by element, to the blocks
 * of the flow (paragraphs, headings, list items, quotes, code, images,
 * rules, tables), each with its structure element. Known containers are
 * walked into; elements without a layout are reported.
 *
 * This module holds the walker and its public types; the blocks are set by
 * `flow.ts` (the dispatch and the containers), `text.ts` (paragraphs and
 * headings), `paragraphs.ts` (paragraph roles, the title block), `lists.ts`,
 * `tables.ts`, `figures.ts` (block images) and `code.ts`, over the state
 * of `walk.ts`.
 */
import type { Element, ElementContent, Root } from 'hast'
import { type FlowBlock, type InlineStyle, ink } from '../layout.js'
import type { StructNode } from '../structure.js'
import { flow } from './flow.js'
import { originalPublication } from './paragraphs.js'
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
    this.#walk = createWalk(walker, { headings: 0, reported: new Set() })
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
   * Walk an article's tree.
   *
   * @param tree
   *   The hast root (one `<article>`).
   * @param root
   *   The structure element the article's elements go in (Art).
   */
  walkArticle(tree: Root, root: StructNode): void {
    const context: Context = {
      left: 0,
      width: this.#walk.settings.measure,
      scale: 1,
      style: BlockWalker.baseStyle(),
      parent: root,
      listDepth: 0,
      titleBlock: false,
      cell: false,
    }
    const content = tree.children.filter((node): node is ElementContent => node.type !== 'doctype')
    const article = content.find((node): node is Element => node.type === 'element' && node.tagName === 'article')
    const hasHeader = article?.children.some((node) => node.type === 'element' && node.tagName === 'header')
    if (article && !hasHeader) originalPublication(this.#walk, context)
    for (const node of content) {
      if (node.type === 'element' && node.tagName === 'article') {
        const lang = node.properties.lang
        if (typeof lang === 'string' && lang && lang !== this.#walk.metadata.language) {
          Object.assign(root.properties, { lang })
        }
        flow(this.#walk, node.children, context)
      } else {
        flow(this.#walk, [node], context)
      }
    }
  }
}
