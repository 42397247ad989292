/**
 * The block walker: the article's hast, element by element, to the blocks
 * of the flow (paragraphs, headings, list items, quotes, code, images,
 * rules, tables), each with its structure element. Known containers are
 * walked into; elements without a layout are reported.
 */
import { classList, formatDate } from '@colophon/article-hast'
import type { Metadata } from '@colophon/remark-metadata'
import type { Element, ElementContent, Root } from 'hast'
import { toString as hastToString } from 'hast-util-to-string'
import type { VFile } from 'vfile'
import { codePointLabel, type FontStack } from './fonts.js'
import type { Hyphenator } from './hyphenation.js'
import type { ResolvedImage } from './images.js'
import { inlineRuns, inlineTags, linkTarget } from './inline.js'
import {
  type BlockSource,
  codeBackground,
  type FlowBlock,
  gray,
  type HeadingEntry,
  type InlineRun,
  type InlineStyle,
  ink,
  type Line,
  plainRun,
  type TableCell,
  type TableRow,
  type TextBlock,
  type TextRun,
} from './layout.js'
import { type Align, breakLines, faceStyle, type LineShape } from './linebreak.js'
import { messageSource, ruleIds } from './messages.js'
import type { Settings } from './options.js'
import type { StructNode } from './structure.js'

/** What the walker works with, for one article. */
export interface WalkerSettings {
  file: VFile
  metadata: Metadata
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
interface Context {
  /** Left edge relative to the left margin, and width. */
  left: number
  width: number
  /** Scale of every size (smaller in the footer and footnotes). */
  scale: number
  style: InlineStyle
  parent: StructNode
  listDepth: number
  /** Inside the article's header (the title block). */
  titleBlock: boolean
  /** Inside a table cell: paragraphs are set ragged, not justified. */
  cell: boolean
}

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

const blockContainers = new Set([
  'div',
  'main',
  'nav',
  'aside',
  'address',
  'details',
  'hgroup',
  'center',
  'search',
  'menu',
  'picture',
])
const unrenderable = new Set([
  'video',
  'audio',
  'iframe',
  'object',
  'embed',
  'canvas',
  'svg',
  'math',
  'script',
  'style',
  'template',
  'noscript',
  'form',
  'button',
  'select',
  'textarea',
  'map',
  'dialog',
  'source',
  'track',
])
const blockTags = new Set([
  ...blockContainers,
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'blockquote',
  'pre',
  'hr',
  'table',
  'figure',
  'figcaption',
  'section',
  'article',
  'header',
  'footer',
  'summary',
])

function sourceOf(node: Element | undefined, tag?: string): BlockSource {
  return { tag: tag ?? node?.tagName ?? '', className: node ? classList(node)[0] : undefined, element: node }
}

function isWhitespace(node: ElementContent): boolean {
  return (node.type === 'text' && node.value.trim() === '') || node.type === 'comment'
}

function isBlock(node: ElementContent): boolean {
  return node.type === 'element' && (blockTags.has(node.tagName) || unrenderable.has(node.tagName))
}

/** The block-level image of a node (`img`, or a link around only an image). */
function blockImage(node: ElementContent): { image: Element; link: Element | undefined } | undefined {
  if (node.type !== 'element') return undefined
  if (node.tagName === 'img') return { image: node, link: undefined }
  if (node.tagName === 'a') {
    const content = node.children.filter((child) => !isWhitespace(child))
    const only = content[0]
    if (content.length === 1 && only?.type === 'element' && only.tagName === 'img') return { image: only, link: node }
  }
  return undefined
}

/** Walks an article and collects its blocks. */
export class BlockWalker {
  readonly blocks: FlowBlock[] = []
  /** Every named destination the article defines. */
  readonly destinations = new Set<string>()
  readonly #walker: WalkerSettings
  readonly #body: number
  readonly #leading: number
  /** Shared with the walkers of table cells: heading numbers, reported characters. */
  readonly #shared: { headings: number; reported: Set<string> }
  /** Destinations of elements whose content has not started yet: they go on the next block. */
  readonly #pending: string[] = []

