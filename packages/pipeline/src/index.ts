export type { PipelineOptions, ProcessedDocument, PublicationProcessor } from './lib/index.js'
export { bookDocument, colophonPreset, createPipeline, isPlainText, processDocument } from './lib/index.js'
