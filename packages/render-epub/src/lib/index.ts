import { readFileSync } from 'node:fs'
import { buildDate, type Metadata } from '@colophon/remark-metadata'
import type { Element, ElementContent, Root } from 'hast'
import type { VFile } from 'vfile'
import { type ContentDocument, packageEpub, type TocEntry } from './package.js'
import { toXhtml } from './xhtml.js'

/** Configuration for `renderEpub`. */
export interface Options {
  /** Stylesheet that replaces the default one (default: the bundled `epub.css`). */
  css?: string | undefined
  /** Extra CSS appended after the stylesheet (default: none). */
  extraCss?: string | undefined
  /** Title of the table of contents (default: `Contents`). */
  tocTitle?: string | undefined
  /** The build date (default: `SOURCE_DATE_EPOCH`, else the article's date). */
  date?: Date | undefined
}

/** The default stylesheet of the EPUB edition. */
export const defaultCss: string = readFileSync(new URL('../../assets/epub.css', import.meta.url), 'utf8')

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value
  if (node.type === 'element') return node.children.map(textOf).join('')
  return ''
}

/** Table-of-contents entries for the headings (h2, h3) of an article with ids. */
export function headingEntries(article: Element, filename: string): TocEntry[] {
  const entries: TocEntry[] = []
  const visit = (node: ElementContent) => {
    if (node.type !== 'element') return
    const depth = /^h([23])$/.exec(node.tagName)?.[1]
    if (depth && typeof node.properties.id === 'string') {
      const entry: TocEntry = { title: textOf(node).trim(), href: `${filename}#${node.properties.id}`, children: [] }
      const parent = depth === '3' ? entries[entries.length - 1] : undefined
      ;(parent ? parent.children : entries).push(entry)
      return
    }
    node.children.forEach(visit)
  }
  article.children.forEach(visit)
  return entries
}

function requireMetadata(file: VFile): Metadata {
  const metadata = file.data.metadata
  if (!metadata) {
    throw new Error(
      `${file.path ?? 'document'}: no metadata; run @colophon/remark-metadata before rendering the EPUB edition`,
    )
  }
  return metadata
}

/**
 * Render the EPUB 3 edition of an article.
 *
 * @param tree
 *   The shared hast tree (from `@colophon/article-hast`).
 * @param file
 *   The document's file; `file.data.metadata` must be set.
 * @param options
 *   Configuration (optional).
 * @returns
 *   The EPUB file's bytes.
 */
export async function renderEpub(tree: Root, file: VFile, options: Options = {}): Promise<Uint8Array> {
  const metadata = requireMetadata(file)
  const date = options.date ?? buildDate(metadata)
  const body = tree.children.filter((child): child is Element => child.type === 'element')
  const article = body.find((child) => child.tagName === 'article')
  const filename = 'article.xhtml'
  const document: ContentDocument = {
    id: 'article',
    filename,
    xhtml: toXhtml({ title: metadata.title, language: metadata.language, body }),
    toc: [
      {
        title: metadata.title,
        href: filename,
        children: article ? headingEntries(article, filename).filter((entry) => entry.title !== metadata.title) : [],
      },
    ],
    landmark: { type: 'bodymatter', title: 'Start of content' },
  }
  const css = `${options.css ?? defaultCss}${options.extraCss ? `\n${options.extraCss}` : ''}`
  return packageEpub({
    metadata,
    date,
    documents: [document],
    resources: [{ id: 'css', filename: 'style.css', mediaType: 'text/css', data: css }],
    tocTitle: options.tocTitle ?? 'Contents',
  })
}
