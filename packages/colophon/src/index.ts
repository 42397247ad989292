export type {
  BookOptions,
  BuildOptions,
  BuildResult,
  BuiltEdition,
  DocumentResult,
  RenderedEdition,
} from './lib/build.js'
export { build, documentReport, renderEdition, slugify } from './lib/build.js'
export type { CliEnvironment } from './lib/cli.js'
export { main, version } from './lib/cli.js'
export type { Config, ConfigInput, Format, LoadedConfig } from './lib/config.js'
export { configJsonSchema, configNames, configSchema, formats, loadConfig, parseConfig } from './lib/config.js'
export { UserError } from './lib/errors.js'
export type { PipelineResult, PipelineSettings, ProcessedDocument } from './lib/pipeline.js'
export {
  createProcessor,
  documentHast,
  isPlainText,
  loadDictionaries,
  processDocument,
} from './lib/pipeline.js'
export { confinedPath, writeAtomic } from './lib/write.js'
