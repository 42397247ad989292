import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { EditionSettingsError, readCover } from '@colophon/article-hast'
import { glob } from 'tinyglobby'
import { VFile } from 'vfile'
import { type BookOptions, type BuildOptions, type BuildResult, build, toolVersion } from './build.js'
import { type Format, formats, type LoadedConfig, loadConfig } from './config.js'
import { UserError } from './errors.js'
import { init } from './init.js'
import { loadDictionaries, normalizeDocument, type PipelineSettings, processDocument } from './pipeline.js'
import { editionOf } from './registry.js'
import {
  buildJson,
  defaultMessageLimit,
  type Output,
  progressPrinter,
  reportMessages,
  shownPath,
  summaryTable,
} from './report.js'

/** Where the CLI reads and writes. */
export interface CliEnvironment {
  stdout: Output
  stderr: Output
  /** Working directory (default: `process.cwd()`). */
  cwd?: string | undefined
  /** Called with the running watch of `build --watch`, which otherwise runs until interrupted. */
  onWatch?: ((watching: { close(): Promise<void> }) => void) | undefined
}

/** Version of the `colophon` package. */
export const version: string = toolVersion

const help = `colophon ${version}: corrected HTML, PDF and EPUB editions of articles

Usage:
  colophon build [inputs...] [options]   write <out>/<name>.${formats.map((format) => editionOf(format).extension).join(', .')} and .report.json
  colophon check [inputs...] [options]   report what normalization would change; write nothing
  colophon normalize <input> [options]   print the normalized document as Markdown
  colophon init [folder]                 write a commented config and an example article
  colophon --help | --version

Inputs: .txt files are read as plain text, anything else as Markdown (with
YAML front matter). Without inputs, build and check use \`sources\` (globs)
from the config file.

Options (build, check, normalize):
  --config FILE              configuration file (default: colophon.config.{ts,mts,mjs,js,json,yaml,yml}
                             in the working directory)
  --dictionary FILE          extra dictionary (YAML or JSON); repeatable
  --no-default-dictionary    do not load the bundled zh-en-central-asia dictionary
  --print-config             print the effective configuration (file and flags) and exit
  --max-messages N           messages shown per file; the rest are counted by rule
                             (default: ${defaultMessageLimit}; 0 shows all)
  --debug                    show stack traces of internal errors
  -h, --help                 show this help
  -v, --version              show the version

build:
  --out DIR                  output folder (default: dist)
  --formats LIST             comma-separated editions (default: all):
${formats.map((format) => `                               ${format.padEnd(6)} ${editionOf(format).description}`).join('\n')}
  --book                     combine the inputs, in order, into one publication per format
  --title T                  the book's title (or book.title in the config)
  --jobs N                   documents built at once, in worker threads (default: ${os.availableParallelism()}, the cores)
  --force                    rebuild editions the cache says are up to date
  --watch                    rebuild when a source, dictionary or the config changes; Ctrl-C stops
  --quiet                    print only errors
  --json                     print the result as JSON on stdout (for scripts)

check:
  --format text|json         report format (default: text; json is vfile-reporter-json's)
  --frail                    exit 1 when there are findings

Exit codes: 0 success, 1 document errors (or findings with --frail),
2 usage or configuration errors.
`

