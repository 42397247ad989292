import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import {
  classList,
  type EditionAsset,
  type EditionOutput,
  headingDepth,
  isBook,
  isSafeUrl,
  labelsFor,
  publicationMetadata,
  textOf,
  toBookHast,
  toPublication,
} from '@colophon/article-hast'
import { jsonLdScriptContent, type Metadata, toJsonLd } from '@colophon/metadata'
import type { Element, ElementContent, Root } from 'hast'
import { h } from 'hastscript'
import rehypeStringify from 'rehype-stringify'
import { unified } from 'unified'
import { visit } from 'unist-util-visit'
import { VFile } from 'vfile'
import { markNames, namesOf } from './names.js'
import { type Paper, withPaper } from './paper.js'

/** Configuration for `renderHtml`. */
export interface Options {
  /**
   * Produce only the `<article>` element (for embedding in another page)
   * instead of a standalone document (default: `false`).
   */
  fragment?: boolean | undefined
  /** Stylesheet that replaces the default one (default: the bundled `article.css`). */
  css?: string | undefined
  /** Extra CSS appended after the stylesheet, to override single rules (default: none). */
  extraCss?: string | undefined
  /**
   * Images resolved by `resolveAssets` (`@colophon/article-hast`): `inline`
   * puts them in the document as `data:` URLs, `copy` refers to files named
   * `<assetsDir>/<hash>.<ext>` that the caller writes next to the HTML (they
   * are returned by `renderHtmlDocument`) (default: `inline`).
   */
  images?: 'inline' | 'copy' | undefined
  /** Folder of copied images, relative to the HTML file (default: `assets`). */
  assetsDir?: string | undefined
  /**
   * A contents list after the title block of a document with chapters
   * (books always have one) (default: `false`).
   */
  contents?: boolean | undefined
  /**
   * Paper of the printed edition, the stylesheet's `@page { size }`: a size
   * CSS names (`A4`, `A5`, `letter`, `legal`…, any case) or `[width, height]`
   * in points (default: the stylesheet's own, A4 in the bundled one).
   */
  paper?: Paper | undefined
}

/** A file the HTML document refers to, to be written next to it. */
export type HtmlAsset = EditionAsset

/** The HTML edition and the files it refers to. */
export interface HtmlEdition {
  html: string
  assets: HtmlAsset[]
}

/** `source` of every message this package emits. */
export const messageSource = 'colophon-html'

/** The default stylesheet of the HTML edition. */
export const defaultCss: string = readFileSync(
  // By the package's name, so a bundle of this code (another folder) finds it too.
  createRequire(import.meta.url).resolve('@colophon/render-html/assets/article.css'),
  'utf8',
)

/** The stylesheet of a document: the user's or the default, then the extra rules. */
function stylesheet(options: Options): string {
  const css =
    options.paper === undefined ? (options.css ?? defaultCss) : withPaper(options.css ?? defaultCss, options.paper)
  return `${css}${options.extraCss ? `\n${options.extraCss}` : ''}`
}

function meta(attributes: Record<string, string>): Element {
  return h('meta', attributes)
}

/**
 * The `<head>` children: title, description, canonical link, Open Graph,
 * Twitter card and JSON-LD, all from `file.data.metadata`.
 */
