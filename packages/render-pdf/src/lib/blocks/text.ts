/**
 * Setting text: inline content to runs, runs to broken lines in a text
 * block; paragraphs (with their options) and headings (with their outline
 * entries); the report of characters no font has.
 */
import { classList } from '@colophon/article-hast'
import type { Element, ElementContent } from 'hast'
import { toString as hastToString } from 'hast-util-to-string'
import { codePointLabel } from '../fonts.js'
import { inlineRuns } from '../inline.js'
import type { BlockSource, HeadingEntry, InlineRun, TextBlock, TextRun } from '../layout.js'
import { type Align, breakLines, constantShape, faceStyle, type LineShape } from '../linebreak.js'
import { messageSource, ruleIds } from '../messages.js'
import type { StructNode } from '../structure.js'
import { type Context, push, sourceOf, type Walk } from './walk.js'

/** How a paragraph differs from running text: sizes relative to it, spaces in its lines. */
export interface ParagraphOptions {
  scale?: number
  spaceBefore?: number
  spaceAfter?: number
  align?: Align
  keepWithNext?: boolean
  hyphenate?: boolean
  /** Text at the start (an em-dash point) that the following lines hang from. */
  hangingPrefix?: string | undefined
}

/** How a text block is set, in points. */
interface TextOptions {
  owner: StructNode | undefined
  size: number
  leading: number
  spaceBefore: number
  spaceAfter: number
  align?: Align | undefined
  keepWithNext?: boolean | undefined
  unbreakable?: boolean | undefined
  hyphenate?: boolean | undefined
  shape?: ((index: number) => LineShape) | undefined
  heading?: HeadingEntry | undefined
  anchors?: string[] | undefined
  source: BlockSource
}

/** Sizes relative to the running text, line heights relative to their size, spaces in lines of running text. */
const headingStyles: Record<number, { size: number; leading: number; before: number; after: number; italic: boolean }> =
  {
    1: { size: 2, leading: 1.18, before: 1.6, after: 0.55, italic: false },
    2: { size: 1.42, leading: 1.22, before: 1.3, after: 0.45, italic: false },
    3: { size: 1.18, leading: 1.28, before: 1.1, after: 0.35, italic: false },
    4: { size: 1.05, leading: 1.35, before: 0.9, after: 0.25, italic: false },
    5: { size: 1, leading: 1.4, before: 0.8, after: 0.2, italic: true },
    6: { size: 0.95, leading: 1.4, before: 0.8, after: 0.2, italic: true },
  }

/** A paragraph of inline content; nothing when it has no text. */
export function paragraph(
  walk: Walk,
  nodes: ReadonlyArray<ElementContent>,
  context: Context,
  options: ParagraphOptions | undefined,
  owner: StructNode,
  source?: Element,
): TextBlock | undefined {
  const scale = context.scale * (options?.scale ?? 1)
  const size = walk.body * scale
  const leading = walk.leading * scale
  const runs = textRuns(walk, nodes, context, owner)
  if (!runs.some((run) => run.type === 'text' && run.text.trim() !== '')) return undefined
  let shape: ((index: number) => LineShape) | undefined
  if (options?.hangingPrefix) {
    const first = runs.find((run): run is TextRun => run.type === 'text')
    const face = walk.fonts.stack(faceStyle(first?.style ?? context.style), false)[0]
    const indent = face ? face.width(options.hangingPrefix.replace(/\s+$/, ' '), size) : 0
    const opening: LineShape = { width: context.width, indent: 0 }
    const hanging: LineShape = { width: context.width - indent, indent }
    shape = (index) => (index === 0 ? opening : hanging)
  }
  return textBlock(walk, runs, context, {
    owner,
    size,
    leading,
    spaceBefore: (options?.spaceBefore ?? 0) * leading,
    spaceAfter: (options?.spaceAfter ?? 0.5) * leading,
    align: options?.align ?? (context.cell || context.ragged || !walk.justify ? 'left' : 'justify'),
    keepWithNext: options?.keepWithNext,
    hyphenate: options?.hyphenate,
    shape,
    source: sourceOf(source, source ? undefined : 'p'),
  })
}

