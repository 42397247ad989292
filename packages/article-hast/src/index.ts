export type { Asset, AssetOptions } from './lib/assets.js'
export { defaultMaxAssetSize, maxPixels, resolveAssets, sniffImage } from './lib/assets.js'
export { removeIllegalCharacters } from './lib/characters.js'
export type {
  Cover,
  Edition,
  EditionAsset,
  EditionContext,
  EditionOutput,
  EditionPluginOptions,
} from './lib/edition.js'
export { EditionSettingsError, editionPlugin, editionSettings, readCover } from './lib/edition.js'
export {
  classList,
  decodeFragment,
  headingDepth,
  isTitleBlock,
  messageSource,
  textOf,
  xmlId,
} from './lib/elements.js'
export type { FooterOptions } from './lib/footer.js'
export { articleFooter, editorialNotes, formatDate, languageName, typesetNote } from './lib/footer.js'
export type { ImageSize, SanitizedSvg } from './lib/image-checks.js'
export { CorruptImage, checkImage, sanitizeSvg } from './lib/image-checks.js'
export type { Options } from './lib/index.js'
export { toArticleHast } from './lib/index.js'
export type { Labels, PluralForms } from './lib/labels.js'
export { defaultLabels, labelsByLanguage, labelsFor, pluralLabel } from './lib/labels.js'
export { rehypeAssets, rehypePublication, remarkPublication } from './lib/plugins.js'
export type { BookArticle, PublicationOptions } from './lib/publication.js'
export {
  articlesOf,
  articleTitle,
  demoteHeadings,
  isBook,
  publicationMetadata,
  publicationOf,
  toBookHast,
  toPublication,
} from './lib/publication.js'
export { alignCells, articleSchema, normalizeIds, roleClasses } from './lib/sanitize.js'
export type { TitleBlockParts } from './lib/title-block.js'
export { isSafeUrl, sourceLine, titleBlock } from './lib/title-block.js'
export { enforceSafeUrls, isAllowedUrl, urlScheme } from './lib/urls.js'
