import { readFileSync } from 'node:fs'
import { jsonLdScriptContent, type Metadata, toJsonLd } from '@colophon/remark-metadata'
import type { Element, ElementContent, Root } from 'hast'
import { toHtml } from 'hast-util-to-html'
import { h } from 'hastscript'
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
}

/** The default stylesheet of the HTML edition. */
export const defaultCss: string = readFileSync(new URL('../../assets/article.css', import.meta.url), 'utf8')

function requireMetadata(file: VFile): Metadata {
  const metadata = file.data.metadata
  if (!metadata) {
    throw new Error(
      `${file.path ?? 'document'}: no metadata; run @colophon/remark-metadata before rendering the HTML edition`,
    )
  }
  return metadata
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
 * Render the HTML edition of an article.
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
  const metadata = requireMetadata(file)
  if (options.fragment) return toHtml(tree)
  const css = `${options.css ?? defaultCss}${options.extraCss ? `\n${options.extraCss}` : ''}`
  const document: Root = {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: metadata.language }, [
        h('head', headElements(metadata, css)),
        h('body', [h('main', tree.children as ElementContent[])]),
      ]),
    ],
  }
  return `${toHtml(document)}\n`
}
