/**
 * Books: several articles in one PDF, after a table of contents with page
 * numbers and links; each article starts on a new page, keeps its own
 * running header and its own branch of the outline.
 */
import { buildDate, type Metadata } from '@colophon/remark-metadata'
import type { Element, Root } from 'hast'
import { VFile } from 'vfile'
import { frameOf, imageOpener, type PreparedArticle, prepareArticle, writeDocument } from './article.js'
import { BlockWalker } from './blocks/index.js'
import { createDocument } from './document.js'
import { FontStack } from './fonts.js'
import { Hyphenator } from './hyphenation.js'
import {
  type FlowBlock,
  gray,
  type HeadingEntry,
  type InlineStyle,
  ink,
  type LinkTarget,
  type Piece,
  type TextBlock,
  type TextRun,
} from './layout.js'
import { breakLines } from './linebreak.js'
import { type Options, resolveSettings, type Settings } from './options.js'
import { type Pagination, paginate } from './paginate.js'
import { StructNode } from './structure.js'

/** An article of a book: its shared hast tree and its file (with `data.metadata`). */
export interface BookArticle {
  tree: Root
  file: VFile
}

/** A book: its own metadata (title, authors, language…) and its articles, in order. */
export interface Book {
  metadata: Metadata
  articles: ReadonlyArray<BookArticle>
}

const contentsDestination = 'contents'

function articleDestination(index: number): string {
  return `article-${index + 1}`
}

function element(tagName: string, properties: Element['properties'], text: string): Element {
  return { type: 'element', tagName, properties, children: [{ type: 'text', value: text }] }
}

function style(changes: Partial<InlineStyle> = {}): InlineStyle {
  return { ...BlockWalker.baseStyle(), ...changes }
}

/** The table of contents: the book's title block, a "Contents" heading, an entry per article. */
function contentsBlocks(
  book: Book,
  articles: ReadonlyArray<PreparedArticle>,
  pages: ReadonlyArray<number>,
  settings: Settings,
  fonts: FontStack,
  root: StructNode,
): FlowBlock[] {
  const { metadata } = book
  const header: Element[] = [element('h1', { className: ['headline'] }, metadata.title)]
  if (metadata.authors.length > 0) {
    header.push(element('p', { className: ['byline'] }, metadata.authors.map((person) => person.name).join(', ')))
  }
  const tree: Root = {
    type: 'root',
    children: [
      {
        type: 'element',
        tagName: 'article',
        properties: {},
        children: [
          { type: 'element', tagName: 'header', properties: {}, children: header },
          element('h2', { id: contentsDestination }, settings.labels.contents),
        ],
      },
    ],
  }
  const hyphenator = new Hyphenator(undefined)
  const walker = new BlockWalker({
    file: new VFile(),
    metadata: { ...metadata, source: undefined },
    settings,
    fonts,
    hyphenator,
    images: new Map(),
    justify: false,
    destination: (id) => id,
  })
  walker.walkArticle(tree, root)
  const blocks: FlowBlock[] = [...walker.blocks]
  const toc = root.child('TOC')
  const size = settings.fontSize * 1.05
  const leading = settings.fontSize * settings.lineHeight * 1.05
  const regular = fonts.body.regular
  const gap = size * 0.6
  const numberWidth = regular.width('0000', size)
  articles.forEach((article, index) => {
    const entry = toc.child('TOCI')
    const link = entry.child('Reference').child('Link')
    const target: LinkTarget = { kind: 'destination', name: articleDestination(index) }
    const title = article.metadata.headline ?? article.metadata.title
    const run = (text: string, runStyle: InlineStyle, owner: StructNode | undefined): TextRun => ({
      type: 'text',
      text,
      style: runStyle,
      link: owner === link ? target : undefined,
      linkLabel: owner === link ? title : undefined,
      owner,
      anchors: [],
      position: undefined,
    })
    const lines = breakLines([run(title, style({ color: ink }), link)], {
      fonts,
      size,
      leading,
      align: 'left',
      shape: () => ({ width: settings.measure - numberWidth - gap * 2, indent: 0 }),
      hyphenator,
      hyphenate: false,
      onMissing: () => {},
    })
    const last = lines.at(-1)
    if (!last) return
    // The page number at the right edge, dot leaders between (an artifact).
    const number = String((pages[index] ?? 0) + 1)
    const numberRun = run(number, style(), link)
    const width = regular.width(number, size)
    const numberX = settings.measure - width
    const lastPiece = last.pieces.at(-1) as Piece
    const unit = regular.width('. ', size)
    const room = numberX - gap - (lastPiece.x + lastPiece.width + gap)
    const count = Math.floor(room / unit)
    const piece = (text: string, x: number, pieceWidth: number, artifact: boolean): Piece => ({
      text,
      face: regular,
      size,
      x,
      width: pieceWidth,
      rise: 0,
      style: artifact ? style({ color: gray }) : numberRun.style,
      run: numberRun,
      glue: false,
      hyphen: false,
      actualText: undefined,
      artifact,
    })
    if (count > 0) {
      const leader = '. '.repeat(count).trimEnd()
      const leaderWidth = regular.width(leader, size)
      last.pieces.push(piece(leader, numberX - gap - leaderWidth, leaderWidth, true))
    }
    last.pieces.push(piece(number, numberX, width, false))
    const entryBlock: TextBlock = {
      kind: 'text',
      x: 0,
      width: settings.measure,
      spaceBefore: leading * 0.35,
      spaceAfter: 0,
      keepWithNext: article.metadata.authors.length > 0,
      anchors: [],
      source: { tag: 'toc-entry', className: undefined, element: undefined },
      lines,
      owner: link,
      unbreakable: true,
      minLines: 1,
      heading: undefined,
      label: undefined,
      background: undefined,
    }
    blocks.push(entryBlock)
    if (article.metadata.authors.length > 0) {
      const authors = article.metadata.authors.map((person) => person.name).join(', ')
      const owner = entry.child('P')
      blocks.push({
        ...entryBlock,
        spaceBefore: 0,
        keepWithNext: false,
        source: { tag: 'toc-authors', className: undefined, element: undefined },
        owner,
        lines: breakLines([run(authors, style({ italic: true, color: gray, scale: 0.9 }), owner)], {
          fonts,
          size,
          leading: leading * 0.9,
          align: 'left',
          shape: () => ({ width: settings.measure - numberWidth - gap * 2, indent: 0 }),
          hyphenator,
          hyphenate: false,
          onMissing: () => {},
        }),
      })
    }
  })
  return blocks
}

