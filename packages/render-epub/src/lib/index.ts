import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import {
  articlesOf,
  articleTitle,
  classList,
  decodeFragment,
  isBook,
  isTitleBlock,
  type Labels,
  labelsFor,
  publicationMetadata,
  textOf,
  toBookHast,
  toPublication,
} from '@colophon/article-hast'
import { buildDate, type Metadata } from '@colophon/metadata'
import type { Element, ElementContent, Root } from 'hast'
import { SKIP, visit } from 'unist-util-visit'
import { VFile } from 'vfile'
import { articleParts, headingEntries, imagesHaveAlt, linkParts, type Part } from './chapters.js'
import { defaultFonts, type EmbeddedFont, embedFonts } from './fonts.js'
import { accessibilityMetadata, titlePage } from './frontmatter.js'
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
  /** The build date (default: `SOURCE_DATE_EPOCH`, else the publication's date, else the current time: pin one for reproducible output). */
  date?: Date | undefined
  /** Add a title page (default: `true`). */
  titlePage?: boolean | undefined
  /** Move the editorial notes into a chapter of their own (`true`), or leave them out (`false`) (default: `true`). */
  editorialNotes?: boolean | undefined
  /**
   * Start a new content document at each heading of this depth or shallower
   * (1–6) (default: at each chapter of the tree, that is at each top-level
   * heading of a document that has several; else one document per article).
   */
  split?: number | undefined
  /** A cover image, or `generate` for a typographic SVG cover (default: no cover). */
  cover?: CoverImage | 'generate' | undefined
  /** Wording that replaces the built-in labels of the publication's language (default: none). */
  labels?: Partial<Labels> | undefined
  /**
   * Embed fonts, subset to the characters used: `true` for Noto Serif (four
   * faces), or faces of your own (default: `false`; reading systems use their
   * fonts).
   */
  embedFonts?: boolean | ReadonlyArray<EmbeddedFont> | undefined
}

/** An article of a book: its publication tree (its file is not needed: the tree holds what the EPUB shows). */
export interface EpubArticle {
  tree: Root
  file?: VFile | undefined
}

/** A publication of several articles. */
export interface EpubBook {
  /** The book's metadata (see `bookMetadata` in `@colophon/metadata`). */
  metadata: Metadata
  articles: ReadonlyArray<EpubArticle>
}

/** The default stylesheet of the EPUB edition. */
export const defaultCss: string = readFileSync(
  // By the package's name, so a bundle of this code (another folder) finds it too.
  createRequire(import.meta.url).resolve('@colophon/render-epub/assets/epub.css'),
  'utf8',
)

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

/** The notes heading becomes the chapter's h1; in a book, each article's notes under its title. */
function notesChapter(
  sections: ReadonlyArray<{ title: string; notes: Element }>,
  heading: string,
  book: boolean,
): ElementContent[] {
  const body: ElementContent[] = [element('h1', { id: 'editorial-notes' }, [{ type: 'text', value: heading }])]
  for (const { title, notes } of sections) {
    const [, ...rest] = notes.children
    const content = book ? [element('h2', {}, [{ type: 'text', value: title }]), ...rest] : rest
    body.push(element('section', { className: ['editorial-notes'] }, content as ElementContent[]))
  }
  return body
}

/** The names the title block gives as authors. */
function authorsOf(header: Element | undefined): string[] {
  const names: string[] = []
  if (header) {
    visit(header, 'element', (node) => {
      if (classList(node).includes('author')) names.push(textOf(node))
    })
  }
  return names
}

/** `source` of the messages of this package. */
export const messageSource = 'colophon-epub'

/**
 * Links the EPUB cannot follow: a relative path to a file outside the
 * publication (a README's `../other-package`), a scheme other than `http:`,
 * `https:` and `mailto:`, or a `#fragment` that no element of the
 * publication has. The link goes, its text stays, with a warning.
 */
function unlinkOutside(scope: Element, ids: ReadonlySet<string>, file: VFile): void {
  visit(scope, 'element', (node, index, parent) => {
    const href = node.properties.href
    if (node.tagName !== 'a' || typeof href !== 'string' || !parent || index === undefined) return undefined
    if (/^(?:https?:|mailto:)/i.test(href)) return undefined
    if (href.startsWith('#') && ids.has(decodeFragment(href.slice(1)))) return undefined
    const where = href.startsWith('#') ? 'to nothing in the publication' : 'outside the publication'
    file.message(`Link \`${href}\` points ${where}; the EPUB keeps its text without the link`, {
      place: node.position,
      ruleId: 'unresolved-link',
      source: messageSource,
    })
    parent.children.splice(index, 1, ...node.children)
    return index
  })
}

