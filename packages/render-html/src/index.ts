export type { HtmlAsset, HtmlEdition, Options } from './lib/index.js'
export { defaultCss, headElements, messageSource, renderHtml, renderHtmlDocument } from './lib/index.js'
