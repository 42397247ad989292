/**
 * One article of the publication tree through the layout engine: its images
 * read, hyphenation by its language, its content walked into blocks; and the
 * writing of laid-out pages into the document (furniture, outline,
 * structure tree).
 */
import { articleTitle, classList, labelsFor, textOf } from '@colophon/article-hast'
import type { Metadata } from '@colophon/metadata'
import type { Element, Root } from 'hast'
import type { VFile } from 'vfile'
import { BlockWalker } from './blocks/index.js'
import type { OpenDocument } from './document.js'
import { PageWriter } from './draw.js'
import type { FontStack } from './fonts.js'
import { Furniture } from './furniture.js'
import { Hyphenator, patternsFor, protectedWords } from './hyphenation.js'
import { type ImageOpener, resolveImages } from './images.js'
import type { FlowBlock, HeadingEntry, PdfImage } from './layout.js'
import { messageSource, ruleIds } from './messages.js'
import type { Settings } from './options.js'
import type { Frame, Pagination } from './paginate.js'
import { internals, pdfText } from './pdfkit-internals.js'
import { type StructNode, writeStructure } from './structure.js'
import { openSvg, type SvgImage } from './svg.js'

/** Entity kinds whose names the dictionaries fix. */
const nameKinds = new Set(['person', 'organization', 'place', 'project', 'event', 'work'])

interface NormalizeData {
  entities?: Array<{ name?: unknown }> | undefined
  corrections?: Array<{ after?: unknown; kind?: unknown; applied?: unknown }> | undefined
}

/**
 * Names never hyphenated: the entities `@colophon/remark-normalize`
 * recognized and the names it put in the text (`file.data`; for a book, the
 * book file holds every article's), the people of the metadata, and the
 * authors the tree's bylines name.
 */
export function protectedNames(file: VFile, metadata: Metadata, tree: Root): string[] {
  const data = file.data as NormalizeData
  const names: string[] = []
  for (const entity of data.entities ?? []) if (typeof entity.name === 'string') names.push(entity.name)
  for (const correction of data.corrections ?? []) {
    if (correction.applied && typeof correction.after === 'string' && nameKinds.has(String(correction.kind))) {
      names.push(correction.after)
    }
  }
  for (const person of [...metadata.authors, ...metadata.contributors]) names.push(person.name)
  const visit = (node: Root | Element) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue
      if (child.tagName === 'span' && classList(child).includes('author')) names.push(textOf(child))
      else visit(child)
    }
  }
  visit(tree)
  return names
}

/** The text area of the pages. */
export function frameOf(settings: Settings): Frame {
  return {
    left: settings.margins.left,
    top: settings.margins.top,
    bottom: settings.pageHeight - settings.margins.bottom,
  }
}

/** What every article of a publication is laid out with. */
export interface Preparation {
  settings: Settings
  fonts: FontStack
  open: ImageOpener
  /** Language of the document (its metadata's). */
  language: string
  /** Names never hyphenated. */
  names: ReadonlyArray<string>
}

/** An article ready to paginate. */
export interface PreparedArticle {
  /** The file its messages go on. */
  file: VFile
  /** Its title, as its title block shows it. */
  title: string
  blocks: FlowBlock[]
  /** Named destinations the article defines. */
  destinations: Set<string>
  /** Its Art element. */
  art: StructNode
}

/**
 * Lay an `<article>` of the publication tree out into blocks, in its own
 * language (`lang`): hyphenation patterns and labels.
 *
 * @param article
 *   The `<article>` element.
 * @param file
 *   The file its messages go on (and its images are relative to).
 * @param titled
 *   Give its Art element the article's title (articles of a book).
 */