/** The runs of inline content; the destinations inside it are the walk's. */
export function textRuns(
  walk: Walk,
  nodes: ReadonlyArray<ElementContent>,
  context: Context,
  owner: StructNode | undefined,
): InlineRun[] {
  const runs = inlineRuns(nodes, {
    file: walk.file,
    owner,
    style: context.style,
    language: walk.language,
    labels: walk.labels,
    destination: walk.destination,
  })
  for (const run of runs) if (run.type === 'text') for (const name of run.anchors) walk.destinations.add(name)
  return runs
}

/** Break runs into the lines of a text block and add it to the flow. */
function textBlock(walk: Walk, runs: InlineRun[], context: Context, options: TextOptions): TextBlock {
  const lines = breakLines(runs, {
    fonts: walk.fonts,
    size: options.size,
    leading: options.leading,
    align: options.align ?? 'justify',
    shape: options.shape ?? constantShape(context.width),
    hyphenator: walk.hyphenator,
    hyphenate: (options.hyphenate ?? true) && walk.settings.hyphenate,
    onMissing: (run, characters) => reportMissing(walk, run, characters),
  })
  const block: TextBlock = {
    kind: 'text',
    x: context.left,
    width: context.width,
    spaceBefore: options.spaceBefore,
    spaceAfter: options.spaceAfter,
    keepWithNext: options.keepWithNext ?? false,
    anchors: options.anchors ?? [],
    source: options.source,
    lines,
    owner: options.owner,
    unbreakable: options.unbreakable ?? false,
    minLines: 2,
    heading: options.heading,
    label: undefined,
    background: undefined,
  }
  push(walk, block)
  return block
}

/**
 * Report characters no font has: once per set of characters, at the first
 * place, with a count of the places (a text full of one symbol gives one
 * message, not one per line).
 */
export function reportMissing(walk: Walk, run: TextRun, characters: string): void {
  const distinct = [...new Set(characters)].filter((character) => character.trim() !== '')
  if (distinct.length === 0) return
  const key = distinct.join('')
  const place = `${run.position?.start.line}:${run.position?.start.column}`
  const seen = walk.shared.reported.get(key)
  if (seen) {
    // A run split across lines is one place.
    if (seen.lastPlace === place) return
    seen.lastPlace = place
    seen.places++
    seen.message.reason = `${seen.reason} (${seen.places} places)`
    seen.message.message = seen.message.reason
    return
  }
  const named = distinct.map((character) => `${codePointLabel(character)} (${character})`).join(', ')
  const reason = `No font of the PDF edition has ${named}, in “${run.text.trim().slice(0, 40)}”; ${distinct.length > 1 ? 'they are' : 'it is'} set as U+FFFD (�): add a font that has ${distinct.length > 1 ? 'them' : 'it'} with \`fonts.fallback\``
  const message = walk.file.message(reason, {
    place: run.position,
    ruleId: ruleIds.missingGlyph,
    source: messageSource,
  })
  message.actual = key
  walk.shared.reported.set(key, { message, reason, places: 1, lastPlace: place })
}

/** A heading, with its destination and outline entry. */
export function heading(walk: Walk, node: Element, context: Context, level: number): void {
  // The title of a title block is set as a title at any level (an article of a book has an h2).
  const roles = classList(node)
  const title = context.titleBlock && (level === 1 || roles.includes('headline') || roles.includes('title'))
  const style = headingStyles[title ? 1 : level] ?? (headingStyles[6] as (typeof headingStyles)[number])
  const text = hastToString(node).replace(/\s+/g, ' ').trim()
  if (text === '') return
  const id = node.properties.id
  walk.shared.headings++
  const destination =
    typeof id === 'string' && id !== '' ? walk.destination(id) : walk.destination(`heading-${walk.shared.headings}`)
  walk.destinations.add(destination)
  const scale = context.scale
  const size = walk.body * style.size * scale
  const leading = size * style.leading
  const owner = context.parent.child(`H${level}`)
  textBlock(
    walk,
    textRuns(walk, node.children, { ...context, style: { ...context.style, bold: true, italic: style.italic } }, owner),
    context,
    {
      owner,
      size,
      leading,
      spaceBefore: (title ? 0 : style.before) * walk.leading * scale,
      spaceAfter: style.after * walk.leading * scale,
      align: 'left',
      keepWithNext: true,
      unbreakable: true,
      hyphenate: false,
      heading: { level, title: text, destination },
      anchors: [destination],
      source: sourceOf(node),
    },
  )
}
