/**
 * The publication tree: one `<article>` per document (title block, text,
 * chapters, footer), or for a book one root holding the book's title block,
 * its contents `<nav>` and the articles. Every edition lays out this tree and
 * nothing else, so what one edition shows, all show.
 */
import { deriveIdentifier, type Metadata, metadataSchema } from '@colophon/metadata'
import GithubSlugger from 'github-slugger'
import type { Element, ElementContent, Root } from 'hast'
import { visit } from 'unist-util-visit'
import type { VFile } from 'vfile'
import { removeIllegalCharacters } from './characters.js'
import { classList, element, headingDepth, isTitleBlock, messageSource, text, textOf, xmlId } from './elements.js'
import { articleFooter, type FooterOptions } from './footer.js'
import { type Labels, labelsFor } from './labels.js'
import { alignCells, normalizeIds } from './sanitize.js'
import { titleBlock } from './title-block.js'
import { enforceSafeUrls } from './urls.js'

/** Configuration for `publicationOf`, `toPublication` and `toArticleHast`. */
export interface PublicationOptions {
  /** Language of the article, set as `lang` on the `<article>` element (default: the metadata's). */
  language?: string | undefined
  /** Prefix of generated ids, to keep them unique when articles are combined (default: `''`). */
  idPrefix?: string | undefined
  /** The translation note and the editorial notes: options, or `false` for none (default: all on). */
  footer?: FooterOptions | false | undefined
  /** Wording that replaces the built-in labels of the document's language (default: none). */
  labels?: Partial<Labels> | undefined
  /** Slugger that already holds the ids of the blocks (default: a new one). */
  slugger?: GithubSlugger | undefined
}

type Fields = Record<string, unknown>

/**
 * Complete, valid metadata for a document, whatever ran before: the
 * metadata `@colophon/remark-metadata` set, or what a user put in
 * `file.data.metadata`, completed. Only `title` and `language` matter: a
 * missing title comes from the first heading, else the file name, else
 * `Untitled`; a missing language is `en`; each is a warning. A field that is
 * not valid is left out, with a warning naming it. The result is stored in
 * `file.data.metadata`.
 *
 * @param file
 *   The document's file.
 * @param blocks
 *   The document's content, for a title from its first heading.
 * @returns
 *   The metadata.
 */
export function publicationMetadata(file: VFile, blocks: ReadonlyArray<ElementContent> = []): Metadata {
  const given: unknown = file.data.metadata
  const complete = metadataSchema.safeParse(given)
  if (complete.success && complete.data.identifier) {
    file.data.metadata = complete.data
    return complete.data
  }
  const fields: Fields = given && typeof given === 'object' ? { ...(given as Fields) } : {}
  if (typeof fields.title !== 'string' || !fields.title.trim()) {
    let heading: Element | undefined
    visit({ type: 'root', children: [...blocks] } as Root, 'element', (node) => {
      if (!heading && headingDepth(node) !== undefined) heading = node
    })
    const fromHeading = heading ? textOf(heading) : ''
    const [title, origin] = fromHeading
      ? [fromHeading, 'its first heading']
      : file.stem
        ? [file.stem, 'the file name']
        : ['Untitled', 'nothing (no heading, no file name)']
    fields.title = title
    file.message(`The document has no title; it is titled \`${title}\` from ${origin}`, {
      ruleId: 'missing-title',
      source: messageSource,
    })
  }
  if (typeof fields.language !== 'string' || !fields.language.trim()) {
    fields.language = 'en'
    file.message('The document has no language; it is taken as English (`en`)', {
      ruleId: 'missing-language',
      source: messageSource,
    })
  }
  let result = metadataSchema.safeParse(fields)
  for (let attempt = 0; !result.success && attempt < 40; attempt++) {
    const issue = result.error.issues[0]
    const key = String(issue?.path[0] ?? '')
    file.message(`Metadata field \`${key}\` is not valid (${issue?.message}); it is left out`, {
      ruleId: 'invalid-metadata',
      source: messageSource,
    })
    if (key === 'title') fields.title = file.stem || 'Untitled'
    else if (key === 'language') fields.language = 'en'
    else delete fields[key]
    result = metadataSchema.safeParse(fields)
  }
  if (!result.success) throw new Error(`${file.path ?? 'document'}: metadata cannot be completed`)
  const metadata = result.data
  metadata.identifier ??= deriveIdentifier(metadata)
  file.data.metadata = metadata
  return metadata
}

/** Shift headings one level down (`h1` → `h2`, …; `h6` stays). */
export function demoteHeadings(node: Root | Element): void {
  visit(node, 'element', (child) => {
    const depth = headingDepth(child)
    if (depth !== undefined && depth < 6) child.tagName = `h${depth + 1}`
  })
}

/**
 * Wrap each top-level heading of the most important level, and what follows
 * it, in `<section class="chapter">`, when there are at least two.
 */
