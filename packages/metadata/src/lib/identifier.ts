import { v5 as uuidV5 } from 'uuid'
import type { MetadataInput } from './schema.js'

/** Namespace of identifiers derived from title, date and source. */
export const identifierNamespace = uuidV5('https://colophon.dev/identifier', uuidV5.URL)

/**
 * A stable identifier for an article: a name-based (v5) UUID of its title,
 * date and source, so rebuilds keep it.
 *
 * @param metadata
 *   The article's title, and its date and source when known.
 * @returns
 *   A `urn:uuid:` URI.
 */
export function deriveIdentifier(metadata: Pick<MetadataInput, 'title' | 'datePublished' | 'source'>): string {
  const key = [metadata.title, metadata.datePublished ?? '', metadata.source?.name ?? ''].join('\n')
  return `urn:uuid:${uuidV5(key, identifierNamespace)}`
}
