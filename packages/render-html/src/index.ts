export type { Options } from './lib/index.js'
export { defaultCss, headElements, renderHtml } from './lib/index.js'