export function headElements(metadata: Metadata, css: string): ElementContent[] {
  const authors = metadata.authors.map((person) => person.name)
  const elements: ElementContent[] = [
    meta({ charSet: 'utf-8' }),
    meta({ name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    h('title', metadata.title),
  ]
  if (metadata.description) elements.push(meta({ name: 'description', content: metadata.description }))
  if (authors.length > 0) elements.push(meta({ name: 'author', content: authors.join(', ') }))
  if (metadata.keywords.length > 0) elements.push(meta({ name: 'keywords', content: metadata.keywords.join(', ') }))
  elements.push(meta({ name: 'generator', content: 'Colophon' }))
  const url = metadata.url && isSafeUrl(metadata.url) ? metadata.url : undefined
  if (url) elements.push(h('link', { rel: 'canonical', href: url }))
  elements.push(
    meta({ property: 'og:type', content: 'article' }),
    meta({ property: 'og:title', content: metadata.title }),
    meta({ property: 'og:locale', content: metadata.language.replace('-', '_') }),
  )
  if (metadata.description) elements.push(meta({ property: 'og:description', content: metadata.description }))
  if (url) elements.push(meta({ property: 'og:url', content: url }))
  if (metadata.publisher) elements.push(meta({ property: 'og:site_name', content: metadata.publisher.name }))
  if (metadata.datePublished) {
    elements.push(meta({ property: 'article:published_time', content: metadata.datePublished }))
  }
  for (const author of authors) elements.push(meta({ property: 'article:author', content: author }))
  elements.push(
    meta({ name: 'twitter:card', content: 'summary' }),
    meta({ name: 'twitter:title', content: metadata.title }),
  )
  if (metadata.description) elements.push(meta({ name: 'twitter:description', content: metadata.description }))
  elements.push(h('script', { type: 'application/ld+json' }, jsonLdScriptContent(toJsonLd(metadata))), h('style', css))
  return elements
}

/**
 * Point images at their resolved files: `data:` URLs or copied files. An
 * image left with a remote address (never resolved) is not hot-linked: its alt
 * text stands in for it.
 */
function placeImages(tree: Root, file: VFile, options: Options): HtmlAsset[] {
  const assets = new Map<string, HtmlAsset>()
  const folder = (options.assetsDir ?? 'assets').replace(/\/+$/, '')
  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName !== 'img') return
    const asset = node.data?.asset
    if (asset) {
      if (options.images === 'copy') {
        const target = `${folder}/${asset.name}`
        assets.set(target, { path: target, data: asset.data })
        node.properties.src = target
      } else {
        node.properties.src = `data:${asset.mediaType};base64,${Buffer.from(asset.data).toString('base64')}`
      }
      return
    }
    if (
      typeof node.properties.src === 'string' &&
      /^https?:/i.test(node.properties.src) &&
      parent &&
      index !== undefined
    ) {
      file.message(`Remote image \`${node.properties.src}\` is not linked from the HTML edition`, {
        place: node.position,
        ruleId: 'remote-asset',
        source: messageSource,
      })
      const alt = typeof node.properties.alt === 'string' ? node.properties.alt : ''
      parent.children.splice(index, 1, { type: 'text', value: alt ? `[${alt}]` : '' })
    }
  })
  return [...assets.values()]
}

/** A contents list of the chapters of an article, for `contents: true`. */
function chapterContents(article: Element, label: string): Element | undefined {
  const entries: ElementContent[] = []
  for (const child of article.children) {
    if (child.type !== 'element' || child.tagName !== 'section' || !classList(child).includes('chapter')) continue
    const heading = child.children.find((node) => headingDepth(node) !== undefined)
    if (heading?.type !== 'element' || typeof heading.properties.id !== 'string') continue
    entries.push(h('li', [h('a', { href: `#${heading.properties.id}` }, textOf(heading))]))
  }
  if (entries.length === 0) return undefined
  return h('nav', { className: ['contents'], ariaLabel: label }, [h('ol', entries)])
}

/**
 * The HTML document of a publication tree, as hast: `<!doctype html>`, the
 * head from the metadata, the publication in `<main>` (or only the
 * publication, for `fragment`).
 */
