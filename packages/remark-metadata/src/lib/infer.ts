import { cutAtWord, type MetadataFields } from '@colophon/metadata'
import { parseByline, parseWireDateline } from '@colophon/remark-article'
import type { Correction, Entity } from '@colophon/remark-normalize'
import type { Nodes, Root } from 'mdast'
import { toString as mdastToString } from 'mdast-util-to-string'

/** Words per minute used for `readingTimeMinutes`. */
export const wordsPerMinute = 230

const word = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu

/** Number of words in a text. */
export function countWords(value: string): number {
  return value.match(word)?.length ?? 0
}

const mentionType = {
  person: 'Person',
  organization: 'Organization',
  place: 'Place',
  event: 'Event',
  work: 'CreativeWork',
  project: 'Thing',
} as const

function roleOf(node: Nodes): string | undefined {
  return (node.data as { articleRole?: string } | undefined)?.articleRole
}

/**
 * What the (normalized) text itself says about the article.
 *
 * @param tree
 *   The document after `remark-article` (and `remark-normalize`).
 * @param corrections
 *   `file.data.corrections`, for the corrections summary.
 * @param entities
 *   `file.data.entities`, the named entities the dictionaries recognized.
 * @returns
 *   Partial metadata; only fields the text supports are set.
 */
export function inferMetadata(
  tree: Root,
  corrections: ReadonlyArray<Correction> = [],
  entities: ReadonlyArray<Entity> = [],
): MetadataFields {
  const inferred: MetadataFields = {}
  let headline: string | undefined
  let embeddedTitle: string | undefined
  let lede: string | undefined
  let words = 0

  // Several h1s are chapters, not a title.
  const soleH1 = tree.children.filter((node) => node.type === 'heading' && node.depth === 1).length === 1
  for (const node of tree.children) {
    if (node.type !== 'paragraph' && node.type !== 'heading' && node.type !== 'list' && node.type !== 'blockquote') {
      continue
    }
    const role = roleOf(node)
    const text = mdastToString(node).trim()
    if (role === 'headline') headline ??= text
    else if (role === 'embedded-title') embeddedTitle ??= text
    else if (role === 'dateline') {
      const datetime = (node.data as { datetime?: string } | undefined)?.datetime
      if (datetime) inferred.datePublished ??= datetime
    } else if (role === 'byline') {
      const byline = parseByline(text)
      if (byline && !inferred.authors) {
        inferred.authors = [{ name: byline.name, ...(byline.role ? { role: byline.role } : {}) }]
      }
    } else if (node.type === 'heading' && node.depth === 1 && soleH1) headline ??= text
    else if (node.type === 'paragraph') {
      // The description is the lede's sentence, without a wire dateline's `TURKESTAN — `.
      const wire = node.data?.wireDateline ? parseWireDateline(text) : undefined
      lede ??= wire ? text.slice(wire.length).trim() : text
    }
    if (role !== 'dateline' && role !== 'byline') words += countWords(text)
  }

  const title = embeddedTitle ?? headline
  if (title) inferred.title = title
  if (headline) inferred.headline = headline
  if (lede) inferred.description = cutAtWord(lede)
  inferred.wordCount = words
  inferred.readingTimeMinutes = Math.max(1, Math.round(words / wordsPerMinute))

  const mentions = new Map<string, NonNullable<MetadataFields['mentions']>[number]>()
  for (const entity of entities) {
    const type = mentionType[entity.kind as keyof typeof mentionType]
    if (type && !mentions.has(entity.name))
      mentions.set(entity.name, { name: entity.name, type, sameAs: entity.sameAs })
  }
  const byKind: Record<string, number> = {}
  let count = 0
  for (const correction of corrections) {
    if (!correction.applied) continue
    count++
    byKind[correction.kind] = (byKind[correction.kind] ?? 0) + 1
  }
  inferred.mentions = [...mentions.values()]
  inferred.corrections = { count, byKind }
  return inferred
}
