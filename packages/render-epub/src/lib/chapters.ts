import { classList } from '@colophon/article-hast'
import type { Element, ElementContent, Root } from 'hast'
import { visit } from 'unist-util-visit'
import type { Resource, TocEntry } from './package.js'

/** A part of an article that becomes one content document. */
export interface Part {
  /** File name inside `OEBPS/`. */
  filename: string
  /** The part, wrapped in a copy of the article element. */
  article: Element
}

/** An article taken apart for the EPUB. */
export interface ArticleParts {
  parts: Part[]
  /** The editorial notes, moved out of the article's footer. */
  notes: Element | undefined
  /** Images the article refers to, to add to the package. */
  images: Resource[]
}

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value
  if (node.type === 'element') return node.children.map(textOf).join('')
  return ''
}

/** The `<article>` element of a shared tree. */
export function articleOf(tree: Root): Element {
  const article = tree.children.find(
    (child): child is Element => child.type === 'element' && child.tagName === 'article',
  )
  if (!article) throw new Error('EPUB: the tree has no <article> (build it with @colophon/article-hast)')
  return structuredClone(article)
}

/** Remove and return the editorial notes from an article's footer. */
function takeNotes(article: Element): Element | undefined {
  let notes: Element | undefined
  visit(article, 'element', (node, index, parent) => {
    if (notes || index === undefined || !parent) return
    if (node.tagName === 'section' && classList(node).includes('editorial-notes')) {
      notes = node
      parent.children.splice(index, 1)
    }
  })
  // A footer left empty goes too.
  article.children = article.children.filter(
    (child) => !(child.type === 'element' && child.tagName === 'footer' && child.children.length === 0),
  )
  return notes
}

/** Point images at files in the package, and list those files. */
function packImages(article: Element): Resource[] {
  const images = new Map<string, Resource>()
  visit(article, 'element', (node) => {
    if (node.tagName !== 'img') return
    const asset = node.data?.asset
    if (!asset) return
    const filename = `images/${asset.name}`
    images.set(filename, {
      id: `image-${asset.name.replace(/\.[a-z]+$/, '')}`,
      filename,
      mediaType: asset.mediaType,
      data: asset.data,
    })
    node.properties.src = filename
  })
  return [...images.values()]
}

/**
 * Split an article before each heading of `depth` (and shallower) among its
 * top-level blocks and those of its embedded section; every part keeps the
 * article's `lang` and the sections it was in.
 */
function split(article: Element, depth: number | undefined, stem: string): Part[] {
  const shell = (children: ElementContent[]): Element => ({ ...article, children })
  if (!depth) return [{ filename: `${stem}.xhtml`, article: shell(article.children) }]
  const isBreak = (node: ElementContent) =>
    node.type === 'element' && /^h[1-6]$/.test(node.tagName) && Number(node.tagName.slice(1)) <= depth
  const pieces: ElementContent[][] = [[]]
  const push = (node: ElementContent) => (pieces[pieces.length - 1] as ElementContent[]).push(node)
  // The article's header stays with what follows it.
  const hasContent = (piece: ElementContent[]) =>
    piece.some((node) => !(node.type === 'element' && node.tagName === 'header'))
  for (const child of article.children) {
    if (child.type === 'element' && child.tagName === 'section') {
      // A section may be cut in several; each piece keeps a copy of it.
      let current: Element = { ...child, children: [] }
      push(current)
      for (const node of child.children) {
        if (isBreak(node) && current.children.length > 0) {
          current = { ...child, properties: { ...child.properties, ariaLabelledBy: undefined }, children: [] }
          pieces.push([current])
        }
        current.children.push(node)
      }
    } else {
      if (isBreak(child) && hasContent(pieces[pieces.length - 1] as ElementContent[])) pieces.push([])
      push(child)
    }
  }
  return pieces
    .filter((piece) => piece.length > 0)
    .map((piece, index) => ({ filename: `${stem}${index === 0 ? '' : `-${index + 1}`}.xhtml`, article: shell(piece) }))
}

/** Rewrite `#id` links that point into another part. */
function linkParts(parts: Part[]): void {
  const home = new Map<string, string>()
  for (const part of parts) {
    visit(part.article, 'element', (node) => {
      if (typeof node.properties.id === 'string') home.set(node.properties.id, part.filename)
    })
  }
  for (const part of parts) {
    visit(part.article, 'element', (node) => {
      const href = node.properties.href
      if (typeof href !== 'string' || !href.startsWith('#')) return
      const target = home.get(decodeURIComponent(href.slice(1)))
      if (target && target !== part.filename) node.properties.href = `${target}${href}`
    })
  }
}

/**
 * Take an article apart for the EPUB: editorial notes out, images packed,
 * split at a heading depth, links between parts kept working.
 */
export function articleParts(tree: Root, options: { split?: number | undefined; stem: string }): ArticleParts {
  const article = articleOf(tree)
  const notes = takeNotes(article)
  const images = packImages(article)
  const parts = split(article, options.split, options.stem)
  linkParts(parts)
  return { parts, notes, images }
}

/**
 * Table-of-contents entries for the headings (h2, h3) of the parts, nested,
 * each pointing at its part.
 */
export function headingEntries(parts: ReadonlyArray<Part>): TocEntry[] {
  const entries: TocEntry[] = []
  for (const part of parts) {
    visit(part.article, 'element', (node) => {
      const depth = /^h([23])$/.exec(node.tagName)?.[1]
      if (!depth || typeof node.properties.id !== 'string') return
      const entry: TocEntry = {
        title: textOf(node).replace(/\s+/g, ' ').trim(),
        href: `${part.filename}#${node.properties.id}`,
        children: [],
      }
      const parent = depth === '3' ? entries[entries.length - 1] : undefined
      ;(parent ? parent.children : entries).push(entry)
    })
  }
  return entries
}

/** Whether every image has a text alternative. */
export function imagesHaveAlt(parts: ReadonlyArray<Part>): boolean {
  let all = true
  for (const part of parts) {
    visit(part.article, 'element', (node) => {
      if (node.tagName === 'img' && !(typeof node.properties.alt === 'string' && node.properties.alt.trim()))
        all = false
    })
  }
  return all
}
