import { formatDate } from '@colophon/article-hast'
import { escapeXml, type Metadata } from '@colophon/remark-metadata'
import type { Element, ElementContent } from 'hast'

/** Wording of the parts Colophon adds; replace for another language. */
export interface EpubLabels {
  /** Title of the navigation document (default: `Contents`). */
  contents: string
  /** Title of the title page (default: `Title page`). */
  titlePage: string
  /** Landmark of the first chapter (default: `Start of content`). */
  startOfContent: string
  /** Title of the editorial-notes chapter (default: `Editorial notes`). */
  editorialNotes: string
  /** Landmark and title of the cover (default: `Cover`). */
  cover: string
  /** Before the original publication (default: `Originally published in`). */
  originallyPublished: string
  /** Text of the accessibility summary (default below). */
  accessibilitySummary: string
}

/** English wording. */
export const defaultLabels: EpubLabels = {
  contents: 'Contents',
  titlePage: 'Title page',
  startOfContent: 'Start of content',
  editorialNotes: 'Editorial notes',
  cover: 'Cover',
  originallyPublished: 'Originally published in',
  accessibilitySummary:
    'The text is navigable by headings and the table of contents, in reading order. It has no flashing, sound or motion.',
}

const text = (value: string): ElementContent => ({ type: 'text', value })

function element(tagName: string, properties: Element['properties'], children: ElementContent[]): Element {
  return { type: 'element', tagName, properties, children }
}

/** The title page: title, subtitle, authors with roles, date, original publication, publisher. */
export function titlePage(metadata: Metadata, labels: EpubLabels): ElementContent[] {
  const children: ElementContent[] = [element('h1', { className: ['title'] }, [text(metadata.title)])]
  if (metadata.subtitle) children.push(element('p', { className: ['subtitle'] }, [text(metadata.subtitle)]))
  for (const person of metadata.authors) {
    children.push(
      element('p', { className: ['author'] }, [
        element('span', { className: ['name'] }, [text(person.name)]),
        ...(person.role ? [element('br', {}, []), element('span', { className: ['role'] }, [text(person.role)])] : []),
      ]),
    )
  }
  if (metadata.datePublished) {
    children.push(
      element('p', { className: ['date'] }, [
        element('time', { dateTime: metadata.datePublished }, [
          text(formatDate(metadata.datePublished, metadata.language)),
        ]),
      ]),
    )
  }
  if (metadata.source) {
    const source = metadata.source
    children.push(
      element('p', { className: ['source'] }, [
        text(`${labels.originallyPublished} `),
        element('cite', {}, [text(source.name)]),
        ...(source.date ? [text(`, ${formatDate(source.date, metadata.language)}`)] : []),
        text('.'),
      ]),
    )
  }
  if (metadata.publisher) children.push(element('p', { className: ['publisher'] }, [text(metadata.publisher.name)]))
  return [element('section', { className: ['title-page'], 'epub:type': 'titlepage' }, children)]
}

function wrap(value: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of value.split(/\s+/)) {
    if (line && `${line} ${word}`.length > width) {
      lines.push(line)
      line = word
    } else {
      line = line ? `${line} ${word}` : word
    }
  }
  if (line) lines.push(line)
  return lines
}

/**
 * A typographic cover as SVG (1600 × 2560): the title and the authors on a
 * plain ground, in the reading system's serif.
 */
export function generatedCover(metadata: Metadata): string {
  const title = wrap(metadata.title, 22).slice(0, 7)
  const authors = metadata.authors.map((person) => person.name).join(', ')
  const titleLines = title
    .map((line, index) => `<tspan x="140" dy="${index === 0 ? 0 : 150}">${escapeXml(line)}</tspan>`)
    .join('')
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 1600 2560" width="1600" height="2560" role="img" aria-label="${escapeXml(metadata.title)}">
  <title>${escapeXml(metadata.title)}</title>
  <rect width="1600" height="2560" fill="#f4efe6"/>
  <rect x="100" y="100" width="1400" height="2360" fill="none" stroke="#8a2f1b" stroke-width="6"/>
  <text x="140" y="700" font-family="Georgia, 'Noto Serif', serif" font-size="120" font-weight="bold" fill="#1f1d1a">${titleLines}</text>
  <text x="140" y="2200" font-family="Georgia, 'Noto Serif', serif" font-size="72" fill="#5b554d">${escapeXml(authors)}</text>
</svg>
`
}

/** EPUB accessibility metadata (schema.org properties) for the package document. */
export function accessibilityMetadata(options: { images: boolean; allAlt: boolean; summary: string }): string[] {
  const meta = (property: string, value: string) => `<meta property="schema:${property}">${escapeXml(value)}</meta>`
  return [
    meta('accessMode', 'textual'),
    ...(options.images ? [meta('accessMode', 'visual')] : []),
    ...(!options.images || options.allAlt ? [meta('accessModeSufficient', 'textual')] : []),
    ...(options.images ? [meta('accessModeSufficient', 'textual,visual')] : []),
    meta('accessibilityFeature', 'structuralNavigation'),
    meta('accessibilityFeature', 'tableOfContents'),
    meta('accessibilityFeature', 'readingOrder'),
    meta('accessibilityFeature', 'displayTransformability'),
    ...(options.images && options.allAlt ? [meta('accessibilityFeature', 'alternativeText')] : []),
    meta('accessibilityHazard', 'none'),
    meta(
      'accessibilitySummary',
      `${options.summary}${options.images ? (options.allAlt ? ' Every image has a text alternative.' : ' Some images lack a text alternative.') : ''}`,
    ),
  ]
}
