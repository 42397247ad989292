import type { Nodes, Parents, PhrasingContent, Root, Text } from 'mdast'
import type { Point } from 'unist'
import type { VFile } from 'vfile'
import { location } from 'vfile-location'

/** Stands for inline content that is never matched (code, HTML, images). */
export const opaque = '\uFFFC'

/** A text node's place in the text of its block. */
export interface Segment {
  node: Text
  /** Offset of the node's first character in the block text. */
  start: number
  /** Offset after the node's last character in the block text. */
  end: number
}

/** A paragraph, heading or table cell, and its text. */
export interface Block {
  node: Parents
  /** Structural role of the block (from remark-article) or `body`. */
  role: string
  /** The text of the block; unmatched inline content is `opaque`. */
  text: string
  segments: Segment[]
}

const blockTypes = new Set(['paragraph', 'heading', 'tableCell'])
const opaqueTypes = new Set(['inlineCode', 'html', 'image', 'imageReference', 'footnoteReference', 'inlineMath'])

function readBlock(node: Parents, role: string): Block {
  const segments: Segment[] = []
  let text = ''
  const walk = (children: ReadonlyArray<Nodes>) => {
    for (const child of children) {
      if (child.type === 'text') {
        segments.push({ node: child, start: text.length, end: text.length + child.value.length })
        text += child.value
      } else if (child.type === 'break') {
        text += '\n'
      } else if (opaqueTypes.has(child.type)) {
        text += opaque
      } else if ('children' in child) {
        // emphasis, strong, delete, link (its text, never its URL), linkReference
        walk(child.children)
      }
    }
  }
  walk(node.children as Nodes[])
  return { node, role, text, segments }
}

const directive = /^<!--\s*colophon-(disable|enable|disable-next-line)\s*-->$/

/**
 * The blocks of a document whose text may be normalized, in document order:
 * paragraphs, headings and table cells, outside code, HTML and spans turned
 * off with `<!-- colophon-disable -->` … `<!-- colophon-enable -->` or
 * `<!-- colophon-disable-next-line -->`.
 *
 * @param tree
 *   Document.
 * @returns
 *   Blocks with their text.
 */
export function readBlocks(tree: Root): Block[] {
  const blocks: Block[] = []
  let disabled = false
  let skipNext = false
  const visit = (node: Nodes, role: string) => {
    if (node.type === 'html') {
      const command = directive.exec(node.value.trim())?.[1]
      if (command === 'disable') disabled = true
      else if (command === 'enable') disabled = false
      else if (command === 'disable-next-line') skipNext = true
      return
    }
    if (blockTypes.has(node.type)) {
      if (skipNext) {
        skipNext = false
        return
      }
      if (disabled) return
      const data = node.data as { articleRole?: string } | undefined
      blocks.push(readBlock(node as Parents, data?.articleRole ?? role))
      return
    }
    if ('children' in node) {
      for (const child of node.children) visit(child as Nodes, role)
    }
  }
  visit(tree, 'body')
  return blocks
}

interface Edit {
  /** The value the node had before the first edit. */
  original: string
  /** For each index of the current value (and its end), the index in `original`. */
  map: Int32Array
}

const edits = new WeakMap<Text, Edit>()

/** A replacement of `[start, end)` of a text node's value. */
export interface TextEdit {
  start: number
  end: number
  replacement: string
}

/**
 * Replace ranges of a text node's value, all at once (in one pass, whatever
 * their number), remembering where the rest of the value came from so later
 * positions still point into the source.
 *
 * @param node
 *   Text node to change.
 * @param changes
 *   Ranges of its current value, not overlapping, in document order.
 */
