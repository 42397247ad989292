export type {
  BookOptions,
  BuildContext,
  BuildOptions,
  BuildResult,
  BuiltEdition,
  DocumentResult,
  ProgressEvent,
  RenderedEdition,
} from './lib/build.js'
export {
  build,
  buildDocument,
  createContext,
  documentReport,
  messageSummary,
  renderEdition,
  slugify,
} from './lib/build.js'
export type { CacheEntries, CacheEntry } from './lib/cache.js'
export { cacheFileName } from './lib/cache.js'
export type { CliEnvironment } from './lib/cli.js'
export { main, version } from './lib/cli.js'
export type { Config, ConfigInput, Format, LoadedConfig } from './lib/config.js'
export {
  configJsonSchema,
  configNames,
  configSchema,
  defineConfig,
  findConfig,
  formats,
  loadConfig,
  parseConfig,
} from './lib/config.js'
export { UserError } from './lib/errors.js'
export { articleTemplate, configTemplate, init } from './lib/init.js'
export type { PipelineResult, PipelineSettings, ProcessedDocument } from './lib/pipeline.js'
export {
  colophonPreset,
  createProcessor,
  isPlainText,
  loadDictionaries,
  normalizeDocument,
  processDocument,
} from './lib/pipeline.js'
export { editionOf, editions } from './lib/registry.js'
export type { Output } from './lib/report.js'
export { confinedPath, writeAtomic } from './lib/write.js'
