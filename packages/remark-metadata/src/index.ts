// The schema, the mappings and the book metadata live in `@colophon/metadata`
// (for editions that need no remark plugin); they are re-exported here so
// that this package keeps its API.
export type {
  JsonLd,
  MappingOptions,
  Mention,
  Metadata,
  MetadataFields,
  MetadataInput,
  PdfInfo,
  Person,
  XmpOptions,
} from '@colophon/metadata'
export {
  BookMetadataError,
  bookMetadata,
  buildDate,
  contributorSchema,
  cutAtWord,
  deriveIdentifier,
  escapeXml,
  generator,
  identifierNamespace,
  isoDate,
  jsonLdScriptContent,
  languageTag,
  mentionSchema,
  mentionTypes,
  metadataFieldsSchema,
  metadataJsonSchema,
  metadataSchema,
  personSchema,
  requireMetadata,
  stripXmlIllegal,
  toDate,
  toJsonLd,
  toOpf,
  toPdfInfo,
  toW3cUtc,
  toXmp,
  xmlIllegal,
} from '@colophon/metadata'
export { fromFrontmatter } from './lib/frontmatter.js'
export type { MetadataOrigin, Options } from './lib/index.js'
export { default, messageSource } from './lib/index.js'
export { countWords, inferMetadata, wordsPerMinute } from './lib/infer.js'