  constructor(walker: WalkerSettings, shared?: { headings: number; reported: Set<string> }) {
    this.#shared = shared ?? { headings: 0, reported: new Set() }
    this.#walker = walker
    this.#body = walker.settings.fontSize
    this.#leading = walker.settings.fontSize * walker.settings.lineHeight
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
      width: this.#walker.settings.measure,
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
    if (article && !hasHeader) this.#originalPublication(context)
    for (const node of content) {
      if (node.type === 'element' && node.tagName === 'article') {
        const lang = node.properties.lang
        if (typeof lang === 'string' && lang && lang !== this.#walker.metadata.language) {
          Object.assign(root.properties, { lang })
        }
        this.#flow(node.children, context)
      } else {
        this.#flow([node], context)
      }
    }
  }

  /** Walk a sequence of nodes; runs of inline content become anonymous paragraphs. */
  #flow(nodes: ReadonlyArray<ElementContent>, context: Context, inlineOwner?: StructNode): void {
    let inline: ElementContent[] = []
    const flush = () => {
      if (inline.some((node) => !isWhitespace(node))) {
        this.#paragraph(inline, context, undefined, inlineOwner ?? context.parent.child('P'))
      }
      inline = []
    }
    for (const node of nodes) {
      if (node.type === 'element' && (isBlock(node) || !inlineTags.has(node.tagName))) {
        flush()
        this.#block(node, context)
      } else if (node.type === 'element' && blockImage(node)) {
        flush()
        this.#image(node, context)
      } else {
        inline.push(node)
      }
    }
    flush()
  }

