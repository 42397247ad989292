/**
 * The publication tree laid out: a document's one article, or a book's
 * title block and contents (from its `nav.contents`, with page numbers that
 * hold) and each article from a new page. Nothing is added that the tree
 * does not hold: titles, dates, bylines, the source line and the contents'
 * wording all come from it.
 */
import { articlesOf, classList, isBook, isTitleBlock, labelsFor, publicationMetadata } from '@colophon/article-hast'
import type { Root } from 'hast'
import type { VFile } from 'vfile'
import {
  frameOf,
  type Preparation,
  type PreparedArticle,
  prepareArticle,
  protectedNames,
  type WrittenArticle,
} from './article.js'
import { BlockWalker } from './blocks/index.js'
import { contentsBlocks } from './contents.js'
import type { FontStack } from './fonts.js'
import { Hyphenator } from './hyphenation.js'
import type { ImageOpener } from './images.js'
import type { FlowBlock, HeadingEntry, PageBreakBlock } from './layout.js'
import type { Settings } from './options.js'
import { type Pagination, paginate } from './paginate.js'
import type { StructNode } from './structure.js'

/** A publication laid out into pages, ready to write. */
export interface LaidOutPublication {
  pagination: Pagination
  /** By the index in each page's `article`. */
  articles: WrittenArticle[]
  /** Every named destination. */
  known: Set<string>
  /** The outline's entries, in order. */
  outline: HeadingEntry[]
}

/** How many times a book's contents are set again until their page numbers hold. */
const contentsPasses = 4

function pageBreak(article: number | undefined, endsTitlePage = false): PageBreakBlock {
  return {
    kind: 'page-break',
    x: 0,
    width: 0,
    spaceBefore: 0,
    spaceAfter: 0,
    keepWithNext: false,
    anchors: [],
    source: { tag: 'article', className: undefined, element: undefined },
    articleStart: article,
    endsTitlePage,
  }
}

/** The page (0-based) each named destination is on. */
function destinationPages(pagination: Pagination): Map<string, number> {
  const pages = new Map<string, number>()
  pagination.pages.forEach((page, index) => {
    for (const item of page.items) if (item.kind === 'anchor' && !pages.has(item.name)) pages.set(item.name, index)
  })
  return pages
}

function headingsOf(blocks: ReadonlyArray<FlowBlock>): string[] {
  return blocks.flatMap((block) => (block.kind === 'text' && block.heading ? [block.heading.destination] : []))
}

/**
 * Lay a publication tree out.
 *
 * @param tree
 *   A publication tree (see `toPublication` of `@colophon/article-hast`).
 * @param file
 *   Its file, with complete metadata.
 * @param articleFiles
 *   Files that messages about each article go on (default: `file`).
 */
export async function layOutPublication(
  tree: Root,
  file: VFile,
  settings: Settings,
  fonts: FontStack,
  open: ImageOpener,
  root: StructNode,
  articleFiles: ReadonlyArray<VFile> = [],
): Promise<LaidOutPublication> {
  const metadata = publicationMetadata(file)
  const preparation: Preparation = {
    settings,
    fonts,
    open,
    language: metadata.language,
    names: protectedNames(file, metadata, tree),
  }
  const book = isBook(tree)
  const elements = articlesOf(tree)
  const articles: PreparedArticle[] = []
  for (const [index, element] of elements.entries()) {
    articles.push(await prepareArticle(element, articleFiles[index] ?? file, preparation, root, book))
  }
  const written = articles.map((article) => ({ file: article.file, title: article.title }))
  const frame = frameOf(settings)
  if (!book) {
    const blocks = articles.flatMap((article) => article.blocks)
    const pagination = paginate(blocks, frame)
    return {
      pagination,
      articles: written,
      known: new Set(articles.flatMap((article) => [...article.destinations])),
      outline: pagination.pages.flatMap((page) => page.headings),
    }
  }

  // A book: its own content (title block, contents) in tree order, each article from a new page.
  const articleDestinations = articles.flatMap((article) => [...article.destinations])
  let known = new Set<string>(articleDestinations)
  let titleHeadings = new Set<string>()
  const flow = (pageOf: ReadonlyMap<string, number>): FlowBlock[] => {
    // Set afresh on each pass: the walker's structure elements belong to the pass that is drawn.
    const walker = new BlockWalker({
      file,
      language: metadata.language,
      labels: labelsFor(metadata.language, settings.labelOverrides),
      settings,
      fonts,
      hyphenator: new Hyphenator(undefined),
      images: new Map(),
      justify: false,
      destination: (id) => id,
    })
    const blocks: FlowBlock[] = []
    titleHeadings = new Set()
    let article = 0
    for (const node of tree.children) {
      if (node.type !== 'element') continue
      if (node.tagName === 'article') {
        const prepared = articles[article]
        if (prepared) blocks.push(pageBreak(article), ...prepared.blocks)
        article++
      } else if (node.tagName === 'nav' && classList(node).includes('contents')) {
        // The title block on a title page of its own; the contents from the next page.
        if (blocks.length > 0) blocks.push(pageBreak(undefined, true))
        blocks.push(...contentsBlocks(node, { walker, settings, fonts, parent: root, pageOf, known }))
      } else {
        const before = walker.blocks.length
        walker.walk([node], root)
        const own = walker.blocks.slice(before)
        // The book's title is its document title, not a branch of the outline: the articles are.
        if (isTitleBlock(node)) for (const name of headingsOf(own)) titleHeadings.add(name)
        blocks.push(...own)
      }
    }
    known = new Set([...articleDestinations, ...walker.destinations])
    return blocks
  }
  // The contents give page numbers and take pages: lay out until the numbers hold.
  flow(new Map())
  let pageOf = new Map<string, number>()
  let pagination = paginate(flow(pageOf), frame, -1)
  for (let pass = 0; pass < contentsPasses; pass++) {
    const found = destinationPages(pagination)
    if ([...found].every(([name, page]) => pageOf.get(name) === page)) break
    pageOf = found
    pagination = paginate(flow(pageOf), frame, -1)
  }
  return {
    pagination,
    articles: written,
    known,
    outline: pagination.pages.flatMap((page) => page.headings).filter((entry) => !titleHeadings.has(entry.destination)),
  }
}
