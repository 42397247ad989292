export type { Asset, AssetOptions } from './lib/assets.js'
export { resolveAssets, sniffImage } from './lib/assets.js'
export type { FooterLabels, FooterOptions } from './lib/footer.js'
export {
  articleFooter,
  defaultLabels,
  editorialNotes,
  formatDate,
  labelsByLanguage,
  labelsFor,
  languageName,
} from './lib/footer.js'
export type { Options } from './lib/index.js'
export { classList, messageSource, toArticleHast, xmlId } from './lib/index.js'
export { articleSchema, normalizeIds, roleClasses } from './lib/sanitize.js'
