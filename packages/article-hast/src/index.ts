export type { Options } from './lib/index.js'
export { messageSource, toArticleHast, xmlId } from './lib/index.js'
