import type { Labels } from '@colophon/article-hast'
import { escapeXml } from '@colophon/metadata'
import type { Element, ElementContent } from 'hast'

/**
 * The title page: the publication's title block (the book's, or the
 * document's own), as the tree has it.
 *
 * @param header
 *   The `header.title-block` of the publication tree.
 */
export function titlePage(header: Element): ElementContent[] {
  return [
    {
      type: 'element',
      tagName: 'section',
      properties: { className: ['title-page', 'title-block'], 'epub:type': 'titlepage' },
      children: header.children,
    },
  ]
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
 *
 * @param cover
 *   The title and the authors' names, as the title page shows them.
 */
export function generatedCover(cover: { title: string; authors: ReadonlyArray<string> }): string {
  const metadata = cover
  const title = wrap(cover.title, 22).slice(0, 7)
  const authors = cover.authors.join(', ')
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
export function accessibilityMetadata(options: {
  images: boolean
  allAlt: boolean
  labels: Pick<Labels, 'accessibilitySummary' | 'imagesDescribed' | 'imagesUndescribed'>
}): string[] {
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
      `${options.labels.accessibilitySummary}${options.images ? ` ${options.allAlt ? options.labels.imagesDescribed : options.labels.imagesUndescribed}` : ''}`,
    ),
  ]
}