export async function prepareArticle(
  article: Element,
  file: VFile,
  preparation: Preparation,
  parent: StructNode,
  titled: boolean,
): Promise<PreparedArticle> {
  const { settings, fonts } = preparation
  const lang = article.properties.lang
  const language = typeof lang === 'string' && lang !== '' ? lang : preparation.language
  const title = articleTitle(article).text
  const images = await resolveImages({ type: 'root', children: [article] }, file, settings, preparation.open)
  const hyphenator = new Hyphenator(settings.hyphenate ? patternsFor(language) : undefined, {
    protectedWords: protectedWords(preparation.names),
  })
  const art = parent.child('Art', {
    ...(titled && title ? { title } : {}),
    ...(language.toLowerCase() !== preparation.language.toLowerCase() ? { lang: language } : {}),
  })
  const walker = new BlockWalker({
    file,
    language,
    labels: labelsFor(language, settings.labelOverrides),
    settings,
    fonts,
    hyphenator,
    images,
    justify: settings.justify === 'auto' ? hyphenator.hyphenates : settings.justify,
    destination: (id) => id,
  })
  walker.walk(article.children, art)
  return { file, title, blocks: walker.blocks, destinations: walker.destinations, art }
}

/** Open images in a document: PNG and JPEG with pdfkit's `openImage`, SVG as vector graphics. */
export function imageOpener(doc: PDFKit.PDFDocument): ImageOpener {
  const opener = doc as unknown as { openImage(src: Buffer): PdfImage }
  return (bytes) => {
    try {
      return opener.openImage(bytes)
    } catch (error) {
      const svg = openSvg(bytes)
      if (svg) return svg
      throw error
    }
  }
}

/** What the writer needs to know of each article. */
export interface WrittenArticle {
  /** The file messages about its pages go on. */
  file: VFile
  /** Title in the running header. */
  title: string
}

interface OutlineItem {
  addItem(title: string, options?: { expanded?: boolean }): OutlineItem
  outlineData: Record<string, unknown>
}

/**
 * Draw the pages, their furniture, the outline and the structure tree, and
 * end the document.
 *
 * @param articles
 *   By the index in each page's `article`.
 * @param file
 *   The file messages about pages of no article (a book's contents) go on.
 */
export async function writeDocument(
  open: OpenDocument,
  settings: Settings,
  fonts: FontStack,
  pagination: Pagination,
  articles: ReadonlyArray<WrittenArticle>,
  file: VFile,
  root: StructNode,
  known: Set<string>,
  outline: ReadonlyArray<HeadingEntry>,
): Promise<Uint8Array> {
  const { doc } = open
  const writer = new PageWriter(doc, settings, known, fonts)
  const furniture = new Furniture(fonts, settings, new Hyphenator(undefined))
  const titles = articles.map((article) => furniture.shortTitle(settings.shortTitle ?? article.title))
  if (settings.cover) {
    let cover: PdfImage | SvgImage | undefined
    try {
      cover = imageOpener(doc)(Buffer.from(settings.cover))
    } catch {
      // On the first article's file in a book (the book's own file is not returned).
      const target = articles[0]?.file ?? file
      target.info('The cover is not a PNG, JPEG or SVG image; the PDF edition has no cover page', {
        ruleId: ruleIds.imageUnsupported,
        source: messageSource,
      })
    }
    if (cover) {
      // A page of its own before the first, unnumbered: the numbers of the pages after it hold.
      writer.addPage()
      writer.drawCover(cover)
      writer.endPage()
    }
  }
  pagination.pages.forEach((page, index) => {
    writer.addPage()
    const article = articles[page.article]
    writer.drawItems(page.items, article?.file ?? file)
    const title = titles[page.article]
    if (settings.runningHeader && !page.articleStart && title) {
      const header = furniture.header(title)
      writer.drawFurniture(header.line, header.x, header.y, 'header')
    }
    if (!page.titlePage) {
      const number = furniture.pageNumber(index + 1)
      writer.drawFurniture(number.line, number.x, number.y, 'footer')
    }
    writer.endPage()
  })
  // The outline: headings nested by level, each going to its named destination.
  const stack: Array<{ level: number; item: OutlineItem }> = []
  const top = (doc as unknown as { outline: OutlineItem }).outline
  for (const entry of outline) {
    if (!known.has(entry.destination)) continue
    while (stack.length > 0 && (stack.at(-1) as { level: number }).level >= entry.level) stack.pop()
    const parent = stack.at(-1)?.item ?? top
    const item = parent.addItem(entry.title, { expanded: true })
    item.outlineData.Dest = pdfText(entry.destination)
    stack.push({ level: entry.level, item })
  }
  if (settings.tagged) writeStructure(internals(doc), root)
  return open.finish()
}
