import { readFileSync } from 'node:fs'
// Types of the shared tree, including images resolved into `data.asset`.
import type {} from '@colophon/article-hast'
import { jsonLdScriptContent, type Metadata, requireMetadata, toJsonLd } from '@colophon/remark-metadata'
import type { Element, ElementContent, Root } from 'hast'
import { toHtml } from 'hast-util-to-html'
import { h } from 'hastscript'
import { visit } from 'unist-util-visit'
import type { VFile } from 'vfile'

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
}

/** A file the HTML document refers to, to be written next to it. */
export interface HtmlAsset {
  /** Path relative to the HTML file. */
  path: string
  data: Uint8Array
}

/** The HTML edition and the files it refers to. */
export interface HtmlEdition {
  html: string
  assets: HtmlAsset[]
}

/** `source` of every message this package emits. */
export const messageSource = 'colophon-html'

/** The default stylesheet of the HTML edition. */
export const defaultCss: string = readFileSync(new URL('../../assets/article.css', import.meta.url), 'utf8')

/** The stylesheet of a document: the user's or the default, then the extra rules. */
function stylesheet(options: Options): string {
  return `${options.css ?? defaultCss}${options.extraCss ? `\n${options.extraCss}` : ''}`
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
  if (metadata.url) elements.push(h('link', { rel: 'canonical', href: metadata.url }))
  elements.push(
    meta({ property: 'og:type', content: 'article' }),
    meta({ property: 'og:title', content: metadata.title }),
    meta({ property: 'og:locale', content: metadata.language.replace('-', '_') }),
  )
  if (metadata.description) elements.push(meta({ property: 'og:description', content: metadata.description }))
  if (metadata.url) elements.push(meta({ property: 'og:url', content: metadata.url }))
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

/**
 * Render the HTML edition of an article, with the files it refers to.
 *
 * @param tree
 *   The shared hast tree (from `@colophon/article-hast`); it is not changed.
 * @param file
 *   The document's file; `file.data.metadata` must be set.
 * @param options
 *   Configuration (optional).
 * @returns
 *   The serialized document (or fragment) and the images to write next to it
 *   (only with `images: 'copy'`).
 */
export async function renderHtmlDocument(tree: Root, file: VFile, options: Options = {}): Promise<HtmlEdition> {
  const metadata = requireMetadata(file, 'the HTML edition')
  const content = structuredClone(tree)
  const assets = placeImages(content, file, options)
  if (options.fragment) return { html: toHtml(content), assets }
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
  return { html: `${toHtml(document)}\n`, assets }
}

/**
 * Render the HTML edition of an article (images inlined unless `images:
 * 'copy'`; see `renderHtmlDocument` for the copied files).
 *
 * @param tree
 *   The shared hast tree (from `@colophon/article-hast`).
 * @param file
 *   The document's file; `file.data.metadata` must be set.
 * @param options
 *   Configuration (optional).
 * @returns
 *   The HTML document (or fragment), serialized.
 */
export async function renderHtml(tree: Root, file: VFile, options: Options = {}): Promise<string> {
  return (await renderHtmlDocument(tree, file, options)).html
}

/** An article of a book: its shared tree and its file. */
export interface HtmlArticle {
  tree: Root
  file: VFile
}

/** A book: its metadata (see `bookMetadata`) and its articles, in order. */
export interface HtmlBook {
  metadata: Metadata
  articles: ReadonlyArray<HtmlArticle>
}

/** Demote the headings of an article by one level, so the book's title is the page's only h1. */
function demote(tree: Root): void {
  visit(tree, 'element', (node) => {
    const depth = /^h([1-5])$/.exec(node.tagName)?.[1]
    if (depth) node.tagName = `h${Number(depth) + 1}`
  })
}

function firstHeading(tree: Root): Element | undefined {
  let found: Element | undefined
  visit(tree, 'element', (node) => {
    if (!found && /^h[1-6]$/.test(node.tagName) && typeof node.properties.id === 'string') found = node
  })
  return found
}

/**
 * Render several articles as one HTML document: the book's title and
 * authors, a table of contents, then each article (its headings one level
 * down). Build each article's tree with a distinct `idPrefix` so ids stay
 * unique.
 *
 * @param book
 *   The book's metadata and its articles.
 * @param options
 *   Configuration (optional; `fragment` is ignored).
 * @returns
 *   The document and the images to write next to it.
 */
export async function renderHtmlBook(book: HtmlBook, options: Options = {}): Promise<HtmlEdition> {
  const { metadata } = book
  const assets = new Map<string, HtmlAsset>()
  const articles: ElementContent[] = []
  const entries: ElementContent[] = []
  for (const { tree, file } of book.articles) {
    const content = structuredClone(tree)
    for (const asset of placeImages(content, file, options)) assets.set(asset.path, asset)
    demote(content)
    const heading = firstHeading(content)
    const title = file.data.metadata?.title ?? (heading ? toHtml(heading) : '')
    if (heading) entries.push(h('li', [h('a', { href: `#${heading.properties.id}` }, title)]))
    articles.push(...(content.children as ElementContent[]))
  }
  const authors = metadata.authors.map((person) => person.name)
  const document: Root = {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: metadata.language }, [
        h('head', headElements(metadata, stylesheet(options))),
        h('body', [
          h('header', { className: ['book-header'] }, [
            h('h1', metadata.title),
            ...(metadata.subtitle ? [h('p', { className: ['subtitle'] }, metadata.subtitle)] : []),
            ...(authors.length > 0 ? [h('p', { className: ['byline'] }, authors.join(', '))] : []),
          ]),
          h('nav', { className: ['book-contents'], ariaLabel: 'Contents' }, [h('ol', entries)]),
          h('main', articles),
        ]),
      ]),
    ],
  }
  return { html: `${toHtml(document)}\n`, assets: [...assets.values()] }
}
