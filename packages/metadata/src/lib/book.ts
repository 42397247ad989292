import { v5 as uuidV5 } from 'uuid'
import type { z } from 'zod'
import { identifierNamespace } from './identifier.js'
import { uniqueKeywords } from './keywords.js'
import { type Metadata, type MetadataFields, metadataSchema, toDate } from './schema.js'
import { cutAtWord } from './text.js'

/** A book's metadata that is not valid. */
export class BookMetadataError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BookMetadataError'
  }
}

function unique<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>()
  return items.filter((item) => {
    const value = key(item)
    if (seen.has(value)) return false
    seen.add(value)
    return true
  })
}

/**
 * The metadata of a publication that combines articles: what the book's
 * configuration gives, completed from its articles (their common language,
 * their authors, the latest date, the union of keywords and mentions, the
 * sums of words and corrections), validated like an article's.
 *
 * @param articles
 *   Metadata of each article, in book order.
 * @param fields
 *   Book-level metadata from the configuration or command line; `title` is
 *   required.
 * @returns
 *   Validated metadata of the book.
 * @throws {BookMetadataError}
 *   Without a title, or with an invalid field (named with its value).
 */
export function bookMetadata(articles: ReadonlyArray<Metadata>, fields: MetadataFields): Metadata {
  if (!fields.title) throw new BookMetadataError('a book needs a title: give --title, or book.title in the config')
  const languages = [...new Set(articles.map((article) => article.language))]
  const dates = articles
    .map((article) => article.datePublished)
    .filter((date): date is string => date !== undefined)
    .sort((a, b) => toDate(a).getTime() - toDate(b).getTime())
  const sum = (pick: (article: Metadata) => number | undefined) =>
    articles.reduce((total, article) => total + (pick(article) ?? 0), 0)
  const byKind: Record<string, number> = {}
  for (const article of articles) {
    for (const [kind, count] of Object.entries(article.corrections?.byKind ?? {})) {
      byKind[kind] = (byKind[kind] ?? 0) + count
    }
  }
  const titles = articles.map((article) => article.title).join('; ')
  const datePublished = fields.datePublished ?? dates.at(-1)
  const merged = {
    language: languages.length === 1 ? languages[0] : (languages[0] ?? 'en'),
    authors: unique(
      articles.flatMap((article) => article.authors),
      (person) => person.name,
    ),
    ...(datePublished ? { datePublished } : {}),
    description: cutAtWord(`${articles.length} articles: ${titles}`),
    keywords: uniqueKeywords(articles.flatMap((article) => article.keywords)),
    subjects: uniqueKeywords(articles.flatMap((article) => article.subjects)),
    mentions: unique(
      articles.flatMap((article) => article.mentions),
      (mention) => mention.name,
    ),
    wordCount: sum((article) => article.wordCount),
    readingTimeMinutes: sum((article) => article.readingTimeMinutes),
    corrections: { count: sum((article) => article.corrections?.count), byKind },
    ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
  } as Record<string, unknown>
  merged.identifier ??= `urn:uuid:${uuidV5(
    [fields.title, ...articles.map((article) => article.identifier ?? article.title)].join('\n'),
    identifierNamespace,
  )}`
  const result = metadataSchema.safeParse(merged)
  if (!result.success) {
    const issue = result.error.issues[0] as z.core.$ZodIssue
    throw new BookMetadataError(`invalid book metadata: \`${issue.path.join('.')}\` ${issue.message}`)
  }
  return result.data
}