export function editText(node: Text, changes: readonly TextEdit[]): void {
  if (changes.length === 0) return
  const value = node.value
  const previous = edits.get(node)
  const before = previous?.map
  let length = value.length
  for (const change of changes) length += change.replacement.length - (change.end - change.start)
  const map = new Int32Array(length + 1)
  const parts: string[] = []
  let from = 0
  let to = 0
  const copy = (end: number) => {
    for (let index = from; index < end; index++) map[to++] = before ? (before[index] as number) : index
  }
  for (const change of changes) {
    parts.push(value.slice(from, change.start), change.replacement)
    copy(change.start)
    // The replacement points at where the replaced text started.
    map.fill(before ? (before[change.start] as number) : change.start, to, to + change.replacement.length)
    to += change.replacement.length
    from = change.end
  }
  parts.push(value.slice(from))
  copy(value.length + 1)
  node.value = parts.join('')
  edits.set(node, { original: previous?.original ?? value, map })
}

/** Where the lines of a file and of a text node's original value start. */
const fileLines = new WeakMap<VFile, { lines: string[]; place: ReturnType<typeof location> }>()
const valueLines = new WeakMap<Text, { original: string; newlines: number[]; indents: Map<number, number> }>()

/** Offsets of the newlines of a node's original value, found once. */
function linesOf(node: Text, original: string) {
  let cached = valueLines.get(node)
  if (!cached || cached.original !== original) {
    const newlines: number[] = []
    for (let at = original.indexOf('\n'); at !== -1; at = original.indexOf('\n', at + 1)) newlines.push(at)
    cached = { original, newlines, indents: new Map() }
    valueLines.set(node, cached)
  }
  return cached
}

/**
 * The source point of an index in a text node's current value. Each file
 * and each node is indexed once, so a point costs a binary search, however
 * long the paragraph and however many points are asked for.
 *
 * @returns
 *   The point, or `undefined` when the node has no position.
 */
export function pointAt(file: VFile, node: Text, index: number): Point | undefined {
  const start = node.position?.start
  if (!start) return undefined
  const edit = edits.get(node)
  const original = edit?.original ?? node.value
  const at = edit ? (edit.map[Math.min(index, edit.map.length - 1)] as number) : index
  const { newlines, indents } = linesOf(node, original)
  // How many newlines come before `at`.
  let low = 0
  let high = newlines.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if ((newlines[middle] as number) < at) low = middle + 1
    else high = middle
  }
  if (low === 0) {
    return {
      line: start.line,
      column: start.column + at,
      ...(start.offset === undefined ? {} : { offset: start.offset + at }),
    }
  }
  let cached = fileLines.get(file)
  if (!cached) {
    cached = { lines: String(file.value).split(/\r?\n|\r/), place: location(file) }
    fileLines.set(file, cached)
  }
  const newline = newlines[low - 1] as number
  const line = start.line + low
  let indent = indents.get(line)
  if (indent === undefined) {
    // The source line may start with indentation or `>` markers that the value
    // does not have: find where the value's line starts in it.
    const sourceLine = cached.lines[line - 1] ?? ''
    const lineEnd = low < newlines.length ? (newlines[low] as number) : original.length
    const valueLine = original.slice(newline + 1, Math.min(lineEnd, newline + 1 + 24))
    const found = sourceLine.indexOf(valueLine)
    indent = found === -1 ? sourceLine.length - sourceLine.trimStart().length : found
    indents.set(line, indent)
  }
  const column = indent + (at - newline - 1) + 1
  const offset = cached.place.toOffset({ line, column })
  return { line, column, ...(offset === undefined ? {} : { offset }) }
}

/** Remove phrasing nodes left empty by edits (`*…*` around removed text). */
export function pruneEmpty(parent: Parents): void {
  const children = parent.children as PhrasingContent[]
  for (let index = children.length - 1; index >= 0; index--) {
    const child = children[index] as PhrasingContent
    if ('children' in child) pruneEmpty(child as Parents)
    const empty =
      (child.type === 'text' && child.value === '') ||
      ((child.type === 'emphasis' || child.type === 'strong' || child.type === 'delete') && child.children.length === 0)
    if (empty) children.splice(index, 1)
  }
}
