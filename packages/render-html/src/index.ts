export type { HtmlSettings, HtmlSettingsInput } from './lib/edition.js'
export { htmlEdition, htmlSettingsSchema } from './lib/edition.js'
export type { HtmlArticle, HtmlAsset, HtmlBook, HtmlEdition, Options } from './lib/index.js'
export {
  compileHtml,
  defaultCss,
  headElements,
  messageSource,
  renderHtml,
  renderHtmlBook,
  renderHtmlDocument,
} from './lib/index.js'
