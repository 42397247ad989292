/**
 * Books made of separate articles: their publication tree built with
 * `toBookHast` of `@colophon/article-hast`, then laid out as any book tree
 * is (see `publication.ts`).
 */
import { toBookHast, toPublication } from '@colophon/article-hast'
import type { Metadata } from '@colophon/metadata'
import type { Root } from 'hast'
import { VFile } from 'vfile'
import type { Options } from './options.js'
import { renderPublication } from './render.js'

/**
 * An article of a book: its publication tree (built with its own `idPrefix`,
 * `a1-`, `a2-`…, so ids stay unique in the book) and its file (metadata,
 * corrections, entities; messages about the article go on it).
 */
export interface BookArticle {
  tree: Root
  file: VFile
}

/** A book: its own metadata (title, authors, language…) and its articles, in order. */
export interface Book {
  metadata: Metadata
  articles: ReadonlyArray<BookArticle>
}

/**
 * Render several articles as one PDF: the book's title block and contents
 * (titles, authors, page numbers, links to the articles), then each article
 * from a new page, with its own running header and branch of the outline.
 * The same as `renderPdf` of the tree `toBookHast` makes of them.
 *
 * @param book
 *   The book's metadata (Info, XMP, title block) and its articles.
 * @param options
 *   Configuration, as for `renderPdf`.
 * @returns
 *   The PDF file's bytes.
 */
export async function renderPdfBook(book: Book, options: Options = {}): Promise<Uint8Array> {
  if (book.articles.length === 0) throw new Error('A book needs at least one article')
  const labels = options.labels ? { labels: options.labels } : {}
  const trees = book.articles.map(({ tree, file }) => toPublication(tree, file, labels))
  // The book's file holds what every article's says of names: none of them is hyphenated.
  const file = new VFile()
  file.data.metadata = book.metadata
  file.data.corrections = book.articles.flatMap((article) => article.file.data.corrections ?? [])
  file.data.entities = book.articles.flatMap((article) => article.file.data.entities ?? [])
  return renderPublication(
    toBookHast(trees, book.metadata, labels),
    file,
    options,
    book.articles.map((article) => article.file),
  )
}
