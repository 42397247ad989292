/**
 * One article through the layout engine: images read, hyphenation chosen,
 * the tree walked into blocks; and the writing of laid-out pages into the
 * document (furniture, outline, structure tree).
 */
import { type Metadata, requireMetadata } from '@colophon/remark-metadata'
import type { Root } from 'hast'
import type { VFile } from 'vfile'
import { BlockWalker } from './blocks/index.js'
import type { OpenDocument } from './document.js'
import { PageWriter } from './draw.js'
import type { FontStack } from './fonts.js'
import { Furniture } from './furniture.js'
import { Hyphenator, patternsFor, protectedWords } from './hyphenation.js'
import { type ImageOpener, resolveImages } from './images.js'
import type { FlowBlock, HeadingEntry, PdfImage } from './layout.js'
import { labelsFor, type Settings } from './options.js'
import type { Frame, Pagination } from './paginate.js'
import { internals, pdfText } from './pdfkit-internals.js'
import { type StructNode, writeStructure } from './structure.js'

/** Entity kinds whose names the dictionaries fix. */
const nameKinds = new Set(['person', 'organization', 'place', 'project', 'event', 'work'])

interface NormalizeData {
  entities?: Array<{ name?: unknown }> | undefined
  corrections?: Array<{ after?: unknown; kind?: unknown; applied?: unknown }> | undefined
}

/** An article ready to paginate. */
export interface PreparedArticle {
  file: VFile
  metadata: Metadata
  blocks: FlowBlock[]
  /** Named destinations the article defines. */
  destinations: Set<string>
  /** Its Art element. */
  art: StructNode
}

/** The metadata of a file, which the metadata stage must have set. */
export function metadataOf(file: VFile): Metadata {
  return requireMetadata(file, 'the PDF')
}

/**
 * Names never hyphenated: the entities `@colophon/remark-normalize`
 * recognized, the names it put in the text, and the authors.
 */
export function dictionaryNames(file: VFile, metadata: Metadata): string[] {
  const data = file.data as NormalizeData
  const names: string[] = []
  for (const entity of data.entities ?? []) if (typeof entity.name === 'string') names.push(entity.name)
  for (const correction of data.corrections ?? []) {
    if (correction.applied && typeof correction.after === 'string' && nameKinds.has(String(correction.kind))) {
      names.push(correction.after)
    }
  }
  for (const person of [...metadata.authors, ...metadata.contributors]) names.push(person.name)
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

/**
 * Lay an article out into blocks.
 *
 * @param prefix
 *   Prefix of its named destinations (articles of a book).
 */
export async function prepareArticle(
  tree: Root,
  file: VFile,
  settings: Settings,
  fonts: FontStack,
  open: ImageOpener,
  parent: StructNode,
  prefix = '',
): Promise<PreparedArticle> {
  const metadata = metadataOf(file)
  const articleSettings = { ...settings, labels: { ...labelsFor(metadata.language), ...settings.labelOverrides } }
  const images = await resolveImages(tree, file, settings, open)
  const hyphenator = new Hyphenator(settings.hyphenate ? patternsFor(metadata.language) : undefined, {
    protectedWords: protectedWords(dictionaryNames(file, metadata)),
  })
  const art = parent.child('Art', prefix ? { title: metadata.title } : {})
  const walker = new BlockWalker({
    file,
    metadata,
    settings: articleSettings,
    fonts,
    hyphenator,
    images,
    justify: settings.justify === 'auto' ? hyphenator.hyphenates : settings.justify,
    destination: (id) => `${prefix}${id}`,
  })
  walker.walkArticle(tree, art)
  return { file, metadata, blocks: walker.blocks, destinations: walker.destinations, art }
}

/** Open images in a document (pdfkit's `openImage`). */
export function imageOpener(doc: PDFKit.PDFDocument): ImageOpener {
  const opener = doc as unknown as { openImage(src: Buffer): PdfImage }
  return (bytes) => opener.openImage(bytes)
}

/** What the writer needs to know of each article. */
export interface WrittenArticle {
  file: VFile | undefined
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
 *   By the index in each page's `article` (the pages of a book's contents
 *   have none).
 */
export async function writeDocument(
  open: OpenDocument,
  settings: Settings,
  fonts: FontStack,
  pagination: Pagination,
  articles: ReadonlyArray<WrittenArticle>,
  root: StructNode,
  known: Set<string>,
  outline: ReadonlyArray<HeadingEntry> = pagination.pages.flatMap((page) => page.headings),
): Promise<Uint8Array> {
  const { doc } = open
  const writer = new PageWriter(doc, settings, known)
  const furniture = new Furniture(fonts, settings, new Hyphenator(undefined))
  const titles = articles.map((article) => furniture.shortTitle(article.title))
  pagination.pages.forEach((page, index) => {
    writer.addPage()
    const article = articles[page.article]
    writer.drawItems(page.items, article?.file)
    const title = settings.shortTitle !== undefined ? furniture.shortTitle(settings.shortTitle) : titles[page.article]
    if (settings.runningHeader && !page.articleStart && article && title) {
      const header = furniture.header(title)
      writer.drawFurniture(header.line, header.x, header.y, 'header')
    }
    const number = furniture.pageNumber(index + 1)
    writer.drawFurniture(number.line, number.x, number.y, 'footer')
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
