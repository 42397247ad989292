import { classList, decodeFragment, headingDepth, textOf } from '@colophon/article-hast'
import type { Element, ElementContent } from 'hast'
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

/** Whether a node is one of the tree's chapters (`section.chapter`). */
function isChapter(node: ElementContent): boolean {
  return node.type === 'element' && node.tagName === 'section' && classList(node).includes('chapter')
}

/** The parts' file names: `<stem>.xhtml`, `<stem>-2.xhtml`, … */
function named(pieces: ElementContent[][], article: Element, stem: string): Part[] {
  return pieces
    .filter((piece) => piece.length > 0)
    .map((piece, index) => ({
      filename: `${stem}${index === 0 ? '' : `-${index + 1}`}.xhtml`,
      article: { ...article, children: piece },
    }))
}

/**
 * Split an article before each of its chapters; what comes before the first
 * chapter is a part of its own when it holds more than the title block, and
 * what follows the last (the footer) stays with it.
 */
function splitChapters(article: Element, stem: string): Part[] {
  const pieces: ElementContent[][] = [[]]
  const hasContent = (piece: ElementContent[]) =>
    piece.some(
      (node) =>
        !(node.type === 'element' && node.tagName === 'header') && !(node.type === 'text' && !node.value.trim()),
    )
  for (const child of article.children) {
    if (isChapter(child) && hasContent(pieces[pieces.length - 1] as ElementContent[])) pieces.push([])
    ;(pieces[pieces.length - 1] as ElementContent[]).push(child)
  }
  return named(pieces, article, stem)
}

/**
 * Split an article before each heading of `depth` (and shallower) among its
 * top-level blocks and those of its sections; every part keeps the
 * article's `lang` and the sections it was in.
 */
function split(article: Element, depth: number | undefined, stem: string): Part[] {
  if (!depth) return splitChapters(article, stem)
  const isBreak = (node: ElementContent) =>
    node.type === 'element' && /^h[1-6]$/.test(node.tagName) && Number(node.tagName.slice(1)) <= depth
  const pieces: ElementContent[][] = [[]]
  const push = (node: ElementContent) => (pieces[pieces.length - 1] as ElementContent[]).push(node)
  // The article's header stays with what follows it.
  const hasContent = (piece: ElementContent[]) =>
    piece.some((node) => !(node.type === 'element' && node.tagName === 'header'))
  for (const child of article.children) {
    if (child.type === 'element' && child.tagName === 'section') {
      // A section that opens with a break (a chapter) starts a piece of its own.
      const lead = child.children.find((node) => node.type === 'element')
      if (lead && isBreak(lead) && hasContent(pieces[pieces.length - 1] as ElementContent[])) pieces.push([])
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
  return named(pieces, article, stem)
}

/** Rewrite `#id` links that point into another part. */
export function linkParts(parts: ReadonlyArray<Part>): void {
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
      const target = home.get(decodeFragment(href.slice(1)))
      if (target && target !== part.filename) node.properties.href = `${target}${href}`
    })
  }
}

/**
 * Take an article of the publication tree apart for the EPUB: editorial
 * notes out, images packed, split at its chapters (or at a heading depth),
 * links between parts kept working.
 *
 * @param article
 *   The article (changed: pass a copy).
 */
export function articleParts(article: Element, options: { split?: number | undefined; stem: string }): ArticleParts {
  const notes = takeNotes(article)
  const images = packImages(article)
  const parts = split(article, options.split, options.stem)
  linkParts(parts)
  return { parts, notes, images }
}

/** The text of a heading, with the text alternatives of its images. */
function headingText(heading: Element): string {
  const alternatives: string[] = []
  visit(heading, 'element', (node) => {
    if (node.tagName === 'img' && typeof node.properties.alt === 'string') alternatives.push(node.properties.alt)
  })
  return textOf(heading) || alternatives.join(' ').replace(/\s+/g, ' ').trim()
}

/**
 * Table-of-contents entries for the headings of some parts, nested two
 * levels deep from the shallowest, each pointing at its part; the title
 * block's heading, and headings without text, are left out.
 */
export function headingEntries(parts: ReadonlyArray<Part>): TocEntry[] {
  const found: Array<{ depth: number; entry: TocEntry }> = []
  for (const part of parts) {
    visit(part.article, 'element', (node) => {
      if (node.tagName === 'header') return 'skip'
      const depth = headingDepth(node)
      if (depth === undefined || typeof node.properties.id !== 'string') return undefined
      // A heading with nothing to read (`#` alone) is no entry: a navigation link must have text.
      const title = headingText(node)
      if (!title) return undefined
      found.push({ depth, entry: { title, href: `${part.filename}#${node.properties.id}`, children: [] } })
      return undefined
    })
  }
  const top = Math.min(...found.map((item) => item.depth))
  const entries: TocEntry[] = []
  for (const { depth, entry } of found) {
    if (depth === top) entries.push(entry)
    else if (depth === top + 1) (entries.at(-1)?.children ?? entries).push(entry)
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
