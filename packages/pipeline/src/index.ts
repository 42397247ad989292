export type { DepthLimitOptions } from './lib/depth.js'
export { defaultMaxDepth, estimateSourceNesting, excessiveNesting, remarkDepthLimit } from './lib/depth.js'
export type { PipelineOptions, ProcessedDocument, PublicationProcessor } from './lib/index.js'
export { bookDocument, colophonPreset, createPipeline, isPlainText, processDocument } from './lib/index.js'
