/**
 * A bound on nesting: every later step (unified's utilities, the bridge to
 * hast, raw HTML, the editions' layout) walks the tree recursively, so a
 * document nested thousands of levels deep (blockquotes, lists, raw `<div>`s)
 * would overflow the stack. The depth is measured without recursion and a
 * document beyond the bound stops with a message at the place it goes too
 * deep.
 */
import type { Nodes, Root } from 'mdast'
import type { Plugin } from 'unified'
import type { Point } from 'unist'
import type { VFile } from 'vfile'

/** Configuration of `remarkDepthLimit`. */
export interface DepthLimitOptions {
  /** Deepest nesting allowed, counting Markdown containers and raw HTML elements (default: `100`). */
  maxDepth?: number | undefined
}

/** Default of `DepthLimitOptions.maxDepth`: far beyond any real document, far below a stack overflow. */
export const defaultMaxDepth = 100

/**
 * HTML elements not counted: those without an end tag, and those whose end
 * tag may be left out (a parser closes them itself, so unclosed ones do not
 * nest).
 */
const uncounted = new Set([
  'body',
  'colgroup',
  'dd',
  'dt',
  'head',
  'html',
  'li',
  'optgroup',
  'option',
  'p',
  'rb',
  'rp',
  'rt',
  'rtc',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
])

const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b(?:[^>"']|"[^"]*"|'[^']*')*?(\/?)>/g

/**
 * How much deeper the open tags of a piece of raw HTML leave the nesting (an
 * estimate, as a browser's parser would close some tags itself), given the
 * depth raw HTML already reached before it.
 *
 * @returns
 *   The depth after the piece, and the deepest point within it.
 */
function htmlDepth(value: string, start: number): { end: number; deepest: number } {
  let depth = start
  let deepest = start
  // Comments hold no elements; a trailing `/` does not close an HTML element (`<div/>` opens one).
  for (const match of value.replace(/<!--[\s\S]*?(?:-->|$)/g, '').matchAll(tag)) {
    const name = (match[2] as string).toLowerCase()
    if (uncounted.has(name)) continue
    if (match[1] === '/') depth = Math.max(0, depth - 1)
    else deepest = Math.max(deepest, ++depth)
  }
  return { end: depth, deepest }
}

/**
 * Find the first place the nesting of a Markdown tree (with its raw HTML)
 * exceeds `maxDepth`, without recursion.
 *
 * @param tree
 *   The mdast tree.
 * @param maxDepth
 *   The bound.
 * @returns
 *   The depth and the node where it was exceeded, or `undefined`.
 */
export function excessiveNesting(tree: Root, maxDepth: number): { depth: number; node: Nodes } | undefined {
  const stack: Array<[Nodes, number]> = [[tree, 0]]
  let html = 0
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [Nodes, number]
    if (node.type === 'html') {
      // Block HTML at the top may open an element that a later block closes; HTML inside a paragraph, list
      // or quote is closed at the end of its block.
      const topLevel = depth === 1
      const { end, deepest } = htmlDepth(node.value, topLevel ? html : 0)
      if (topLevel) html = end
      if (depth + deepest > maxDepth) return { depth: depth + deepest, node }
      continue
    }
    if (depth + html > maxDepth) return { depth: depth + html, node }
    if ('children' in node) {
      // Pushed in reverse, so that nodes are visited in document order (raw HTML spans siblings).
      for (let index = node.children.length - 1; index >= 0; index--) {
        stack.push([node.children[index] as Nodes, depth + 1])
      }
    }
  }
  return undefined
}

/**
 * Stop a document nested deeper than `maxDepth` levels with a `too-deep`
 * fatal message at the place it goes too deep: `file.fail` names the file,
 * line and column. Put it right after the parser.
 *
 * @param options
 *   Configuration (optional).
 * @returns
 *   Transform.
 */
export const remarkDepthLimit: Plugin<[(DepthLimitOptions | null | undefined)?], Root> = (options) => {
  const maxDepth = options?.maxDepth ?? defaultMaxDepth
  return (tree: Root, file: VFile) => {
    const found = excessiveNesting(tree, maxDepth)
    if (!found) return
    const place: Point | undefined = found.node.position?.start
    file.fail(
      `Nesting deeper than ${maxDepth} levels (blockquotes, lists, emphasis or raw HTML elements inside one another); Colophon does not process such a document`,
      { place, ruleId: 'too-deep', source: 'colophon-pipeline' },
    )
  }
}