function documentTree(tree: Root, file: VFile, options: Options): { tree: Root; assets: HtmlAsset[] } {
  const content = toPublication(structuredClone(tree), file)
  const metadata = publicationMetadata(file)
  const assets = placeImages(content, file, options)
  markNames(content, namesOf(file))
  if (options.contents && !isBook(content)) {
    for (const node of content.children) {
      if (node.type !== 'element' || node.tagName !== 'article') continue
      const header = node.children.findIndex((child) => child.type === 'element' && child.tagName === 'header')
      const nav = chapterContents(node, contentsLabel(node, metadata))
      if (nav) node.children.splice(header + 1, 0, nav)
    }
  }
  if (options.fragment) return { tree: content, assets }
  const document: Root = {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: metadata.language }, [
        h('head', headElements(metadata, stylesheet(options))),
        h('body', [h('main', content.children as ElementContent[])]),
      ]),
    ],
  }
  return { tree: document, assets }
}

function contentsLabel(article: Element, metadata: Metadata): string {
  const language = typeof article.properties.lang === 'string' ? article.properties.lang : metadata.language
  return labelsFor(language).contents
}

/**
 * Compile a publication tree (or any hast tree, completed first) to the HTML
 * edition with `rehype-stringify`.
 *
 * @param tree
 *   The publication tree (see `@colophon/article-hast`); it is not changed.
 * @param file
 *   Its file: metadata (completed when missing, with messages); messages
 *   are added to it.
 * @param options
 *   Configuration (optional).
 * @returns
 *   The document (or fragment) and the images to write next to it (only
 *   with `images: 'copy'`).
 */
export async function compileHtml(
  tree: Root,
  file: VFile,
  options: Options = {},
): Promise<EditionOutput & { data: string }> {
  const result = documentTree(tree, file, options)
  const html = unified().use(rehypeStringify).stringify(result.tree, file)
  return { data: options.fragment ? html : `${html}\n`, assets: result.assets }
}

/**
 * Render the HTML edition of an article, with the files it refers to.
 *
 * @param tree
 *   The publication tree (from `@colophon/article-hast`); it is not changed.
 * @param file
 *   The document's file (`file.data.metadata`).
 * @param options
 *   Configuration (optional).
 * @returns
 *   The serialized document (or fragment) and the images to write next to it
 *   (only with `images: 'copy'`).
 */
export async function renderHtmlDocument(tree: Root, file: VFile, options: Options = {}): Promise<HtmlEdition> {
  const { data, assets } = await compileHtml(tree, file, options)
  return { html: data, assets }
}

/**
 * Render the HTML edition of an article (images inlined unless `images:
 * 'copy'`; see `renderHtmlDocument` for the copied files).
 *
 * @param tree
 *   The publication tree (from `@colophon/article-hast`).
 * @param file
 *   The document's file (`file.data.metadata`).
 * @param options
 *   Configuration (optional).
 * @returns
 *   The HTML document (or fragment), serialized.
 */
export async function renderHtml(tree: Root, file: VFile, options: Options = {}): Promise<string> {
  return (await compileHtml(tree, file, options)).data
}

/** An article of a book: its publication tree. */
export interface HtmlArticle {
  tree: Root
  /** Its file: the names its dictionaries recognized are kept on one line (default: none). */
  file?: VFile | undefined
}

/** A book: its metadata (see `bookMetadata`) and its articles, in order. */
export interface HtmlBook {
  metadata: Metadata
  articles: ReadonlyArray<HtmlArticle>
}

/**
 * Render several articles as one HTML document: the book's tree (see
 * `toBookHast`: title block, contents, the articles) compiled like any
 * publication. Build each article's tree with a distinct `idPrefix` so ids
 * stay unique.
 *
 * @param book
 *   The book's metadata and its articles.
 * @param options
 *   Configuration (optional).
 * @returns
 *   The document and the images to write next to it.
 */
export async function renderHtmlBook(book: HtmlBook, options: Options = {}): Promise<HtmlEdition> {
  const file = new VFile()
  file.data.metadata = book.metadata
  file.data.entities = book.articles.flatMap((article) => article.file?.data.entities ?? [])
  file.data.corrections = book.articles.flatMap((article) => article.file?.data.corrections ?? [])
  const tree = toBookHast(
    book.articles.map((article) => article.tree),
    book.metadata,
  )
  return renderHtmlDocument(tree, file, options)
}