/**
 * Render several articles as one PDF: a table of contents (titles, authors,
 * page numbers, links to the articles), then each article from a new page,
 * with the outline holding a branch per article.
 *
 * @param book
 *   The book's metadata (Info, XMP, title page) and its articles, each a
 *   shared hast tree and its file (`file.data.metadata` set). Messages about
 *   an article go on its file.
 * @param options
 *   Configuration, as for `renderPdf`.
 * @returns
 *   The PDF file's bytes.
 */
export async function renderPdfBook(book: Book, options: Options = {}): Promise<Uint8Array> {
  if (book.articles.length === 0) throw new Error('A book needs at least one article')
  const settings = resolveSettings(options, book.metadata.language)
  const fonts = new FontStack(options.fonts)
  const open = createDocument(book.metadata, settings, options.date ?? buildDate(book.metadata), fonts)
  const root = new StructNode('Document')
  const articles: PreparedArticle[] = []
  for (const [index, { tree, file }] of book.articles.entries()) {
    const article = await prepareArticle(tree, file, settings, fonts, imageOpener(open.doc), root, `a${index + 1}-`)
    if (article.metadata.language !== book.metadata.language) article.art.properties.lang = article.metadata.language
    const start = articleDestination(index)
    article.destinations.add(start)
    article.blocks[0]?.anchors.unshift(start)
    articles.push(article)
  }
  const flow = (pages: ReadonlyArray<number>): FlowBlock[] => [
    ...contentsBlocks(book, articles, pages, settings, fonts, root),
    ...articles.flatMap((article, index): FlowBlock[] => [
      {
        kind: 'page-break',
        x: 0,
        width: 0,
        spaceBefore: 0,
        spaceAfter: 0,
        keepWithNext: false,
        anchors: [],
        source: { tag: 'article', className: undefined, element: undefined },
        articleStart: index,
      },
      ...article.blocks,
    ]),
  ]
  // The contents give page numbers and take pages: lay out until the numbers hold.
  let starts = articles.map(() => 0)
  let pagination: Pagination = paginate(flow(starts), frameOf(settings), -1)
  for (let attempt = 0; attempt < 4; attempt++) {
    const found = articles.map((_, index) =>
      pagination.pages.findIndex((page) => page.article === index && page.articleStart),
    )
    if (found.every((page, index) => page === starts[index])) break
    starts = found
    pagination = paginate(flow(starts), frameOf(settings), -1)
  }
  const known = new Set<string>([contentsDestination, ...articles.flatMap((article) => [...article.destinations])])
  const outline: HeadingEntry[] = [{ level: 1, title: settings.labels.contents, destination: contentsDestination }]
  articles.forEach((article, index) => {
    const headings = pagination.pages.filter((page) => page.article === index).flatMap((page) => page.headings)
    if (!headings.some((heading) => heading.level === 1)) {
      outline.push({
        level: 1,
        title: article.metadata.headline ?? article.metadata.title,
        destination: articleDestination(index),
      })
    }
    outline.push(...headings)
  })
  return writeDocument(
    open,
    settings,
    fonts,
    pagination,
    articles.map((article) => ({ file: article.file, title: article.metadata.title })),
    root,
    known,
    outline,
  )
}
