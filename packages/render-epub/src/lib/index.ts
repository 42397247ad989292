import { readFileSync } from 'node:fs'
import { buildDate, type Metadata, requireMetadata } from '@colophon/remark-metadata'
import type { Element, ElementContent, Root } from 'hast'
import type { VFile } from 'vfile'
import { articleParts, headingEntries, imagesHaveAlt, type Part } from './chapters.js'
import { defaultFonts, type EmbeddedFont, embedFonts } from './fonts.js'
import { accessibilityMetadata, defaultLabels, type EpubLabels, generatedCover, titlePage } from './frontmatter.js'
import { type ContentDocument, packageEpub, type Resource, type TocEntry } from './package.js'
import { documentText } from './xhtml.js'

/** A cover image given by the user. */
export interface CoverImage {
  data: Uint8Array
  /** `image/png`, `image/jpeg`, `image/gif`, `image/webp` or `image/svg+xml`. */
  mediaType: string
}

/** Configuration for `renderEpub` and `renderEpubBook`. */
export interface Options {
  /** Stylesheet that replaces the default one (default: the bundled `epub.css`). */
  css?: string | undefined
  /** Extra CSS appended after the stylesheet (default: none). */
  extraCss?: string | undefined
  /** The build date (default: `SOURCE_DATE_EPOCH`, else the publication's date). */
  date?: Date | undefined
  /** Add a title page (default: `true`). */
  titlePage?: boolean | undefined
  /** Move the editorial notes into a chapter of their own (`true`), or leave them out (`false`) (default: `true`). */
  editorialNotes?: boolean | undefined
  /** Start a new content document at each heading of this depth or shallower (2–6) (default: one document per article). */
  split?: number | undefined
  /** A cover image, or `generate` for a typographic SVG cover (default: no cover). */
  cover?: CoverImage | 'generate' | undefined
  /** Wording of the parts Colophon adds (default: English). */
  labels?: Partial<EpubLabels> | undefined
  /**
   * Embed fonts, subset to the characters used: `true` for Noto Serif (four
   * faces), or faces of your own (default: `false`; reading systems use their
   * fonts).
   */
  embedFonts?: boolean | ReadonlyArray<EmbeddedFont> | undefined
}

/** An article of a publication: its shared tree and its file (with `data.metadata`). */
export interface EpubArticle {
  tree: Root
  file: VFile
}

/** A publication of several articles. */
export interface EpubBook {
  /** The book's metadata (see `bookMetadata` in `@colophon/remark-metadata`). */
  metadata: Metadata
  articles: ReadonlyArray<EpubArticle>
}

/** The default stylesheet of the EPUB edition. */
export const defaultCss: string = readFileSync(new URL('../../assets/epub.css', import.meta.url), 'utf8')

const coverExtension: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
}

function element(tagName: string, properties: Element['properties'], children: ElementContent[]): Element {
  return { type: 'element', tagName, properties, children }
}

/** The notes heading becomes the chapter's h1. */
function notesChapter(
  sections: ReadonlyArray<{ title: string | undefined; notes: Element }>,
  title: string,
): ElementContent[] {
  const body: ElementContent[] = [element('h1', { id: 'editorial-notes' }, [{ type: 'text', value: title }])]
  for (const { title: articleTitle, notes } of sections) {
    const [, ...rest] = notes.children
    const content =
      sections.length > 1 && articleTitle ? [element('h2', {}, [{ type: 'text', value: articleTitle }]), ...rest] : rest
    body.push(element('section', { className: ['editorial-notes'] }, content as ElementContent[]))
  }
  return body
}

/**
 * Render a publication of one or more articles as EPUB 3.
 *
 * Documents, in reading order: the cover (when asked), the title page, each
 * article (split at a heading depth when asked), the editorial notes.
 */