/** The contents of a book as its tree lists them: each article's title, by target id. */
function bookContents(tree: Root): Map<string, string> {
  const titles = new Map<string, string>()
  for (const node of tree.children) {
    if (node.type !== 'element' || node.tagName !== 'nav') continue
    visit(node, 'element', (link) => {
      const href = link.properties.href
      if (link.tagName === 'a' && typeof href === 'string' && href.startsWith('#')) {
        titles.set(decodeFragment(href.slice(1)), textOf(link))
      }
    })
  }
  return titles
}

/**
 * Render a publication tree (a document's or a book's) as EPUB 3.
 *
 * Documents, in reading order: the cover (when asked), the title page (the
 * tree's title block), each article split at its chapters (or at a heading
 * depth), the editorial notes. The navigation lists the chapters, or the
 * articles of a book by the titles its contents give.
 */
async function renderPublication(input: Root, file: VFile, options: Options): Promise<Uint8Array> {
  const tree = toPublication(structuredClone(input), file, { labels: options.labels })
  const metadata = publicationMetadata(file)
  const labels = labelsFor(metadata.language, options.labels)
  const date = options.date ?? buildDate(metadata)
  const book = isBook(tree)
  const articles = articlesOf(tree)
  // Links the EPUB cannot follow go first, from the title block too: what is left decides the pages.
  // The title page: the book's title block, or the document's own (moved out of its article).
  const titleBlock = book
    ? (tree.children.find(isTitleBlock) as Element | undefined)
    : (articles[0]?.children.find(isTitleBlock) as Element | undefined)
  // Ids of the title block are not targets: it moves to its own page, which no link of the text reaches.
  const ids = new Set<string>()
  visit(tree, 'element', (node) => {
    if (node === titleBlock) return SKIP
    if (typeof node.properties.id === 'string') ids.add(node.properties.id)
  })
  for (const node of tree.children) if (node.type === 'element') unlinkOutside(node, ids, file)
  const documents: ContentDocument[] = []
  const resources = new Map<string, Resource>()
  // Each article's title, as its page shows it (before the title page takes a document's title block).
  const headings = articles.map((article) => articleTitle(article))
  // A document that is nothing but its title block keeps it: its page is its title page.
  const body = articles[0]?.children.filter(
    (node) =>
      node !== titleBlock &&
      !(node.type === 'text' && !node.value.trim()) &&
      !(node.type === 'element' && node.tagName === 'footer'),
  )
  const titlePageShown = options.titlePage !== false && titleBlock !== undefined && (book || (body?.length ?? 0) > 0)
  if (!book && titlePageShown && articles[0]) {
    articles[0].children = articles[0].children.filter((node) => node !== titleBlock)
  }
  const title = titleBlock ? articleTitle(titleBlock).text || metadata.title : metadata.title

  let coverId: string | undefined
  if (options.cover) {
    // Loaded only for a cover: it opens fonts with fontkit, a tenth of a second to load.
    const { generatedCover, outlineSvgText } = await import('./cover.js')
    const coverFonts = {
      fonts: Array.isArray(options.embedFonts) ? options.embedFonts : undefined,
      onLiveText: (text: string) =>
        file.message(
          `The cover's text \`${text.slice(0, 60)}\` stays text, which reading systems draw in a font of their own: the fonts cannot draw it${options.cover === 'generate' ? '' : ', or the SVG sets it in a way that cannot be outlined (tspan, class, style, transform, a sans or monospace family)'}`,
          { source: messageSource, ruleId: 'cover-live-text' },
        ),
    }
    const cover: CoverImage =
      options.cover === 'generate'
        ? {
            data: new TextEncoder().encode(generatedCover({ title, authors: authorsOf(titleBlock) }, coverFonts)),
            mediaType: 'image/svg+xml',
          }
        : options.cover.mediaType === 'image/svg+xml'
          ? {
              ...options.cover,
              data: new TextEncoder().encode(outlineSvgText(new TextDecoder().decode(options.cover.data), coverFonts)),
            }
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
        element('section', { className: ['cover'] }, [
          element('img', { src: `images/cover.${extension}`, alt: `${labels.cover}: ${title}` }, []),
        ]),
      ],
      bodyType: 'cover',
      toc: [],
      landmark: { type: 'cover', title: labels.cover },
    })
  }

  if (titlePageShown && titleBlock) {
    documents.push({
      id: 'title-page',
      filename: 'title-page.xhtml',
      title,
      language: metadata.language,
      body: titlePage(titleBlock),
      bodyType: 'frontmatter',
      toc: [],
      landmark: { type: 'titlepage', title: labels.titlePage },
    })
  }

  const contents = bookContents(tree)
  const allParts: Part[] = []
  const notes: Array<{ title: string; notes: Element }> = []
  let images = false
  let allAlt = true
  articles.forEach((article, index) => {
    const heading = headings[index] as ReturnType<typeof articleTitle>
    const articleName = (heading.id && contents.get(heading.id)) || heading.text || title
    const language = typeof article.properties.lang === 'string' ? article.properties.lang : metadata.language
    const stem = book ? `article-${String(index + 1).padStart(2, '0')}` : 'article'
    const { parts, notes: articleNotes, images: articleImages } = articleParts(article, { split: options.split, stem })
    allParts.push(...parts)
    for (const image of articleImages) resources.set(image.filename, image)
    if (articleImages.length > 0) {
      images = true
      allAlt &&= imagesHaveAlt(parts)
    }
    if (articleNotes && options.editorialNotes !== false) notes.push({ title: articleName, notes: articleNotes })
    // A document's chapters are the navigation; an article of a book is an entry holding its own.
    const entries = headingEntries(parts)
    const first = parts[0]?.filename ?? `${stem}.xhtml`
    const toc = book || parts.length === 1 ? [{ title: articleName, href: first, children: entries }] : entries
    parts.forEach((part: Part, partIndex) => {
      documents.push({
        id: part.filename.replace(/\.xhtml$/, ''),
        filename: part.filename,
        title: articleName,
        language,
        body: [part.article],
        bodyType: 'bodymatter',
        toc: partIndex === 0 ? toc : [],
        landmark: index === 0 && partIndex === 0 ? { type: 'bodymatter', title: labels.startOfContent } : undefined,
      })
    })
  })

  // Links from one article of a book to another follow it to its file.
  linkParts(allParts)

  if (notes.length > 0) {
    documents.push({
      id: 'editorial-notes',
      filename: 'editorial-notes.xhtml',
      title: labels.editorialNotes,
      language: metadata.language,
      body: notesChapter(notes, labels.editorialNotes, book),
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
    extraMetadata: accessibilityMetadata({ images, allAlt, labels }),
  })
}

