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
