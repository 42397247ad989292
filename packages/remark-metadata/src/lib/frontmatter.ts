import { type MetadataFields, type MetadataInput, uniqueKeywords } from '@colophon/metadata'

type Person = NonNullable<MetadataInput['authors']>[number]

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return []
  if (typeof value === 'string') return value.split(/\s*[,;]\s*/).filter(Boolean)
  return Array.isArray(value) ? value : [value]
}

function asPerson(value: unknown): Person | unknown {
  return typeof value === 'string' ? { name: value } : value
}

function asNamed(value: unknown): unknown {
  return typeof value === 'string' ? { name: value } : value
}

function asDate(value: unknown): unknown {
  // YAML 1.1 parsers turn dates into Date objects; keep the calendar day.
  return value instanceof Date
    ? value
        .toISOString()
        .replace(/T00:00:00\.000Z$/, '')
        .replace(/\.000Z$/, 'Z')
    : value
}

/** Front matter keys and the metadata fields they set. */
const aliases: Record<string, keyof MetadataInput> = {
  lang: 'language',
  date: 'datePublished',
  published: 'datePublished',
  updated: 'dateModified',
  modified: 'dateModified',
  author: 'authors',
  tags: 'keywords',
  subject: 'keywords',
  summary: 'description',
  abstract: 'description',
  canonical: 'url',
  copyright: 'rights',
}

const fields = new Set<string>([
  'title',
  'subtitle',
  'headline',
  'authors',
  'contributors',
  'datePublished',
  'dateModified',
  'language',
  'originalLanguage',
  'source',
  'publisher',
  'identifier',
  'url',
  'description',
  'keywords',
  'subjects',
  'rights',
  'license',
])

/**
 * Map YAML front matter to metadata fields. Accepts the usual spellings
 * (`author` or `authors` as a string, a list of names or of `{name, role}`;
 * `date`; `lang`; `publisher` and `source` as a name or an object;
 * `translator` and `editor`). `keywords`, `tags` and `subject` (a list, or
 * a string of comma-separated keywords) all add to `keywords`, each keyword
 * once, in order. Values are validated later, with the rest.
 *
 * @param data
 *   Parsed front matter.
 * @param warn
 *   Called for keys that mean nothing to Colophon.
 * @returns
 *   Partial metadata.
 */
export function fromFrontmatter(data: Record<string, unknown>, warn: (reason: string) => void): MetadataFields {
  const result: Record<string, unknown> = {}
  const contributors: unknown[] = []
  for (const [rawKey, value] of Object.entries(data)) {
    if (rawKey === 'translator' || rawKey === 'translators' || rawKey === 'editor' || rawKey === 'editors') {
      const kind = rawKey.startsWith('translator') ? 'translator' : 'editor'
      for (const item of asList(value)) contributors.push({ kind, ...(asPerson(item) as object) })
      continue
    }
    const key = aliases[rawKey] ?? rawKey
    if (!fields.has(key)) {
      warn(`Unknown front matter key \`${rawKey}\` is ignored`)
      continue
    }
    switch (key) {
      case 'authors':
        result.authors = asList(value).map(asPerson)
        break
      case 'contributors':
        contributors.push(...asList(value))
        break
      case 'keywords':
        // `keywords`, `tags` and `subject` add up.
        result.keywords = uniqueKeywords([
          ...((result.keywords as string[] | undefined) ?? []),
          ...asList(value).map(String),
        ])
        break
      case 'subjects':
        result[key] = asList(value).map(String)
        break
      case 'publisher':
      case 'source':
        result[key] = asNamed(value)
        break
      case 'datePublished':
      case 'dateModified':
        result[key] = asDate(value)
        break
      default:
        result[key] = value
    }
  }
  if (contributors.length > 0) result.contributors = contributors
  return result as MetadataFields
}