async function renderPublication(
  metadata: Metadata,
  articles: ReadonlyArray<EpubArticle>,
  options: Options,
): Promise<Uint8Array> {
  const labels = { ...defaultLabels, ...options.labels }
  const date = options.date ?? buildDate(metadata)
  const book = articles.length > 1
  const documents: ContentDocument[] = []
  const resources = new Map<string, Resource>()

  let coverId: string | undefined
  if (options.cover) {
    const cover: CoverImage =
      options.cover === 'generate'
        ? { data: new TextEncoder().encode(generatedCover(metadata)), mediaType: 'image/svg+xml' }
        : options.cover
    const extension = coverExtension[cover.mediaType]
    if (!extension) throw new Error(`EPUB: a cover must be PNG, JPEG, GIF, WebP or SVG, not ${cover.mediaType}`)
    coverId = 'cover-image'
    resources.set('cover', {
      id: coverId,
      filename: `images/cover.${extension}`,
      mediaType: cover.mediaType,
      data: cover.data,
      properties: 'cover-image',
    })
    documents.push({
      id: 'cover',
      filename: 'cover.xhtml',
      title: labels.cover,
      language: metadata.language,
      body: [
        element('section', { className: ['cover'], 'epub:type': 'cover' }, [
          element('img', { src: `images/cover.${extension}`, alt: `${labels.cover}: ${metadata.title}` }, []),
        ]),
      ],
      toc: [],
      landmark: { type: 'cover', title: labels.cover },
    })
  }

  if (options.titlePage !== false) {
    documents.push({
      id: 'title-page',
      filename: 'title-page.xhtml',
      title: metadata.title,
      language: metadata.language,
      body: titlePage(metadata, labels),
      bodyType: 'frontmatter',
      toc: [{ title: labels.titlePage, href: 'title-page.xhtml', children: [] }],
      landmark: { type: 'titlepage', title: labels.titlePage },
    })
  }

  const notes: Array<{ title: string | undefined; notes: Element }> = []
  let images = false
  let allAlt = true
  articles.forEach(({ tree, file }, index) => {
    const article = requireMetadata(file, 'the EPUB edition')
    const stem = book ? `article-${String(index + 1).padStart(2, '0')}` : 'article'
    const { parts, notes: articleNotes, images: articleImages } = articleParts(tree, { split: options.split, stem })
    for (const image of articleImages) resources.set(image.filename, image)
    if (articleImages.length > 0) {
      images = true
      allAlt &&= imagesHaveAlt(parts)
    }
    if (articleNotes && options.editorialNotes !== false) notes.push({ title: article.title, notes: articleNotes })
    const headings = headingEntries(parts).filter((entry) => entry.title !== article.title)
    parts.forEach((part: Part, partIndex) => {
      documents.push({
        id: part.filename.replace(/\.xhtml$/, ''),
        filename: part.filename,
        title: article.title,
        language: article.language,
        body: [part.article],
        bodyType: 'bodymatter',
        toc: partIndex === 0 ? [{ title: article.title, href: part.filename, children: headings }] : [],
        landmark: index === 0 && partIndex === 0 ? { type: 'bodymatter', title: labels.startOfContent } : undefined,
      })
    })
  })

  if (notes.length > 0) {
    documents.push({
      id: 'editorial-notes',
      filename: 'editorial-notes.xhtml',
      title: labels.editorialNotes,
      language: metadata.language,
      body: notesChapter(notes, labels.editorialNotes),
      bodyType: 'backmatter',
      toc: [{ title: labels.editorialNotes, href: 'editorial-notes.xhtml', children: [] }],
      landmark: { type: 'backmatter', title: labels.editorialNotes },
    })
  }

  let css = `${options.css ?? defaultCss}${options.extraCss ? `\n${options.extraCss}` : ''}`
  if (options.embedFonts) {
    const faces = options.embedFonts === true ? defaultFonts() : options.embedFonts
    const text = documents.map(documentText).join('')
    const fonts = await embedFonts(faces, `${text}${labels.contents}${metadata.title}`)
    for (const font of fonts.resources) resources.set(font.filename, font)
    css = `${fonts.css}\n${css}`
  }
  return packageEpub({
    metadata,
    date,
    documents,
    resources: [{ id: 'css', filename: 'style.css', mediaType: 'text/css', data: css }, ...resources.values()],
    tocTitle: labels.contents,
    coverId,
    extraMetadata: accessibilityMetadata({ images, allAlt, summary: labels.accessibilitySummary }),
  })
}

/**
 * Render the EPUB 3 edition of an article.
 *
 * @param tree
 *   The shared hast tree (from `@colophon/article-hast`; images resolved with
 *   `resolveAssets` are embedded).
 * @param file
 *   The document's file; `file.data.metadata` must be set.
 * @param options
 *   Configuration (optional).
 * @returns
 *   The EPUB file's bytes.
 */
export async function renderEpub(tree: Root, file: VFile, options: Options = {}): Promise<Uint8Array> {
  return renderPublication(requireMetadata(file, 'the EPUB edition'), [{ tree, file }], options)
}

/**
 * Render one EPUB of several articles: a chapter per article, in order, each
 * with its own byline and date, under the book's metadata.
 *
 * @param book
 *   The book's metadata and its articles.
 * @param options
 *   Configuration (optional).
 * @returns
 *   The EPUB file's bytes.
 */
export async function renderEpubBook(book: EpubBook, options: Options = {}): Promise<Uint8Array> {
  if (book.articles.length === 0) throw new Error('EPUB: a book needs at least one article')
  return renderPublication(book.metadata, book.articles, options)
}

export type { TocEntry }
