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
  /**
   * Deepest nesting allowed, counting Markdown containers (a list and its
   * item count as one level), inline markup and raw HTML elements (default:
   * `100`).
   */
  maxDepth?: number | undefined
  /**
   * Whether the parser reads Markdown (default: `true`): the source is then
   * scanned for blockquote and list nesting before it is parsed, because
   * parsing thousands of nested containers alone takes minutes. Pass `false`
   * with a parser of another syntax.
   */
  markdown?: boolean | undefined
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
    if ('children' in node) {
      // Text and other leaves are not a level of their own.
      if (node.type !== 'listItem' && depth + html > maxDepth) return { depth: depth + html, node }
      // Pushed in reverse, so that nodes are visited in document order (raw HTML spans siblings).
      // A list item is one level with its list.
      const next = node.type === 'list' ? depth : depth + 1
      for (let index = node.children.length - 1; index >= 0; index--) {
        stack.push([node.children[index] as Nodes, next])
      }
    }
  }
  return undefined
}

const listMarker = /^(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)/
const thematicBreak = /^([-*_])(?:[ \t]*\1){2,}[ \t]*$/
const fence = /^(`{3,}|~{3,})/

/**
 * Estimate, from the Markdown source alone and in linear time, how deeply its
 * blockquotes and lists nest, line by line: the `>` markers that open a line,
 * plus the list items whose content the line's indentation reaches. Fenced
 * and indented code is skipped; a lazy continuation line only lowers the
 * estimate, so it does not exceed the nesting a parser finds in ordinary
 * documents.
 *
 * @param value
 *   Markdown source.
 * @param maxDepth
 *   Depth to report the first line beyond.
 * @returns
 *   The deepest estimate, and the first line (1-based) whose estimate
 *   exceeds `maxDepth` (if any).
 */
export function estimateSourceNesting(value: string, maxDepth: number): { deepest: number; line?: number } {
  let deepest = 0
  let firstLine: number | undefined
  // Content columns of the open list items, for the current blockquote depth.
  let items: number[] = []
  let itemsQuotes = 0
  let open: { char: string; size: number } | undefined
  let lineNumber = 0
  let start = 0
  while (start <= value.length) {
    let end = value.indexOf('\n', start)
    if (end === -1) end = value.length
    const line = value.slice(start, end)
    start = end + 1
    lineNumber++
    // The blockquote markers opening the line, and the indentation after them.
    let index = 0
    let quotes = 0
    let indent = 0
    while (index < line.length) {
      const char = line.charCodeAt(index)
      if (char === 32) indent++
      else if (char === 9) indent += 4 - (indent % 4)
      else if (char === 62 && indent < 4 + (items.at(-1) ?? 0)) {
        quotes++
        indent = 0
      } else break
      index++
    }
    const rest = line.slice(index).replace(/\r$/, '')
    if (rest === '') continue
    if (open) {
      const closer = fence.exec(rest)
      if (closer && closer[0][0] === open.char && closer[0].length >= open.size) open = undefined
      continue
    }
    if (quotes !== itemsQuotes) {
      items = []
      itemsQuotes = quotes
    }
    while (items.length > 0 && indent < (items.at(-1) as number)) items.pop()
    // Indented code inside the innermost item: nothing nests there.
    if (indent >= (items.at(-1) ?? 0) + 4) continue
    let text = rest
    let at = indent
    for (;;) {
      if (thematicBreak.test(text)) break
      const marker = listMarker.exec(text)
      if (!marker) break
      const after = text.slice(marker[0].length)
      const spaces = after.length - after.trimStart().length
      const width = marker[0].length + (spaces === 0 || spaces > 4 ? 1 : spaces)
      at += width
      items.push(at)
      text = after.trimStart()
    }
    const opener = fence.exec(text)
    if (opener) open = { char: opener[0][0] as string, size: opener[0].length }
    const depth = quotes + items.length
    if (depth > deepest) deepest = depth
    if (firstLine === undefined && depth > maxDepth) firstLine = lineNumber
  }
  return firstLine === undefined ? { deepest } : { deepest, line: firstLine }
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
export const remarkDepthLimit: Plugin<[(DepthLimitOptions | null | undefined)?], Root> = function (options) {
  const maxDepth = options?.maxDepth ?? defaultMaxDepth
  const message = `Nesting deeper than ${maxDepth} levels (blockquotes, lists, emphasis or raw HTML elements inside one another); Colophon does not process such a document`
  const parser = this.parser
  if (parser && options?.markdown !== false) {
    // Parsing itself grows faster than the text with the nesting: refuse what is far too deep before parsing.
    // The tree's own check below stays the measure of what is allowed.
    this.parser = (document, file) => {
      const found = estimateSourceNesting(document, maxDepth)
      if (found.line !== undefined && found.deepest > 2 * maxDepth) {
        file.fail(message, { place: { line: found.line, column: 1 }, ruleId: 'too-deep', source: 'colophon-pipeline' })
      }
      return parser(document, file)
    }
  }
  return (tree: Root, file: VFile) => {
    const found = excessiveNesting(tree, maxDepth)
    if (!found) return
    const place: Point | undefined = found.node.position?.start
    file.fail(message, { place, ruleId: 'too-deep', source: 'colophon-pipeline' })
  }
}
