export { BookMetadataError, bookMetadata } from './lib/book.js'
export { requireMetadata } from './lib/file.js'
export { deriveIdentifier, identifierNamespace } from './lib/identifier.js'
export { uniqueKeywords } from './lib/keywords.js'
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
  stripXmlIllegal,
  toDate,
  xmlIllegal,
} from './lib/schema.js'
export { cutAtWord } from './lib/text.js'
