import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Readable } from 'node:stream'
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
import { reviewPage } from './review.js'
import { readStream, useColor } from './terminal.js'

/** Where the CLI reads and writes. */
export interface CliEnvironment {
  stdout: Output
  stderr: Output
  /** Working directory (default: `process.cwd()`). */
  cwd?: string | undefined
  /** Called with the running watch of `build --watch`, which otherwise runs until interrupted. */
  onWatch?: ((watching: { close(): Promise<void> }) => void) | undefined
  /** Standard input, read for the input `-` (default: `process.stdin`). */
  stdin?: Readable | undefined
  /** Environment variables, for `NO_COLOR` and `FORCE_COLOR` (default: `process.env`). */
  env?: NodeJS.ProcessEnv | undefined
}

/** Version of the `colophon` package. */
export const version: string = toolVersion

const usage = {
  build: `colophon build [inputs...] [options]   write <out>/<name>.${formats.map((format) => editionOf(format).extension).join(', .')} and .report.json`,
  check: 'colophon check [inputs...] [options]   report what normalization would change; write nothing',
  normalize: 'colophon normalize <input> [options]   print the normalized document as Markdown',
  init: 'colophon init [folder]                 write a commented config and an example article',
}

const commonHelp = `Options (build, check, normalize):
  --config FILE              configuration file (default: colophon.config.{ts,mts,mjs,js,json,yaml,yml}
                             in the working directory or the nearest folder above it)
  --dictionary FILE          extra dictionary (YAML or JSON); repeatable
  --no-default-dictionary    do not load the bundled zh-en-central-asia dictionary
  --print-config             print the effective configuration (file and flags) and exit
  --quiet                    fewer messages: check leaves out notes, build and normalize
                             show only errors
  --format text|json|html    how messages are reported (default: text); html (check only):
                             the review page, each change shown in place in the source
  --frail                    exit 1 when there are warnings
  --max-messages N           messages shown per file; the rest are counted by rule
                             (default: ${defaultMessageLimit}; 0 shows all)
  --color, --no-color        colour the report or not (default: on a terminal, unless NO_COLOR is set)
  --debug                    show stack traces of internal errors
  -h, --help                 show this help
  -v, --version              show the version`

const commandHelp = {
  build: `build:
  -o, --out DIR              output folder (default: dist); \`-\` writes the one edition
                             of --formats to standard output (no report)
  --formats LIST             comma-separated editions (default: all):
${formats.map((format) => `                               ${format.padEnd(6)} ${editionOf(format).description}`).join('\n')}
  --book                     combine the inputs, in order, into one publication per format
  --title T                  the book's title (or book.title in the config)
  --jobs N                   documents built at once, in worker threads (default: ${os.availableParallelism()}, the cores)
  --force                    rebuild editions the cache says are up to date
  --watch                    rebuild when a source, dictionary or the config changes; Ctrl-C stops
  --report-html              also write <name>.report.html, the review page: the source with
                             each change in place (or reportHtml: true in the config)
  --json                     print the result as JSON on stdout (for scripts; as --format json)
  --full-report              list every correction and message of <name>.report.json once per
                             occurrence (default: each once, with its count and places)`,
  check: `check and normalize:
  -                          as an input: read standard input
  --stdin-filename NAME      the name standard input is shown and read as (default: stdin.md;
                             .txt is read as plain text)`,
}

const help = `colophon ${version}: corrected HTML, PDF and EPUB editions of articles

Usage:
  ${usage.build}
  ${usage.check}
  ${usage.normalize}
  ${usage.init}
  colophon <command> --help              the options of one command
  colophon --help | --version

Inputs: .txt files are read as plain text, anything else as Markdown (with
YAML front matter). Without inputs, build and check use \`sources\` (globs)
from the config file.

${commonHelp}

${commandHelp.build}

${commandHelp.check}

Exit codes: 0 success, 1 document errors (or warnings with --frail),
2 usage or configuration errors.
`

/** The help of one command: its usage, its own options and the common ones. */
function helpOf(command: 'build' | 'check' | 'normalize' | 'init'): string {
  if (command === 'init') return `Usage:\n  ${usage.init}\n`
  const own = command === 'build' ? commandHelp.build : commandHelp.check
  return `Usage:\n  ${usage[command]}\n\n${own}\n\n${commonHelp}\n`
}