  #block(node: Element, context: Context): void {
    const tag = node.tagName
    this.#anchor(node)
    switch (tag) {
      case 'p':
        this.#paragraphWithImages(node, context)
        return
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6':
        this.#heading(node, context, Number(tag[1]))
        return
      case 'ul':
      case 'ol':
        this.#list(node, context)
        return
      case 'li':
        this.#listItems([node], context, false, 1, node)
        return
      case 'blockquote': {
        const inset = this.#body * 1.8 * context.scale
        this.#flow(node.children, {
          ...context,
          left: context.left + inset,
          width: context.width - inset * 1.5,
          parent: context.parent.child('BlockQuote'),
        })
        return
      }
      case 'pre':
        this.#code(node, context)
        return
      case 'hr':
        this.#rule(context, this.#leading, this.#leading, context.width / 4)
        return
      case 'table':
        this.#table(node, context)
        return
      case 'figure':
        this.#flow(node.children, { ...context, parent: context.parent.child('Div') })
        return
      case 'figcaption':
        this.#paragraph(
          node.children,
          { ...context, style: { ...context.style, italic: !context.style.italic } },
          { align: 'center', scale: 0.9, spaceBefore: 0.2, spaceAfter: 0.8 },
          context.parent.child('Caption'),
          node,
        )
        return
      case 'img':
        this.#image(node, context)
        return
      case 'article':
        this.#flow(node.children, { ...context, parent: context.parent.child('Art') })
        return
      case 'section': {
        const footnotes = classList(node).includes('footnotes') || node.properties.dataFootnotes !== undefined
        const sectionContext = { ...context, parent: context.parent.child('Sect') }
        if (footnotes) {
          this.#rule(context, this.#leading * 1.2, this.#leading * 0.4, context.width / 3, 'left')
          sectionContext.scale = context.scale * 0.86
        }
        this.#flow(node.children, sectionContext)
        return
      }
      case 'header': {
        const headerContext = { ...context, titleBlock: true, parent: context.parent.child('Div') }
        this.#flow(node.children, headerContext)
        this.#originalPublication(headerContext)
        this.#rule(context, this.#leading * 0.5, this.#leading * 1.1, context.width)
        return
      }
      case 'footer':
        this.#rule(context, this.#leading * 1.6, this.#leading * 0.6, context.width)
        this.#flow(node.children, { ...context, scale: context.scale * 0.86, parent: context.parent.child('Div') })
        return
      case 'dl':
        this.#flow(node.children, { ...context, parent: context.parent.child('Div') })
        return
      case 'dt':
      case 'summary':
        this.#paragraph(
          node.children,
          { ...context, style: { ...context.style, bold: true } },
          { keepWithNext: true, spaceAfter: 0.15 },
          context.parent.child('P'),
          node,
        )
        return
      case 'dd': {
        const inset = this.#body * 1.8 * context.scale
        this.#flow(node.children, { ...context, left: context.left + inset, width: context.width - inset })
        return
      }
      default:
        if (blockContainers.has(tag)) {
          this.#flow(node.children, { ...context, parent: context.parent.child('Div') })
          return
        }
        if (unrenderable.has(tag)) {
          this.#walker.file.message(`The PDF edition cannot set \`<${tag}>\`; it is left out`, {
            place: node.position,
            ruleId: ruleIds.unhandledNode,
            source: messageSource,
          })
          return
        }
        this.#walker.file.message(
          `The PDF edition has no layout for \`<${tag}>\`; its content is set as a generic block`,
          { place: node.position, ruleId: ruleIds.unhandledNode, source: messageSource },
        )
        this.#flow(node.children, { ...context, parent: context.parent.child('Div') })
    }
  }

  /** The element's id, as a destination at the top of the next block. */
  #anchor(node: Element): void {
    const id = node.properties.id
    if (typeof id !== 'string' || id === '') return
    const name = this.#walker.destination(id)
    this.destinations.add(name)
    if (!this.#pending.includes(name)) this.#pending.push(name)
  }

  #push(block: FlowBlock): void {
    for (const name of this.#pending.splice(0)) if (!block.anchors.includes(name)) block.anchors.unshift(name)
    for (const name of block.anchors) this.destinations.add(name)
    this.blocks.push(block)
  }

  /** A paragraph; images that stand alone in it become blocks of their own. */
  #paragraphWithImages(node: Element, context: Context): void {
    const roles = classList(node)
    const style: Partial<InlineStyle> = {}
    const options: ParagraphOptions = {}
    if (roles.includes('frame')) style.italic = !context.style.italic
    if (roles.includes('dateline')) {
      Object.assign(options, { scale: 0.88, spaceAfter: 0.25, align: 'left', hyphenate: false })
      style.color = gray
    }
    if (roles.includes('byline')) Object.assign(options, { scale: 0.96, spaceAfter: 0.55, align: 'left' })
    if (context.titleBlock) Object.assign(options, { keepWithNext: true, align: 'left', hyphenate: false })
    if (roles.includes('point')) options.hangingPrefix = /^\s*[—–-]\s/u.exec(hastToString(node))?.[0]
    const paragraphContext = { ...context, style: { ...context.style, ...style } }
    let segment: ElementContent[] = []
    const flush = () => {
      if (segment.some((child) => !isWhitespace(child))) {
        this.#paragraph(segment, paragraphContext, options, context.parent.child('P'), node)
      }
      segment = []
    }
    for (const child of node.children) {
      if (blockImage(child)) {
        flush()
        this.#image(child as Element, context)
      } else {
        segment.push(child)
      }
    }
    flush()
  }

  #paragraph(
    nodes: ReadonlyArray<ElementContent>,
    context: Context,
    options: ParagraphOptions | undefined,
    owner: StructNode,
    source?: Element,
  ): TextBlock | undefined {
    const scale = context.scale * (options?.scale ?? 1)
    const size = this.#body * scale
    const leading = this.#leading * scale
    const runs = this.#runs(nodes, context, owner)
    if (!runs.some((run) => run.type === 'text' && run.text.trim() !== '')) return undefined
    let shape: ((index: number) => LineShape) | undefined
    if (options?.hangingPrefix) {
      const first = runs.find((run): run is TextRun => run.type === 'text')
      const face = this.#walker.fonts.stack(faceStyle(first?.style ?? context.style), false)[0]
      const indent = face ? face.width(options.hangingPrefix.replace(/\s+$/, ' '), size) : 0
      shape = (index) => (index === 0 ? { width: context.width, indent: 0 } : { width: context.width - indent, indent })
    }
    return this.#textBlock(runs, context, {
      owner,
      size,
      leading,
      spaceBefore: (options?.spaceBefore ?? 0) * leading,
      spaceAfter: (options?.spaceAfter ?? 0.5) * leading,
      align: options?.align ?? (context.cell || !this.#walker.justify ? 'left' : 'justify'),
      keepWithNext: options?.keepWithNext,
      hyphenate: options?.hyphenate,
      shape,
      source: sourceOf(source, source ? undefined : 'p'),
    })
  }

  #runs(nodes: ReadonlyArray<ElementContent>, context: Context, owner: StructNode | undefined): InlineRun[] {
    const runs = inlineRuns(nodes, {
      file: this.#walker.file,
      owner,
      style: context.style,
      language: this.#walker.metadata.language,
      labels: this.#walker.settings.labels,
      destination: this.#walker.destination,
    })
    for (const run of runs) if (run.type === 'text') for (const name of run.anchors) this.destinations.add(name)
    return runs
  }

  #textBlock(runs: InlineRun[], context: Context, options: TextOptions): TextBlock {
    const lines = breakLines(runs, {
      fonts: this.#walker.fonts,
      size: options.size,
      leading: options.leading,
      align: options.align ?? 'justify',
      shape: options.shape ?? (() => ({ width: context.width, indent: 0 })),
      hyphenator: this.#walker.hyphenator,
      hyphenate: (options.hyphenate ?? true) && this.#walker.settings.hyphenate,
      onMissing: (run, characters) => this.#missing(run, characters),
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
    this.#push(block)
    return block
  }

  #missing(run: TextRun, characters: string): void {
    const distinct = [...new Set(characters)].filter((character) => character.trim() !== '')
    const key = `${run.position?.start.line}:${run.position?.start.column}:${distinct.join('')}`
    if (distinct.length === 0 || this.#shared.reported.has(key)) return
    this.#shared.reported.add(key)
    const named = distinct.map((character) => `${codePointLabel(character)} (${character})`).join(', ')
    const message = this.#walker.file.message(
      `No font of the PDF edition has ${named}, in “${run.text.trim().slice(0, 40)}”; ${distinct.length > 1 ? 'they are' : 'it is'} set as U+FFFD (�): add a font that has ${distinct.length > 1 ? 'them' : 'it'} with \`fonts.fallback\``,
      { place: run.position, ruleId: ruleIds.missingGlyph, source: messageSource },
    )
    message.actual = distinct.join('')
  }

  #heading(node: Element, context: Context, level: number): void {
    const style = headingStyles[level] ?? (headingStyles[6] as (typeof headingStyles)[number])
    const title = hastToString(node).replace(/\s+/g, ' ').trim()
    if (title === '') return
    const id = node.properties.id
    this.#shared.headings++
    const destination =
      typeof id === 'string' && id !== ''
        ? this.#walker.destination(id)
        : this.#walker.destination(`heading-${this.#shared.headings}`)
    this.destinations.add(destination)
    const scale = context.scale
    const size = this.#body * style.size * scale
    const leading = size * style.leading
    const owner = context.parent.child(`H${level}`)
    const headline = context.titleBlock && level === 1
    this.#textBlock(
      this.#runs(node.children, { ...context, style: { ...context.style, bold: true, italic: style.italic } }, owner),
      context,
      {
        owner,
        size,
        leading,
        spaceBefore: (headline ? 0 : style.before) * this.#leading * scale,
        spaceAfter: style.after * this.#leading * scale,
        align: 'left',
        keepWithNext: true,
        unbreakable: true,
        hyphenate: false,
        heading: { level, title, destination },
        anchors: [destination],
        source: sourceOf(node),
      },
    )
  }

  #list(node: Element, context: Context): void {
    const ordered = node.tagName === 'ol'
    const items = node.children.filter((child): child is Element => child.type === 'element' && child.tagName === 'li')
    const stray = node.children.filter(
      (child) => !isWhitespace(child) && !(child.type === 'element' && child.tagName === 'li'),
    )
    if (stray.length > 0) {
      this.#walker.file.message('Content of a list outside its items is left out of the PDF edition', {
        place: node.position,
        ruleId: ruleIds.unhandledNode,
        source: messageSource,
      })
    }
    const start = Number(node.properties.start ?? 1)
    this.#listItems(items, context, ordered, Number.isFinite(start) ? start : 1, node)
  }

  #listItems(items: Element[], context: Context, ordered: boolean, start: number, listNode: Element): void {
    const list = context.parent.child('L', {
      attributes: { O: 'List', ListNumbering: ordered ? 'Decimal' : 'Disc' },
    })
    const bullets = ['•', '–', '◦']
    const size = this.#body * context.scale
    const labels = items.map((_, index) => (ordered ? `${start + index}.` : (bullets[context.listDepth % 3] as string)))
    const face = this.#walker.fonts.body.regular
    const widest = Math.max(0, ...labels.map((label) => face.width(label, size)))
    const gap = size * 0.55
    const indent = Math.max(size * 1.7, widest + gap)
    const tight = items.every(
      (item) => !item.children.some((child) => child.type === 'element' && child.tagName === 'p'),
    )
    const first = this.blocks.length
    items.forEach((item, index) => {
      const listItem = list.child('LI')
      const label = listItem.child('Lbl')
      const body = listItem.child('LBody')
      this.#anchor(item)
      const itemContext: Context = {
        ...context,
        left: context.left + indent,
        width: context.width - indent,
        parent: body,
        listDepth: context.listDepth + 1,
      }
      const before = this.blocks.length
      this.#flow(item.children, itemContext, body)
      const labelText = labels[index] as string
      const firstBlock = this.blocks[before]
      const labelRun = plainRun(labelText, { ...context.style, bold: false, italic: false }, item.position)
      const labelLines = (leading: number, labelSize: number) =>
        breakLines([labelRun], {
          fonts: this.#walker.fonts,
          size: labelSize,
          leading,
          align: 'right',
          shape: () => ({ width: widest, indent: 0 }),
          hyphenator: this.#walker.hyphenator,
          hyphenate: false,
          onMissing: (run, characters) => this.#missing(run, characters),
        })
      if (firstBlock?.kind === 'text' && firstBlock.lines.length > 0) {
        const firstLine = firstBlock.lines[0] as Line
        const labelLine = labelLines(firstLine.height, firstLine.pieces[0]?.size ?? size)[0]
        if (labelLine) {
          labelLine.baseline = firstLine.baseline
          labelLine.height = firstLine.height
          firstBlock.label = { line: labelLine, x: context.left + indent - gap - widest, owner: label }
        }
      } else {
        const lines = labelLines(this.#leading * context.scale, size)
        this.blocks.splice(before, 0, {
          kind: 'text',
          x: context.left + indent - gap - widest,
          width: widest,
          spaceBefore: 0,
          spaceAfter: 0,
          keepWithNext: true,
          anchors: [],
          source: sourceOf(item),
          lines,
          owner: label,
          unbreakable: true,
          minLines: 1,
          heading: undefined,
          label: undefined,
          background: undefined,
        })
      }
      // Items of a tight list sit close together.
      const last = this.blocks.at(-1)
      if (tight && last && index < items.length - 1) last.spaceAfter = this.#leading * context.scale * 0.15
    })
    const firstOfList = this.blocks[first]
    if (firstOfList) {
      firstOfList.spaceBefore = Math.max(firstOfList.spaceBefore, this.#leading * context.scale * 0.3)
      if (firstOfList.source.element === undefined) firstOfList.source = sourceOf(listNode)
    }
    const last = this.blocks.at(-1)
    if (last && this.blocks.length > first)
      last.spaceAfter = Math.max(last.spaceAfter, this.#leading * context.scale * 0.5)
  }

  #code(node: Element, context: Context): void {
    const text = hastToString(node).replace(/\n$/, '')
    const size = this.#body * 0.86 * context.scale
    const leading = size * 1.4
    const padding = size * 0.6
    const owner = context.parent.child('P').child('Code')
    const width = context.width - padding * 2
    const lines: Line[] = []
    const style: InlineStyle = { ...context.style, mono: true, hyphenate: false, italic: false, bold: false }
    for (const raw of text.split('\n')) {
      let column = 0
      const expanded = raw.replace(/\t/g, () => {
        const spaces = 4 - (column % 4)
        column += spaces
        return ' '.repeat(spaces)
      })
      const run: TextRun = { ...plainRun(expanded, style, node.position), owner }
      const broken = breakLines([{ ...run, text: expanded.replace(/ /g, '\u00A0') }], {
        fonts: this.#walker.fonts,
        size,
        leading,
        align: 'left',
        shape: () => ({ width, indent: 0 }),
        hyphenator: this.#walker.hyphenator,
        hyphenate: false,
        onMissing: (missingRun, characters) => this.#missing(missingRun, characters),
      })
      for (const line of broken) {
        // Spaces were kept as no-break spaces for breaking; draw them as spaces.
        for (const piece of line.pieces) piece.text = piece.text.replace(/\u00A0/g, ' ')
        for (const piece of line.pieces) piece.x += padding
      }
      if (broken.length === 0) {
        const regular = this.#walker.fonts.body.regular
        broken.push({
          pieces: [],
          height: leading,
          baseline: (leading + (regular.ascent + regular.descent) * size) / 2,
          width: 0,
          brokenWord: false,
        })
      }
      lines.push(...broken)
    }
    this.#push({
      kind: 'text',
      x: context.left,
      width: context.width,
      spaceBefore: this.#leading * context.scale * 0.6,
      spaceAfter: this.#leading * context.scale * 0.8,
      keepWithNext: false,
      anchors: [],
      source: sourceOf(node),
      lines,
      owner,
      unbreakable: false,
      minLines: 2,
      heading: undefined,
      label: undefined,
      background: codeBackground,
    })
  }

  #rule(context: Context, before: number, after: number, width: number, align: 'center' | 'left' = 'center'): void {
    this.#push({
      kind: 'rule',
      x: context.left + (align === 'center' ? (context.width - width) / 2 : 0),
      width,
      spaceBefore: before,
      spaceAfter: after,
      // A rule separates what follows from what precedes: it never ends a page.
      keepWithNext: true,
      anchors: [],
      source: sourceOf(undefined, 'hr'),
      thickness: 0.5,
    })
  }

  #image(node: Element, context: Context): void {
    const found = blockImage(node)
    if (!found) return
    const { image: element, link } = found
    const alt = typeof element.properties.alt === 'string' ? element.properties.alt : undefined
    const resolved = this.#walker.images.get(element)
    this.#anchor(element)
    if (!resolved) {
      // The image cannot be embedded: its alternative text stands in.
      if (alt) {
        this.#paragraph(
          [{ type: 'text', value: `[${alt}]`, position: element.position }],
          { ...context, style: { ...context.style, italic: true } },
          { align: 'center', hyphenate: false },
          context.parent.child('P'),
          element,
        )
      }
      return
    }
    if (alt === undefined) {
      this.#walker.file.message(
        'An image without `alt` is set as decoration in the PDF edition; describe it with `alt` (or `alt=""` if it is decorative)',
        { place: element.position, ruleId: ruleIds.missingAlt, source: messageSource },
      )
    }
    const settings = this.#walker.settings
    const maxHeight = (settings.pageHeight - settings.margins.top - settings.margins.bottom) * 0.8
    let width = Math.min(resolved.width, context.width)
    let height = (resolved.height * width) / resolved.width
    if (height > maxHeight) {
      width = (width * maxHeight) / height
      height = maxHeight
    }
    const href = link?.properties.href
    const target = typeof href === 'string' ? linkTarget(href, this.#walker.destination) : undefined
    // A linked image: its Figure inside a Link, which also holds the annotation.
    const container = target ? context.parent.child('Link') : context.parent
    this.#push({
      kind: 'image',
      x: context.left + (context.width - width) / 2,
      width,
      height,
      spaceBefore: this.#leading * 0.8,
      spaceAfter: this.#leading * 0.8,
      keepWithNext: false,
      anchors: [],
      source: sourceOf(element),
      image: resolved.image,
      owner: alt ? container.child('Figure', { alt }) : undefined,
      link: target ? { target, owner: container, label: alt ?? '' } : undefined,
    })
  }

  /** "Originally published in …" from `metadata.source`, in the title block. */
  #originalPublication(context: Context): void {
    const source = this.#walker.metadata.source
    if (!source) return
    const labels = this.#walker.settings.labels
    const language = this.#walker.metadata.language
    const base = { ...context.style, color: gray }
    const nodes: ElementContent[] = [{ type: 'text', value: `${labels.originallyPublished} ` }]
    const name: Element = {
      type: 'element',
      tagName: 'cite',
      properties: {},
      children: [{ type: 'text', value: source.name }],
    }
    nodes.push(
      source.url ? { type: 'element', tagName: 'a', properties: { href: source.url }, children: [name] } : name,
    )
    if (source.date) nodes.push({ type: 'text', value: `, ${formatDate(source.date, language)}` })
    nodes.push({ type: 'text', value: '.' })
    this.#paragraph(
      nodes,
      { ...context, style: base },
      { scale: 0.88, spaceBefore: 0.2, spaceAfter: 0.2, align: 'left', hyphenate: false, keepWithNext: true },
      context.parent.child('P'),
    )
  }

  #table(node: Element, context: Context): void {
    const table = context.parent.child('Table')
    const scale = context.scale * 0.92
    const size = this.#body * scale
    const padding = size * 0.45
    const rows: Array<{ tr: Element; head: boolean; owner: StructNode }> = []
    const sectionNodes = new Map<string, StructNode>()
    const collect = (parent: Element, section: string) => {
      for (const child of parent.children) {
        if (child.type !== 'element') continue
        if (child.tagName === 'tr') {
          let group = sectionNodes.get(section)
          if (!group) {
            group = table.child(section === 'thead' ? 'THead' : section === 'tfoot' ? 'TFoot' : 'TBody')
            sectionNodes.set(section, group)
          }
          rows.push({ tr: child, head: section === 'thead', owner: group.child('TR') })
        } else if (['thead', 'tbody', 'tfoot'].includes(child.tagName)) {
          collect(child, child.tagName)
        } else if (child.tagName === 'caption') {
          this.#paragraph(
            child.children,
            context,
            { align: 'center', scale: 0.9, keepWithNext: true },
            table.child('Caption'),
            child,
          )
        }
      }
    }
    collect(node, 'tbody')
    if (rows.length === 0) return
    const cellsOf = (tr: Element) =>
      tr.children.filter(
        (cell): cell is Element => cell.type === 'element' && (cell.tagName === 'td' || cell.tagName === 'th'),
      )
    const columns = Math.max(...rows.map(({ tr }) => cellsOf(tr).length))
    if (columns === 0) return
    // Natural and smallest widths of each column, from its cells' text.
    const face = this.#walker.fonts.body.regular
    const bold = this.#walker.fonts.body.bold
    const natural = new Array<number>(columns).fill(0)
    const smallest = new Array<number>(columns).fill(0)
    for (const { tr, head } of rows) {
      cellsOf(tr).forEach((cell, index) => {
        const text = hastToString(cell).replace(/\s+/g, ' ').trim()
        const measure = head || cell.tagName === 'th' ? bold : face
        natural[index] = Math.max(natural[index] as number, measure.width(text, size) + padding * 2)
        const longest = Math.max(0, ...text.split(' ').map((word) => measure.width(word, size)))
        smallest[index] = Math.max(smallest[index] as number, Math.min(longest, size * 8) + padding * 2)
      })
    }
    const available = context.width
    const sumNatural = natural.reduce((a, b) => a + b, 0)
    const sumSmallest = smallest.reduce((a, b) => a + b, 0)
    let widths: number[]
    if (sumNatural <= available)
      widths = natural.map((width) => width + ((available - sumNatural) * width) / sumNatural)
    else if (sumSmallest <= available) {
      const flexible = sumNatural - sumSmallest
      widths = smallest.map(
        (width, index) => width + ((available - sumSmallest) * ((natural[index] as number) - width)) / (flexible || 1),
      )
    } else widths = smallest.map((width) => (width * available) / sumSmallest)
    const tableRows: TableRow[] = []
    let spanReported = false
    for (const { tr, head, owner } of rows) {
      const cells: TableCell[] = []
      let x = 0
      cellsOf(tr).forEach((cell, index) => {
        const width = widths[index] ?? 0
        const header = cell.tagName === 'th'
        if (!spanReported && (Number(cell.properties.colSpan ?? 1) > 1 || Number(cell.properties.rowSpan ?? 1) > 1)) {
          spanReported = true
          this.#walker.file.message(
            'The PDF edition sets table cells one per column; `colspan` and `rowspan` are ignored',
            {
              place: cell.position,
              ruleId: ruleIds.unhandledNode,
              source: messageSource,
            },
          )
        }
        const cellOwner = owner.child(header ? 'TH' : 'TD', {
          attributes: header ? { O: 'Table', Scope: head ? 'Column' : 'Row' } : undefined,
        })
        const walker = new BlockWalker(this.#walker, this.#shared)
        walker.#flow(
          cell.children,
          {
            ...context,
            left: 0,
            width: width - padding * 2,
            scale,
            style: { ...context.style, bold: header || context.style.bold },
            parent: cellOwner,
            cell: true,
          },
          cellOwner,
        )
        for (const name of walker.destinations) this.destinations.add(name)
        const blocks = walker.blocks.filter((block): block is TextBlock => block.kind === 'text')
        if (blocks.length < walker.blocks.length) {
          this.#walker.file.message('Only text is set in table cells of the PDF edition; other content is left out', {
            place: cell.position,
            ruleId: ruleIds.unhandledNode,
            source: messageSource,
          })
        }
        const last = blocks.at(-1)
        if (last) last.spaceAfter = 0
        cells.push({ x, width, blocks, header })
        x += width
      })
      const height = Math.max(
        size * 1.4 + padding * 2,
        ...cells.map((cell) => {
          let total = padding * 2
          cell.blocks.forEach((block, index) => {
            if (index > 0) total += block.spaceBefore
            for (const line of block.lines) total += line.height
            if (index < cell.blocks.length - 1) total += block.spaceAfter
          })
          return total
        }),
      )
      tableRows.push({ cells, height, head, owner })
    }
    this.#push({
      kind: 'table',
      x: context.left,
      width: available,
      spaceBefore: this.#leading * context.scale * 0.8,
      spaceAfter: this.#leading * context.scale * 0.9,
      keepWithNext: false,
      anchors: [],
      source: sourceOf(node),
      rows: tableRows,
      padding,
    })
  }
}

interface ParagraphOptions {
  scale?: number
  spaceBefore?: number
  spaceAfter?: number
  align?: Align
  keepWithNext?: boolean
  hyphenate?: boolean
  /** Text at the start (an em-dash point) that the following lines hang from. */
  hangingPrefix?: string | undefined
}
