/**
 * Names kept on one line. The names the dictionaries recognized or wrote
 * (`file.data.entities`, `file.data.corrections`) are marked `<span
 * class="name">`, which the stylesheet sets `white-space: nowrap`, so
 * “Kassym-Jomart” never breaks at its hyphen and “Silk Road” never splits;
 * in titles (headings, subtitles, entries of a contents list), hyphenated
 * compounds (“China-Kazakhstan”) are marked `<span class="compound">`, and
 * in a title in sentence case a run of capitalized words (“Steppe and Silk
 * Road: an anthology”) is a name too: `<span class="phrase">`. Only short
 * units are marked (30 characters in running text, 20 in titles, whose type
 * is larger), so a line can always be filled: a longer name keeps only its
 * hyphenated words whole.
 */
import type { Element, ElementContent, Root, RootContent, Text } from 'hast'
import type { VFile } from 'vfile'

/** Longest name (in characters) kept whole in running text. */
export const textNameLimit = 30
/** Longest name or compound (in characters) kept whole in a title: its type is about twice as large. */
export const titleNameLimit = 20

/** Elements whose text is never marked: code, and the struck-out wrong form of a correction. */
const skipped = new Set(['script', 'style', 'code', 'pre', 'kbd', 'samp', 'textarea', 'del', 'title', 'svg', 'math'])

const letter = '[\\p{L}\\p{M}\\p{N}]'
const compoundPattern = new RegExp(`${letter}+(?:[-\u2010]${letter}+)+`, 'gu')
const capitalized = `\\p{Lu}[\\p{L}\\p{M}\\p{N}’'\u2010-]*`
const phrasePattern = new RegExp(`(?<!${letter})${capitalized}(?: ${capitalized})+(?!${letter})`, 'gu')
const nameKinds = new Set(['person', 'organization', 'place', 'project', 'event', 'work'])

/** Where the text is: running text, a contents list, or a title in Title Case or in sentence case. */
type Context = 'text' | 'contents' | 'title' | 'sentence-title'

interface NameData {
  entities?: ReadonlyArray<{ name: string; kind: string }>
  corrections?: ReadonlyArray<{ after: string; kind: string; applied: boolean }>
}

/**
 * The names a file's dictionaries recognized or wrote: the entities' names
 * and the applied corrections' new text (typography aside).
 *
 * @param file
 *   The document's (or book's) file.
 * @returns
 *   Distinct names, longest first.
 */
export function namesOf(file: VFile): string[] {
  const data = file.data as NameData
  const names = new Set<string>()
  for (const entity of data.entities ?? []) if (nameKinds.has(entity.kind)) names.add(entity.name.trim())
  for (const item of data.corrections ?? []) {
    if (item.applied && nameKinds.has(item.kind)) names.add(item.after.trim())
  }
  names.delete('')
  return [...names].sort((a, b) => b.length - a.length)
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function textOf(node: Element | Text): string {
  return node.type === 'text'
    ? node.value
    : node.children.map((child) => (child.type === 'element' || child.type === 'text' ? textOf(child) : '')).join('')
}

/**
 * Whether a title is in sentence case: a word of four letters or more after
 * the first starts in lower case (“Steppe and Silk Road: an anthology”), not
 * in Title Case (“Make Greater Strides”), where capitals do not mark names.
 */
function isSentenceCase(value: string): boolean {
  const words = value.match(/\p{L}[\p{L}\p{M}’'-]*/gu) ?? []
  return words.slice(1).some((word) => word.length >= 4 && /^\p{Ll}/u.test(word))
}

function contextOf(node: Element, context: Context): Context {
  if (context === 'title' || context === 'sentence-title') return context
  const value = node.properties.className
  const classes = Array.isArray(value) ? value : []
  if (node.tagName === 'nav' && classes.includes('contents')) return 'contents'
  // A heading, a subtitle, an entry of a contents list: a title each.
  if (
    /^h[1-6]$/.test(node.tagName) ||
    classes.includes('subtitle') ||
    (context === 'contents' && (node.tagName === 'a' || classes.includes('contents-authors')))
  ) {
    return isSentenceCase(textOf(node)) ? 'sentence-title' : 'title'
  }
  return context
}

function span(className: string, value: string): Element {
  return { type: 'element', tagName: 'span', properties: { className: [className] }, children: [text(value)] }
}

function text(value: string): Text {
  return { type: 'text', value }
}

/** Ranges `[start, end, class]` of a text to keep whole, in order. */
function ranges(value: string, names: RegExp | undefined, context: Context): Array<[number, number, string]> {
  const inTitle = context === 'title' || context === 'sentence-title'
  const limit = inTitle ? titleNameLimit : textNameLimit
  const found: Array<[number, number, string]> = []
  const taken = (start: number, end: number) => found.some(([a, b]) => start < b && end > a)
  const add = (pattern: RegExp, start: number, part: string, className: string) => {
    for (const match of part.matchAll(pattern)) {
      const at = start + (match.index ?? 0)
      const end = at + match[0].length
      if (match[0].length <= titleNameLimit && !taken(at, end)) found.push([at, end, className])
    }
  }
  if (names) {
    for (const match of value.matchAll(names)) {
      const start = match.index ?? 0
      if (match[0].length <= limit) found.push([start, start + match[0].length, 'name'])
      else add(compoundPattern, start, match[0], 'name')
    }
  }
  if (context === 'sentence-title') add(phrasePattern, 0, value, 'phrase')
  if (inTitle) add(compoundPattern, 0, value, 'compound')
  return found.sort((a, b) => a[0] - b[0])
}

function split(node: Text, names: RegExp | undefined, context: Context): ElementContent[] {
  const found = ranges(node.value, names, context)
  if (found.length === 0) return [node]
  const result: ElementContent[] = []
  let at = 0
  for (const [start, end, className] of found) {
    if (start > at) result.push(text(node.value.slice(at, start)))
    result.push(span(className, node.value.slice(start, end)))
    at = end
  }
  if (at < node.value.length) result.push(text(node.value.slice(at)))
  return result
}

function walk(parent: Root | Element, names: RegExp | undefined, context: Context): void {
  const children: Array<RootContent | ElementContent> = []
  for (const child of parent.children) {
    if (child.type === 'text' && parent.type === 'element') {
      children.push(...split(child, names, context))
      continue
    }
    if (child.type === 'element' && !skipped.has(child.tagName)) walk(child, names, contextOf(child, context))
    children.push(child)
  }
  parent.children = children as typeof parent.children
}

/**
 * Mark the names of a publication tree to keep on one line (see the module
 * comment); the tree is changed.
 *
 * @param tree
 *   The publication tree.
 * @param names
 *   The names (see `namesOf`).
 */
export function markNames(tree: Root, names: ReadonlyArray<string>): void {
  const pattern =
    names.length > 0
      ? new RegExp(
          `(?<!${letter})(?:${[...names]
            .sort((a, b) => b.length - a.length)
            .map(escapeRegExp)
            .join('|')})(?!${letter})`,
          'gu',
        )
      : undefined
  walk(tree, pattern, 'text')
}