/**
 * Render the EPUB 3 edition of a publication tree: a document's (from
 * `@colophon/article-hast`, or any hast tree, completed first) or a book's
 * (`toBookHast`). Images resolved with `resolveAssets` are embedded.
 *
 * @param tree
 *   The tree; it is not changed.
 * @param file
 *   Its file: metadata (completed when missing, with messages).
 * @param options
 *   Configuration (optional).
 * @returns
 *   The EPUB file's bytes.
 */
export async function renderEpub(tree: Root, file: VFile, options: Options = {}): Promise<Uint8Array> {
  return renderPublication(tree, file, options)
}

/**
 * Render one EPUB of several articles: the book's tree (`toBookHast`: title
 * page, contents, an entry per article), compiled like any publication.
 *
 * @param book
 *   The book's metadata and its articles' publication trees (built with
 *   distinct `idPrefix`es).
 * @param options
 *   Configuration (optional).
 * @returns
 *   The EPUB file's bytes.
 */
export async function renderEpubBook(book: EpubBook, options: Options = {}): Promise<Uint8Array> {
  if (book.articles.length === 0) throw new Error('EPUB: a book needs at least one article')
  const file = new VFile()
  file.data.metadata = book.metadata
  const tree = toBookHast(
    book.articles.map((article) => toPublication(article.tree, article.file ?? new VFile())),
    book.metadata,
    { labels: options.labels },
  )
  return renderPublication(tree, file, options)
}

export type { TocEntry }
