import { buildDate } from '@colophon/remark-metadata'
import type { Root } from 'hast'
import PDFDocument from 'pdfkit'
import type { VFile } from 'vfile'
import { frameOf, imageOpener, metadataOf, prepareArticle, writeDocument } from './article.js'
import { createDocument } from './document.js'
import { FontStack } from './fonts.js'
import type { Piece } from './layout.js'
import { type Options, resolveSettings } from './options.js'
import { paginate } from './paginate.js'
import { StructNode } from './structure.js'

/**
 * Render the PDF edition of an article.
 *
 * @param tree
 *   The shared hast tree (from `@colophon/article-hast`).
 * @param file
 *   The document's file; `file.data.metadata` must be set. Messages
 *   (`unhandled-node`, `missing-glyph`, image problems) are added to it.
 * @param options
 *   Configuration (optional).
 * @returns
 *   The PDF file's bytes.
 */
export async function renderPdf(tree: Root, file: VFile, options: Options = {}): Promise<Uint8Array> {
  const metadata = metadataOf(file)
  const settings = resolveSettings(options, metadata.language)
  const fonts = new FontStack(options.fonts)
  const open = createDocument(metadata, settings, options.date ?? buildDate(metadata), fonts)
  const root = new StructNode('Document')
  const article = await prepareArticle(tree, file, settings, fonts, imageOpener(open.doc), root)
  const pagination = paginate(article.blocks, frameOf(settings))
  return writeDocument(open, settings, fonts, pagination, [{ file, title: metadata.title }], root, article.destinations)
}

/** One block of the flow and where it went. */
export interface LaidOutBlock {
  kind: 'text' | 'image' | 'rule' | 'table' | 'page-break'
  /** The element it comes from (`p`, `h2`, `li`…), and its first class. */
  tag: string
  className: string | undefined
  /**
   * Its text as set (text blocks): lines joined with `\n`; a hyphen added at
   * a break is U+00AD.
   */
  text: string
  /** Pages it is on (1-based), in order. */
  pages: number[]
  /** Lines (text), rows (tables) or 1 (images, rules) on each of those pages. */
  lines: number[]
}

/** Where an article's content goes, page by page. */
export interface ArticleLayout {
  pageCount: number
  blocks: LaidOutBlock[]
  /** Headings with the page they are on. */
  headings: Array<{ level: number; title: string; page: number; destination: string }>
}

function pieceText(pieces: ReadonlyArray<Piece>): string {
  return pieces.map((piece) => piece.text).join('')
}

/**
 * Lay an article out as `renderPdf` does, without writing the PDF: which
 * pages each block lands on, with how many of its lines. For checking page
 * breaks (widows, orphans, headings kept with what follows) and for tools.
 *
 * @param tree
 *   The shared hast tree.
 * @param file
 *   The document's file; `file.data.metadata` must be set.
 * @param options
 *   The options `renderPdf` would get.
 */
export async function layoutArticle(tree: Root, file: VFile, options: Options = {}): Promise<ArticleLayout> {
  const settings = resolveSettings(options, metadataOf(file).language)
  const fonts = new FontStack(options.fonts)
  const scratch = new PDFDocument({ autoFirstPage: false, font: null as unknown as string })
  const article = await prepareArticle(tree, file, settings, fonts, imageOpener(scratch), new StructNode('Document'))
  const { pages, placements } = paginate(article.blocks, frameOf(settings))
  const headings = pages.flatMap((page, index) => page.headings.map((heading) => ({ ...heading, page: index + 1 })))
  return {
    pageCount: pages.length,
    headings,
    blocks: placements.map(({ block, pages: on, counts }) => ({
      kind: block.kind,
      tag: block.source.tag,
      className: block.source.className,
      text: block.kind === 'text' ? block.lines.map((line) => pieceText(line.pieces)).join('\n') : '',
      pages: on.map((index) => index + 1),
      lines: counts,
    })),
  }
}