function chapters(blocks: ElementContent[]): ElementContent[] {
  const depths = blocks.map(headingDepth).filter((depth): depth is number => depth !== undefined)
  if (depths.length < 2) return blocks
  const top = Math.min(...depths)
  if (depths.filter((depth) => depth === top).length < 2) return blocks
  const result: ElementContent[] = []
  let chapter: Element | undefined
  for (const block of blocks) {
    if (headingDepth(block) === top && block.type === 'element') {
      const id = block.properties.id
      chapter = element(
        'section',
        { className: ['chapter'], ...(typeof id === 'string' ? { ariaLabelledBy: [id] } : {}) },
        [],
      )
      result.push(chapter)
    }
    if (chapter) chapter.children.push(block)
    else result.push(block)
  }
  return result
}

/**
 * Assemble the publication tree of one document from its blocks (hast
 * elements in reading order, as `toArticleHast` or any rehype pipeline
 * makes them).
 *
 * @param blocks
 *   The document's content.
 * @param file
 *   The document's file: metadata (completed, see `publicationMetadata`),
 *   corrections, messages.
 * @param options
 *   Configuration (optional).
 * @returns
 *   A hast root holding one `<article>`.
 */
export function publicationOf(blocks: ReadonlyArray<Element>, file: VFile, options: PublicationOptions = {}): Root {
  const metadata = publicationMetadata(file, blocks)
  const labels = labelsFor(metadata.language, options.labels)
  const prefix = options.idPrefix ?? ''
  const slugger = options.slugger ?? new GithubSlugger()
  const all: Root = { type: 'root', children: [...blocks] }
  if (!options.slugger) {
    visit(all, 'element', (node) => {
      if (typeof node.properties.id === 'string') slugger.slug(node.properties.id)
    })
  }
  // Headings from raw HTML or other pipelines may have no ids: the contents, the outline and the EPUB's nav need them.
  visit(all, 'element', (node) => {
    if (headingDepth(node) !== undefined && typeof node.properties.id !== 'string') {
      node.properties.id = xmlId(slugger, textOf(node), prefix)
    }
  })

  const header: Element[] = []
  const body: ElementContent[] = []
  let section: Element | undefined
  for (const block of blocks) {
    const className = classList(block)[0]
    if (section === undefined && body.length === 0 && (className === 'headline' || className === 'dateline')) {
      header.push(block)
    } else if (section === undefined && body.length === 0 && className === 'byline' && header.length > 0) {
      header.push(block)
    } else if (className === 'embedded-title' && !section) {
      section = element('section', { className: ['embedded'], ariaLabelledBy: [String(block.properties.id)] }, [block])
      body.push(section)
    } else if (section) {
      section.children.push(block)
    } else {
      body.push(block)
    }
  }

  // A leading heading is the headline unless others of its level follow: then it opens the first chapter.
  let openingChapter: string | undefined
  const first = header[0] ?? body[0]
  const firstDepth = first ? headingDepth(first) : undefined
  const siblings =
    firstDepth === undefined ? 0 : body.filter((node) => node !== first && headingDepth(node) === firstDepth).length
  if (first?.type === 'element' && firstDepth === 1 && siblings === 0 && header[0] !== first) {
    body.shift()
    first.properties.className = ['headline']
    header.unshift(first)
  } else if (header[0] === first && first && siblings > 0) {
    header.shift()
    first.properties.className = undefined
    body.unshift(first)
    openingChapter = textOf(first)
  }

  const hasHeadline = header.some((node) => classList(node)[0] === 'headline')
  // The title the block adds is the only h1: the text's own h1s move a level down.
  if (!hasHeadline && body.some((node) => node.type === 'element' && hasHeading(node, 1))) {
    for (const node of body) if (node.type === 'element') demoteHeadings(node)
  }

  let hasByline = false
  for (const block of blocks) {
    visit(block, 'element', (node) => {
      if (classList(node).includes('byline')) hasByline = true
    })
  }
  const block = titleBlock(metadata, {
    fromText: header,
    hasByline,
    labels,
    titleId: hasHeadline ? '' : xmlId(slugger, metadata.title, prefix),
    notSubtitle: openingChapter,
  })
  const footer =
    options.footer === false
      ? undefined
      : articleFooter(metadata, file.data.corrections ?? [], {
          ...options.footer,
          labels: { ...options.labels, ...options.footer?.labels },
          notesId: options.footer?.notesId ?? `${prefix}editorial-notes`,
        })
  const language = options.language ?? metadata.language
  const article = element('article', { lang: language }, [block, ...chapters(body), ...(footer ? [footer] : [])])
  const result: Root = { type: 'root', children: [article] }
  closeUpHeadings(result, file)
  alignCells(result)
  normalizeIds(result)
  enforceSafeUrls(result, file)
  removeIllegalCharacters(result, file)
  return result
}

/**
 * Headings that skip a level (an `h4` after an `h2`) move up until none
 * does: the outline, the EPUB's navigation and assistive technology read the
 * levels as a hierarchy. One `heading-levels` message says how many moved.
 */
