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
  map: number[]
}

const edits = new WeakMap<Text, Edit>()

/**
 * Replace `[start, end)` of a text node's value, remembering where the rest
 * of the value came from so later positions still point into the source.
 */
export function editText(node: Text, start: number, end: number, replacement: string): void {
  let edit = edits.get(node)
  if (!edit) {
    edit = { original: node.value, map: Array.from({ length: node.value.length + 1 }, (_, index) => index) }
    edits.set(node, edit)
  }
  const anchor = edit.map[start] as number
  edit.map.splice(start, end - start, ...Array.from({ length: replacement.length }, () => anchor))
  node.value = node.value.slice(0, start) + replacement + node.value.slice(end)
}

const lineCache = new WeakMap<VFile, { lines: string[]; place: ReturnType<typeof location> }>()

/**
 * The source point of an index in a text node's current value.
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
  const prefix = original.slice(0, at)
  const newline = prefix.lastIndexOf('\n')
  if (newline === -1) {
    return {
      line: start.line,
      column: start.column + at,
      ...(start.offset === undefined ? {} : { offset: start.offset + at }),
    }
  }
  let cached = lineCache.get(file)
  if (!cached) {
    cached = { lines: String(file.value).split(/\r?\n|\r/), place: location(file) }
    lineCache.set(file, cached)
  }
  const line = start.line + prefix.split('\n').length - 1
  const sourceLine = cached.lines[line - 1] ?? ''
  const valueLine = original.slice(newline + 1).split('\n')[0] ?? ''
  const found = sourceLine.indexOf(valueLine.slice(0, 24))
  const indent = found === -1 ? sourceLine.length - sourceLine.trimStart().length : found
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