const options = {
  config: { type: 'string' },
  dictionary: { type: 'string', multiple: true },
  'no-default-dictionary': { type: 'boolean' },
  'print-config': { type: 'boolean' },
  out: { type: 'string' },
  formats: { type: 'string' },
  book: { type: 'boolean' },
  title: { type: 'string' },
  jobs: { type: 'string' },
  force: { type: 'boolean' },
  watch: { type: 'boolean' },
  quiet: { type: 'boolean' },
  json: { type: 'boolean' },
  format: { type: 'string' },
  frail: { type: 'boolean' },
  'max-messages': { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values']

const commandOptions: Record<string, ReadonlySet<string>> = {
  build: new Set(['out', 'formats', 'book', 'title', 'jobs', 'force', 'watch', 'quiet', 'json']),
  check: new Set(['format', 'frail']),
  normalize: new Set([]),
  init: new Set([]),
}
const common = new Set([
  'config',
  'dictionary',
  'no-default-dictionary',
  'print-config',
  'max-messages',
  'debug',
  'help',
  'version',
])

function parseFormats(value: string): Format[] {
  const list = value.split(',').map((item) => item.trim().toLowerCase())
  for (const item of list) {
    if (!formats.includes(item as Format)) {
      throw new UserError(`unknown format "${item}" in --formats; use a comma-separated list of ${formats.join(', ')}`)
    }
  }
  return list as Format[]
}

function parseJobs(value: string | undefined): number {
  if (value === undefined) return os.availableParallelism()
  const jobs = Number(value)
  if (!Number.isInteger(jobs) || jobs < 1)
    throw new UserError(`--jobs takes a whole number of at least 1, not "${value}"`)
  return jobs
}

function parseMessageLimit(value: string | undefined): number {
  if (value === undefined) return defaultMessageLimit
  const limit = Number(value)
  if (value.trim() === '' || !Number.isInteger(limit) || limit < 0) {
    throw new UserError(`--max-messages takes a whole number (0 shows all), not "${value}"`)
  }
  return limit
}

/** Dictionary files of a run: the config's (relative to it), then the flags' (relative to the working directory). */
function dictionaryFiles(loaded: LoadedConfig, cwd: string, values: Values): string[] {
  return [
    ...loaded.config.dictionaries.map((file) => path.resolve(loaded.base, file)),
    ...(values.dictionary ?? []).map((file) => path.resolve(cwd, file)),
  ]
}

function useDefaultDictionary(loaded: LoadedConfig, values: Values): boolean {
  return loaded.config.defaultDictionary && !values['no-default-dictionary']
}

/** Pipeline settings of `check` and `normalize`. */
function pipelineSettings(loaded: LoadedConfig, cwd: string, values: Values, mode: PipelineSettings['mode']) {
  const { config } = loaded
  return {
    dictionaries: loadDictionaries(dictionaryFiles(loaded, cwd, values), useDefaultDictionary(loaded, values)),
    mode,
    timeZone: config.timeZone,
    defaults: { language: 'en', ...config.defaults },
    metadata: config.metadata,
    editorialNotes: config.editorialNotes,
    rawHtml: config.rawHtml,
    allowRemoteAssets: config.allowRemoteAssets,
    assetRoot: config.assetRoot === undefined ? undefined : path.resolve(loaded.base, config.assetRoot),
    maxAssetSize: config.maxAssetSize,
    maxDepth: config.maxDepth,
  } satisfies PipelineSettings
}

/** Read a book's cover (`generate`, or an image file relative to the config). */
async function bookCover(cover: string | undefined, base: string): Promise<BookOptions['cover']> {
  try {
    return await readCover(cover, base, 'book.cover')
  } catch (error) {
    if (error instanceof EditionSettingsError) throw new UserError(error.message)
    throw error
  }
}

/** The inputs: the arguments, else the config's `sources` globs, in the order written. */
async function inputsFrom(positionals: string[], loaded: LoadedConfig, cwd: string): Promise<string[]> {
  if (positionals.length > 0) return positionals.map((input) => path.resolve(cwd, input))
  const sources = loaded.config.sources ?? []
  if (sources.length === 0) {
    throw new UserError(
      'no inputs: give files to process, or `sources` in a colophon.config.yaml (colophon init writes one)',
    )
  }
  const inputs: string[] = []
  for (const source of sources) {
    const matches = /[*?[\]{}]/.test(source)
      ? (await glob(source, { cwd: loaded.base, absolute: true, onlyFiles: true })).sort()
      : [path.resolve(loaded.base, source)]
    if (matches.length === 0) throw new UserError(`source "${source}" matches no file (in ${loaded.base})`)
    for (const match of matches) if (!inputs.includes(match)) inputs.push(match)
  }
  return inputs
}

/** What `build` will do: the config file, overridden by the flags. */
async function buildOptionsFrom(positionals: string[], loaded: LoadedConfig, cwd: string, values: Values) {
  const { config, base } = loaded
  const bookConfig = config.book
  if (values.title !== undefined && !values.book && !bookConfig) {
    throw new UserError('--title names a book; add --book to combine the inputs into one')
  }
  const book =
    values.book || bookConfig
      ? {
          metadata: { ...bookConfig?.metadata, title: values.title ?? bookConfig?.title },
          name: bookConfig?.name,
          cover: await bookCover(bookConfig?.cover, base),
        }
      : undefined
  return {
    inputs: await inputsFrom(positionals, loaded, cwd),
    outDir: values.out ? path.resolve(cwd, values.out) : path.resolve(base, config.out),
    formats: values.formats ? parseFormats(values.formats) : config.formats,
    dictionaries: dictionaryFiles(loaded, cwd, values),
    defaultDictionary: useDefaultDictionary(loaded, values),
    timeZone: config.timeZone,
    date: config.date,
    defaults: { language: 'en', ...config.defaults },
    metadata: config.metadata,
    editorialNotes: config.editorialNotes,
    rawHtml: config.rawHtml,
    allowRemoteAssets: config.allowRemoteAssets,
    assetRoot: config.assetRoot === undefined ? undefined : path.resolve(base, config.assetRoot),
    maxAssetSize: config.maxAssetSize,
    maxDepth: config.maxDepth,
    editions: Object.fromEntries(formats.map((format) => [format, config[format]])),
    configDir: base,
    protect: loaded.path ? [loaded.path] : [],
    remarkPlugins: config.remarkPlugins,
    rehypePlugins: config.rehypePlugins,
    book,
    force: values.force === true,
    jobs: parseJobs(values.jobs),
    cwd,
  } satisfies BuildOptions
}

function hasFatal(files: VFile[]): boolean {
  return files.some((file) => file.messages.some((message) => message.fatal === true))
}

function printConfig(stdout: Output, loaded: LoadedConfig, effective: unknown): number {
  const replacer = (_key: string, value: unknown) =>
    value instanceof Uint8Array ? `<${value.byteLength} bytes>` : value
  stdout.write(`${JSON.stringify({ configFile: loaded.path ?? null, ...(effective as object) }, replacer, 2)}\n`)
  return 0
}

async function runBuild(
  positionals: string[],
  loaded: LoadedConfig,
  cwd: string,
  values: Values,
  environment: CliEnvironment,
): Promise<number> {
  const { stdout, stderr } = environment
  const base = await buildOptionsFrom(positionals, loaded, cwd, values)
  if (values['print-config']) return printConfig(stdout, loaded, base)
  const quiet = values.quiet === true
  const json = values.json === true
  const limit = parseMessageLimit(values['max-messages'])
  const once = async (): Promise<BuildResult> => {
    const result = await build({ ...base, onProgress: quiet || json ? undefined : progressPrinter(stderr, cwd) })
    const files = [...result.documents.map((document) => document.file), ...(result.book ? [result.book.file] : [])]
    if (!json) {
      const report = reportMessages(files, { quiet: true, silent: quiet, limit })
      if (report) stderr.write(`${report}\n`)
    }
    if (json) stdout.write(buildJson(result, cwd, limit))
    else if (!quiet) stdout.write(summaryTable(result, cwd))
    return result
  }

  if (!values.watch) {
    const result = await once()
    return hasFatal([...result.documents.map((document) => document.file), ...(result.book ? [result.book.file] : [])])
      ? 1
      : 0
  }

  const { watchFiles } = await import('./watch.js')
  const watching = await watchFiles(
    () => [...base.inputs, ...base.dictionaries, ...(loaded.path ? [loaded.path] : [])],
    async (changed) => {
      if (changed.length > 0 && !quiet) {
        stderr.write(`\nchanged: ${changed.map((file) => shownPath(cwd, file)).join(', ')}; rebuilding\n`)
      }
      // The config may have changed: read it again, keep the flags.
      const current = changed.length > 0 && loaded.path ? await loadConfig(cwd, values.config) : loaded
      Object.assign(base, await buildOptionsFrom(positionals, current, cwd, values))
      await once()
      if (!quiet) stderr.write('watching for changes (Ctrl-C stops)\n')
    },
    (error) => {
      const message = error instanceof UserError ? error.message : ((error as Error).stack ?? String(error))
      stderr.write(`colophon: ${message}\nwatching for changes (Ctrl-C stops)\n`)
    },
  )
  if (environment.onWatch) {
    environment.onWatch(watching)
    return 0
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })
  await watching.close()
  return 0
}

/**
 * Run the command line.
 *
 * @param argv
 *   Arguments after the program name.
 * @param environment
 *   Streams and working directory.
 * @returns
 *   Exit code: 0 success, 1 document errors (or findings with `--frail`),
 *   2 usage or configuration errors.
 */
export async function main(argv: ReadonlyArray<string>, environment: CliEnvironment): Promise<number> {
  const { stdout, stderr } = environment
  const cwd = environment.cwd ?? process.cwd()
  let debug = argv.includes('--debug')
  try {
    let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>
    try {
      parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true })
    } catch (error) {
      throw new UserError(`${(error as Error).message.split('\n')[0]}; see \`colophon --help\``)
    }
    const { values, positionals } = parsed
    debug = values.debug === true
    if (values.version) {
      stdout.write(`${version}\n`)
      return 0
    }
    const [command, ...rest] = positionals
    if (values.help || command === undefined || command === 'help') {
      stdout.write(help)
      return command === undefined && !values.help ? 2 : 0
    }
    const allowed = commandOptions[command]
    if (!allowed) throw new UserError(`unknown command "${command}"; use build, check, normalize or init (see --help)`)
    for (const [name, value] of Object.entries(values)) {
      if (value !== undefined && !common.has(name) && !allowed.has(name)) {
        throw new UserError(`--${name} is not an option of \`colophon ${command}\`; see \`colophon --help\``)
      }
    }

    if (command === 'init') {
      if (rest.length > 1) throw new UserError('`colophon init` takes at most one folder')
      const written = await init(path.resolve(cwd, rest[0] ?? '.'))
      for (const file of written) stdout.write(`wrote ${shownPath(cwd, file)}\n`)
      stdout.write('next: colophon build (in that folder)\n')
      return 0
    }

    const loaded = await loadConfig(cwd, values.config)
    if (command === 'build') return await runBuild(rest, loaded, cwd, values, environment)

    if (values['print-config']) {
      return printConfig(stdout, loaded, {
        ...loaded.config,
        dictionaries: dictionaryFiles(loaded, cwd, values),
        defaultDictionary: useDefaultDictionary(loaded, values),
      })
    }

    if (command === 'check') {
      const format = values.format ?? 'text'
      if (format !== 'text' && format !== 'json') {
        throw new UserError(`unknown --format "${format}"; use text or json`)
      }
      const limit = parseMessageLimit(values['max-messages'])
      const inputs = await inputsFrom(rest, loaded, cwd)
      const settings = pipelineSettings(loaded, cwd, values, 'report')
      const files: VFile[] = []
      for (const input of inputs) files.push((await processDocument(input, settings, cwd)).file)
      stdout.write(`${reportMessages(files, { format, limit })}\n`)
      if (hasFatal(files)) return 1
      const findings = files.some((file) => file.messages.some((message) => message.fatal === false))
      return values.frail && findings ? 1 : 0
    }

    // normalize
    if (rest.length !== 1) throw new UserError('`colophon normalize` takes exactly one input file')
    const input = path.resolve(cwd, rest[0] as string)
    const limit = parseMessageLimit(values['max-messages'])
    const settings = pipelineSettings(loaded, cwd, values, 'auto')
    const result = await normalizeDocument(input, settings, cwd)
    if (result.text === undefined) {
      stderr.write(`${reportMessages([result.file], { limit })}\n`)
      return 1
    }
    // The Markdown goes to stdout; warnings (text that could not be read as it was) to stderr.
    const warnings = result.file.messages.filter((message) => message.fatal === false)
    if (warnings.length > 0) {
      const view = new VFile({ path: result.file.path, cwd: result.file.cwd })
      view.messages = warnings
      stderr.write(`${reportMessages([view], { limit })}\n`)
    }
    stdout.write(result.text)
    return 0
  } catch (error) {
    if (error instanceof UserError) {
      stderr.write(`colophon: ${error.message}\n`)
      return error.exitCode
    }
    stderr.write(
      debug
        ? `colophon: internal error\n${(error as Error).stack ?? String(error)}\n`
        : `colophon: internal error: ${(error as Error).message}\n(run again with --debug for the stack trace)\n`,
    )
    return 1
  }
}
