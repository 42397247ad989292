export type { Options } from './lib/index.js'
export { messageSource, renderPdf } from './lib/index.js'
