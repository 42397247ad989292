export type { HtmlArticle, HtmlAsset, HtmlBook, HtmlEdition, Options } from './lib/index.js'
export { defaultCss, headElements, messageSource, renderHtml, renderHtmlBook, renderHtmlDocument } from './lib/index.js'