const options = {
  config: { type: 'string' },
  dictionary: { type: 'string', multiple: true },
  'no-default-dictionary': { type: 'boolean' },
  'print-config': { type: 'boolean' },
  out: { type: 'string', short: 'o' },
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
  'report-html': { type: 'boolean' },
  'full-report': { type: 'boolean' },
  'stdin-filename': { type: 'string' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values']

const commandOptions: Record<string, ReadonlySet<string>> = {
  build: new Set([
    'out',
    'formats',
    'book',
    'title',
    'jobs',
    'force',
    'watch',
    'quiet',
    'json',
    'format',
    'frail',
    'full-report',
    'report-html',
  ]),
  check: new Set(['format', 'frail', 'quiet', 'stdin-filename']),
  normalize: new Set(['format', 'frail', 'quiet', 'stdin-filename']),
  init: new Set([]),
}
const common = new Set([
  'color',
  'no-color',
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

type Command = 'build' | 'check' | 'normalize' | 'init'

function isCommand(value: string | undefined): value is Command {
  return value === 'build' || value === 'check' || value === 'normalize' || value === 'init'
}

/** One line for a mistake in the arguments, naming the option (parseArgs says more than a user needs). */
function argumentError(error: Error & { code?: string }, argv: ReadonlyArray<string>): string {
  const command = argv.find((item) => isCommand(item))
  const see = `see \`colophon ${command ? `${command} ` : ''}--help\``
  const option = /'(-[^'\s]*)/.exec(error.message)?.[1]
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}; ${see}`
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return `${option} ${/argument missing/.test(error.message) ? 'needs a value' : 'takes no value'}; ${see}`
  }
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument; ${see}`
  return `${error.message.split('\n')[0]}; ${see}`
}

/** `--format`: how messages are reported (`html`, the review page, only by `check`). */
function reportFormat(value: string | undefined): 'text' | 'json' {
  if (value === undefined || value === 'text' || value === 'json') return value ?? 'text'
  throw new UserError(`unknown --format "${value}"; use text or json${value === 'html' ? ' (html is for check)' : ''}`)
}

/** `--color` (true), `--no-color` (false), or neither. */
function colorFlag(values: Values): boolean | undefined {
  if (values['no-color']) return false
  return values.color ? true : undefined
}

/** A view of a file without its notes (`info` messages), for `--quiet`. */
function withoutInfo(file: VFile): VFile {
  const view = new VFile({ path: file.path, cwd: file.cwd })
  view.messages = file.messages.filter((message) => message.fatal !== undefined && message.fatal !== null)
  return view
}

/** 1 when a document has an error, or, with `frail`, a warning; else 0. */
function exitCode(files: VFile[], frail: boolean): number {
  if (hasFatal(files)) return 1
  return frail && files.some((file) => file.messages.some((message) => message.fatal === false)) ? 1 : 0
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
    reportHtml: values['report-html'] === true || config.reportHtml,
    fullReport: values['full-report'] === true || config.fullReport,
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

/**
 * `build --out -`: the one edition asked for, of one document or a book,
 * written to standard output; messages go to standard error. It is built in
 * a temporary folder, removed afterwards.
 */
async function buildToStdout(
  base: BuildOptions,
  values: Values,
  environment: CliEnvironment,
  report: { quiet: boolean; limit: number; color: boolean },
): Promise<number> {
  const { stdout, stderr } = environment
  const [format, ...others] = base.formats ?? []
  if (!format || others.length > 0) {
    throw new UserError(
      `--out - writes one edition to standard output: add --formats with one of ${formats.join(', ')}`,
    )
  }
  if (!base.book && base.inputs.length !== 1) {
    throw new UserError('--out - writes one document to standard output: give one input (or --book)')
  }
  if (values.watch) throw new UserError('--out - and --watch do not go together')
  const folder = await mkdtemp(path.join(os.tmpdir(), 'colophon-stdout-'))
  try {
    const result = await build({ ...base, outDir: folder, formats: [format], report: false })
    const files = [...result.documents.map((document) => document.file), ...(result.book ? [result.book.file] : [])]
    const text = reportMessages(files, { quiet: true, silent: report.quiet, limit: report.limit, color: report.color })
    if (text) stderr.write(`${text}\n`)
    const edition = [
      ...(result.book?.editions ?? []),
      ...result.documents.flatMap((document) => document.editions),
    ].find((item) => item.format === format)
    if (edition) stdout.write(await readFile(edition.path))
    return exitCode(files, values.frail === true)
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

async function runBuild(
  positionals: string[],
  loaded: LoadedConfig,
  cwd: string,
  values: Values,
  environment: CliEnvironment,
): Promise<number> {
  const { stdout, stderr } = environment
  if (positionals.includes('-')) {
    throw new UserError('`colophon build` reads files; to read standard input use `colophon normalize -` or `check -`')
  }
  const toStdout = values.out === '-'
  const { out: _stdoutMark, ...withoutOut } = values
  const base = await buildOptionsFrom(positionals, loaded, cwd, toStdout ? withoutOut : values)
  if (values['print-config']) return printConfig(stdout, loaded, base)
  const quiet = values.quiet === true
  const json = values.json === true || reportFormat(values.format) === 'json'
  const limit = parseMessageLimit(values['max-messages'])
  const color = useColor(colorFlag(values), environment.env ?? process.env, stderr)
  if (toStdout) return buildToStdout(base, values, environment, { quiet, limit, color })
  const once = async (): Promise<BuildResult> => {
    const result = await build({ ...base, onProgress: quiet || json ? undefined : progressPrinter(stderr, cwd) })
    const files = [...result.documents.map((document) => document.file), ...(result.book ? [result.book.file] : [])]
    if (!json) {
      const report = reportMessages(files, { quiet: true, silent: quiet, limit, color })
      if (report) stderr.write(`${report}\n`)
    }
    if (json) stdout.write(buildJson(result, cwd, limit))
    else if (!quiet) stdout.write(summaryTable(result, cwd))
    return result
  }

  if (!values.watch) {
    const result = await once()
    const files = [...result.documents.map((document) => document.file), ...(result.book ? [result.book.file] : [])]
    return exitCode(files, values.frail === true)
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
      throw new UserError(argumentError(error as Error & { code?: string }, argv))
    }
    const { values, positionals } = parsed
    debug = values.debug === true
    if (values.version) {
      stdout.write(`${version}\n`)
      return 0
    }
    const [command, ...rest] = positionals
    if (values.help && isCommand(command)) {
      stdout.write(helpOf(command))
      return 0
    }
    if (values.help || command === undefined || command === 'help') {
      stdout.write(command === 'help' && isCommand(rest[0]) ? helpOf(rest[0]) : help)
      return command === undefined && !values.help ? 2 : 0
    }
    const allowed = commandOptions[command]
    if (!allowed) throw new UserError(`unknown command "${command}"; use build, check, normalize or init (see --help)`)
    for (const [name, value] of Object.entries(values)) {
      if (value !== undefined && !common.has(name) && !allowed.has(name)) {
        throw new UserError(`--${name} is not an option of \`colophon ${command}\`; see \`colophon ${command} --help\``)
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

    const html = command === 'check' && values.format === 'html'
    const format = html ? 'text' : reportFormat(values.format)
    const limit = parseMessageLimit(values['max-messages'])
    const color = useColor(colorFlag(values), environment.env ?? process.env, stderr)
    const stdin = async () => readStream(environment.stdin ?? process.stdin)
    const stdinPath = path.resolve(cwd, values['stdin-filename'] ?? 'stdin.md')

    if (command === 'check') {
      const fromStdin = rest.length === 1 && rest[0] === '-'
      if (!fromStdin && rest.includes('-')) throw new UserError('`-` (standard input) must be the only input')
      const inputs = fromStdin ? [stdinPath] : await inputsFrom(rest, loaded, cwd)
      const settings = pipelineSettings(loaded, cwd, values, 'report')
      const content = fromStdin ? await stdin() : undefined
      const files: VFile[] = []
      for (const input of inputs) files.push((await processDocument(input, settings, cwd, undefined, content)).file)
      const shown = values.quiet ? files.map(withoutInfo) : files
      if (html) {
        // The review page: every change in place, whatever --max-messages says.
        stdout.write(reviewPage(files, { cwd }))
        return exitCode(files, values.frail === true)
      }
      // The report is the command's output: on stdout, coloured as stdout allows.
      const report = reportMessages(shown, {
        format,
        limit,
        color: useColor(colorFlag(values), environment.env ?? process.env, stdout),
      })
      stdout.write(`${report}\n`)
      return exitCode(files, values.frail === true)
    }

    // normalize
    if (rest.length !== 1)
      throw new UserError('`colophon normalize` takes exactly one input file (`-`: standard input)')
    const fromStdin = rest[0] === '-'
    const input = fromStdin ? stdinPath : path.resolve(cwd, rest[0] as string)
    const settings = pipelineSettings(loaded, cwd, values, 'auto')
    const result = await normalizeDocument(input, settings, cwd, fromStdin ? await stdin() : undefined)
    // The Markdown goes to stdout; the messages (text that could not be read as it was, the changes) to stderr.
    // Warnings and errors (with --quiet: errors only); the notes of each change are what stdout shows.
    const view = withoutInfo(result.file)
    if (values.quiet) view.messages = view.messages.filter((message) => message.fatal === true)
    if (format === 'json' || view.messages.length > 0) {
      stderr.write(`${reportMessages([view], { format, limit, quiet: true, color })}\n`)
    }
    if (result.text === undefined) return 1
    stdout.write(result.text)
    return exitCode([result.file], values.frail === true)
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
