import { type PublicationOptions, publicationMetadata, toPublication } from '@colophon/article-hast'
import { buildDate } from '@colophon/metadata'
import type { Root } from 'hast'
import PDFDocument from 'pdfkit'
import type { VFile } from 'vfile'
import { imageOpener, writeDocument } from './article.js'
import { createDocument } from './document.js'
import { FontStack } from './fonts.js'
import type { Piece } from './layout.js'
import { type Options, resolveSettings } from './options.js'
import { layOutPublication } from './publication.js'
import { StructNode } from './structure.js'

/** The publication tree of any hast tree, the labels of the options over the built-in ones. */
function publicationOf(tree: Root, file: VFile, options: Options): Root {
  const publicationOptions: PublicationOptions = options.labels ? { labels: options.labels } : {}
  return toPublication(tree, file, publicationOptions)
}

/**
 * Render the PDF edition of a publication: a document or a book.
 *
 * @param tree
 *   The publication tree (from `@colophon/article-hast`: `toArticleHast`,
 *   `toBookHast`, the pipeline), or any hast tree (from `remark-rehype`, say),
 *   which becomes one first (`toPublication`). A book (a tree with a
 *   `nav.contents`) is laid out as a book: its title block on a title page
 *   without a folio, its contents with page numbers from the next page, each
 *   article from a new page.
 * @param file
 *   Its file. Its metadata (`file.data.metadata`) gives the Info dictionary
 *   and the XMP; missing metadata is completed (only a title and a language
 *   matter) with messages. Messages about the PDF (`unhandled-node`,
 *   `missing-glyph`, image problems) are added to it.
 * @param options
 *   Configuration (optional).
 * @returns
 *   The PDF file's bytes.
 */
export async function renderPdf(tree: Root, file: VFile, options: Options = {}): Promise<Uint8Array> {
  return renderPublication(publicationOf(tree, file, options), file, options)
}

/**
 * Render a publication tree.
 *
 * @param articleFiles
 *   Files that messages about each article go on (default: `file`).
 */
export async function renderPublication(
  publication: Root,
  file: VFile,
  options: Options,
  articleFiles: ReadonlyArray<VFile> = [],
): Promise<Uint8Array> {
  const metadata = publicationMetadata(file)
  const settings = resolveSettings(options)
  const fonts = new FontStack(options.fonts)
  const open = createDocument(metadata, settings, options.date ?? buildDate(metadata), fonts)
  const root = new StructNode('Document')
  const laidOut = await layOutPublication(publication, file, settings, fonts, imageOpener(open.doc), root, articleFiles)
  return writeDocument(
    open,
    settings,
    fonts,
    laidOut.pagination,
    laidOut.articles,
    file,
    root,
    laidOut.known,
    laidOut.outline,
  )
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
  /**
   * How each line (text blocks) was justified: its spaces stretched
   * (positive, in multiples of their stretchability) or shrunk (negative);
   * 0 at natural width (the last line, ragged text).
   */
  ratios: number[]
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
 * Lay a publication out as `renderPdf` does, without writing the PDF: which
 * pages each block lands on, with how many of its lines. For checking page
 * breaks (widows, orphans, headings kept with what follows) and for tools.
 *
 * @param tree
 *   The publication tree, or any hast tree (see `renderPdf`).
 * @param file
 *   Its file (metadata completed as for `renderPdf`).
 * @param options
 *   The options `renderPdf` would get.
 */
export async function layoutArticle(tree: Root, file: VFile, options: Options = {}): Promise<ArticleLayout> {
  const publication = publicationOf(tree, file, options)
  const settings = resolveSettings(options)
  const fonts = new FontStack(options.fonts)
  const scratch = new PDFDocument({ autoFirstPage: false, font: null as unknown as string })
  const { pagination } = await layOutPublication(
    publication,
    file,
    settings,
    fonts,
    imageOpener(scratch),
    new StructNode('Document'),
  )
  const { pages, placements } = pagination
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
      ratios: block.kind === 'text' ? block.lines.map((line) => line.ratio) : [],
    })),
  }
}