function closeUpHeadings(tree: Root, file: VFile): void {
  let previous = 0
  let moved = 0
  visit(tree, 'element', (node) => {
    const depth = headingDepth(node)
    if (depth === undefined) return
    const allowed = Math.max(1, previous + 1)
    if (depth > allowed) {
      node.tagName = `h${allowed}`
      moved++
    }
    previous = Math.min(depth, allowed)
  })
  if (moved > 0) {
    file.info(`${moved} heading${moved === 1 ? '' : 's'} moved up so that no heading skips a level`, {
      ruleId: 'heading-levels',
      source: messageSource,
    })
  }
}

function hasHeading(node: Element, depth: number): boolean {
  let found = false
  visit(node, 'element', (child) => {
    if (headingDepth(child) === depth) found = true
  })
  return found
}

/** The top-level `<article>` elements of a publication tree. */
export function articlesOf(tree: Root): Element[] {
  return tree.children.filter((node): node is Element => node.type === 'element' && node.tagName === 'article')
}

/** Whether a tree is a book: a contents `<nav>` and articles under one root. */
export function isBook(tree: Root): boolean {
  return tree.children.some(
    (node) => node.type === 'element' && node.tagName === 'nav' && classList(node).includes('contents'),
  )
}

/** The title of an article of the tree: the text of its title block's heading. */
export function articleTitle(article: Element): { text: string; id: string | undefined } {
  let found: Element | undefined
  visit(article, 'element', (node) => {
    if (!found && headingDepth(node) !== undefined) found = node
  })
  const id = found?.properties.id
  return { text: found ? textOf(found) : '', id: typeof id === 'string' ? id : undefined }
}

/**
 * Turn any hast tree into a publication tree: a tree that already is one
 * (from `toArticleHast` or `toBookHast`) is returned as it is; any other
 * (from `remark-rehype`, say) becomes one article, with a title block from
 * the metadata (completed as `publicationMetadata` does).
 *
 * @param tree
 *   A hast root.
 * @param file
 *   Its file.
 * @param options
 *   Configuration (optional).
 * @returns
 *   The publication tree.
 */
export function toPublication(tree: Root, file: VFile, options: PublicationOptions = {}): Root {
  if (isBook(tree)) return tree
  const articles = articlesOf(tree)
  const onlyArticle =
    articles.length === 1 &&
    tree.children.every((node) => node === articles[0] || (node.type === 'text' && !node.value.trim()))
  if (onlyArticle && (articles[0] as Element).children.some(isTitleBlock)) {
    publicationMetadata(file, (articles[0] as Element).children)
    enforceSafeUrls(tree, file)
    removeIllegalCharacters(tree, file)
    return tree
  }
  // The blocks are changed (classes, ids, heading levels): work on a copy, as every edition does.
  const blocks = structuredClone(onlyArticle ? (articles[0] as Element).children : tree.children).filter(
    (node): node is Element => node.type === 'element',
  )
  return publicationOf(blocks, file, options)
}

/** An article of a book: its publication tree (see `toArticleHast`). */
export interface BookArticle {
  tree: Root
}

/**
 * The publication tree of a book: the book's title block, a contents `<nav>`
 * listing each article by the title its own page shows (with its authors),
 * then the articles, their headings one level down under the book's `h1`.
 * Build each article with its own `idPrefix` so ids stay unique.
 *
 * @param articles
 *   The articles' publication trees, in order.
 * @param metadata
 *   The book's metadata (see `bookMetadata`).
 * @param options
 *   Wording (optional).
 * @returns
 *   The book's hast root.
 */
export function toBookHast(
  articles: ReadonlyArray<Root>,
  metadata: Metadata,
  options: { labels?: Partial<Labels> | undefined } = {},
): Root {
  const labels = labelsFor(metadata.language, options.labels)
  const header = titleBlock(metadata, { fromText: [], hasByline: false, labels, titleId: 'book-title' })
  header.properties.className = ['title-block', 'book']
  const elements = articles.flatMap((tree) => articlesOf(structuredClone(tree)))
  const entries: ElementContent[] = []
  for (const article of elements) {
    demoteHeadings(article)
    const title = articleTitle(article)
    // The authors its page names: in the title block, else under an embedded title.
    const authors: string[] = []
    const block = article.children.find(isTitleBlock)
    for (const scope of block?.type === 'element' ? [block, article] : [article]) {
      visit(scope, 'element', (node) => {
        if (classList(node).includes('author') && !authors.includes(textOf(node))) authors.push(textOf(node))
      })
      if (authors.length > 0) break
    }
    entries.push(
      element('li', {}, [
        element('a', title.id ? { href: `#${title.id}` } : {}, [text(title.text)]),
        ...(authors.length > 0
          ? [element('span', { className: ['contents-authors'] }, [text(authors.join(', '))])]
          : []),
      ]),
    )
  }
  const nav = element('nav', { className: ['contents'], role: 'doc-toc', ariaLabelledBy: ['contents-title'] }, [
    element('h2', { id: 'contents-title' }, [text(labels.contents)]),
    element('ol', {}, entries),
  ])
  const root: Root = { type: 'root', children: [header, nav, ...elements] }
  normalizeIds(root)
  return root
}
