export { BookMetadataError, bookMetadata } from './lib/book.js'
export { fromFrontmatter } from './lib/frontmatter.js'
export type { MetadataOrigin, Options } from './lib/index.js'
export { default, deriveIdentifier, identifierNamespace, messageSource, requireMetadata } from './lib/index.js'
export { countWords, cutAtWord, inferMetadata, wordsPerMinute } from './lib/infer.js'
export type { JsonLd, MappingOptions, PdfInfo, XmpOptions } from './lib/mappings.js'
export {
  buildDate,
  escapeXml,
  generator,
  jsonLdScriptContent,
  toJsonLd,
  toOpf,
  toPdfInfo,
  toW3cUtc,
  toXmp,
} from './lib/mappings.js'
export type { Mention, Metadata, MetadataFields, MetadataInput, Person } from './lib/schema.js'
export {
  contributorSchema,
  isoDate,
  languageTag,
  mentionSchema,
  mentionTypes,
  metadataFieldsSchema,
  metadataJsonSchema,
  metadataSchema,
  personSchema,
  toDate,
} from './lib/schema.js'
