import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { sniffImage } from '@colophon/article-hast'
import type { VFile } from 'vfile'
import { reporter } from 'vfile-reporter'
import { reporterJson } from 'vfile-reporter-json'
import { type BookOptions, build } from './build.js'
import { type Format, formats, type LoadedConfig, loadConfig } from './config.js'
import { UserError } from './errors.js'
import { createProcessor, isPlainText, loadDictionaries, type PipelineSettings, processDocument } from './pipeline.js'

/** Where the CLI reads and writes. */
export interface CliEnvironment {
  stdout: { write(chunk: string): unknown }
  stderr: { write(chunk: string): unknown }
  /** Working directory (default: `process.cwd()`). */
  cwd?: string | undefined
}

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string
}

/** Version of the `colophon` package. */
export const version: string = packageJson.version

const help = `colophon ${version}: corrected HTML, PDF and EPUB editions of articles

Usage:
  colophon build <inputs...> [options]   write <out>/<name>.html, .pdf, .epub (+ .report.json)
  colophon check <inputs...> [options]   report what normalization would change; write nothing
  colophon normalize <input> [options]   print the normalized document as Markdown
  colophon --help | --version

Inputs: .txt files are read as plain text, anything else as Markdown (with
YAML front matter). Without inputs, build and check use \`sources\` from the
config file.

Options (all commands):
  --config FILE              configuration file (default: colophon.config.{json,yaml,yml}
                             in the working directory)
  --dictionary FILE          extra dictionary (YAML or JSON); repeatable
  --no-default-dictionary    do not load the bundled zh-en-central-asia dictionary
  --debug                    show stack traces of internal errors
  -h, --help                 show this help
  -v, --version              show the version

build:
  --out DIR                  output folder (default: dist)
  --formats LIST             comma-separated editions: html,pdf,epub (default: all)
  --book                     combine the inputs, in order, into one publication per format
  --title T                  the book's title (or book.title in the config)
  --jobs N                   parallel builds (not yet supported)

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
  out: { type: 'string' },
  formats: { type: 'string' },
  book: { type: 'boolean' },
  title: { type: 'string' },
  jobs: { type: 'string' },
  format: { type: 'string' },
  frail: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const

const commandOptions: Record<string, ReadonlySet<string>> = {
  build: new Set(['out', 'formats', 'book', 'title', 'jobs']),
  check: new Set(['format', 'frail']),
  normalize: new Set([]),
}
const common = new Set(['config', 'dictionary', 'no-default-dictionary', 'debug', 'help', 'version'])

function parseFormats(value: string): Format[] {
  const list = value.split(',').map((item) => item.trim().toLowerCase())
  for (const item of list) {
    if (!formats.includes(item as Format)) {
      throw new UserError(`unknown format "${item}" in --formats; use a comma-separated list of ${formats.join(', ')}`)
    }
  }
  return list as Format[]
}

function settingsFrom(
  loaded: LoadedConfig,
  cwd: string,
  values: { dictionary?: string[] | undefined; 'no-default-dictionary'?: boolean | undefined },
  mode: PipelineSettings['mode'],
): PipelineSettings {
  const { config, base } = loaded
  const dictionaries = [
    ...config.dictionaries.map((file) => path.resolve(base, file)),
    ...(values.dictionary ?? []).map((file) => path.resolve(cwd, file)),
  ]
  return {
    dictionaries: loadDictionaries(dictionaries, config.defaultDictionary && !values['no-default-dictionary']),
    mode,
    timeZone: config.timeZone,
    defaults: { language: 'en', ...config.defaults },
    metadata: config.metadata,
    editorialNotes: config.editorialNotes,
    rawHtml: config.rawHtml,
    allowRemoteAssets: config.allowRemoteAssets,
  }
}

/** Read a book's cover (`generate`, or an image file relative to the config). */
async function readCover(cover: string | undefined, base: string): Promise<BookOptions['cover']> {
  if (cover === undefined || cover === 'generate') return cover
  const file = path.resolve(base, cover)
  let data: Uint8Array
  try {
    data = new Uint8Array(await readFile(file))
  } catch {
    throw new UserError(`${file}: cover image not found; check book.cover in the config`)
  }
  const kind = sniffImage(data)
  if (!kind) throw new UserError(`${file}: the cover must be a PNG, JPEG, GIF, WebP or SVG image`)
  return { data, mediaType: kind.mediaType }
}

function inputsFrom(positionals: string[], loaded: LoadedConfig, cwd: string): string[] {
  if (positionals.length > 0) return positionals.map((input) => path.resolve(cwd, input))
  const sources = loaded.config.sources ?? []
  if (sources.length === 0) {
    throw new UserError('no inputs: give files to process, or `sources` in a colophon.config.yaml')
  }
  return sources.map((input) => path.resolve(loaded.base, input))
}

function relative(cwd: string, file: string): string {
  const result = path.relative(cwd, file)
  return result.startsWith('..') ? file : result
}

function hasFatal(files: VFile[]): boolean {
  return files.some((file) => file.messages.some((message) => message.fatal === true))
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
    if (!allowed) throw new UserError(`unknown command "${command}"; use build, check or normalize (see --help)`)
    for (const [name, value] of Object.entries(values)) {
      if (value !== undefined && !common.has(name) && !allowed.has(name)) {
        throw new UserError(`--${name} is not an option of \`colophon ${command}\`; see \`colophon --help\``)
      }
    }

    const loaded = loadConfig(cwd, values.config)
    if (command === 'build') {
      if (values.jobs !== undefined) throw new UserError('--jobs is not yet supported')
      const bookConfig = loaded.config.book
      if (values.title !== undefined && !values.book && !bookConfig) {
        throw new UserError('--title names a book; add --book to combine the inputs into one')
      }
      const inputs = inputsFrom(rest, loaded, cwd)
      const outDir = values.out ? path.resolve(cwd, values.out) : path.resolve(loaded.base, loaded.config.out)
      const book =
        values.book || bookConfig
          ? {
              metadata: { ...bookConfig?.metadata, title: values.title ?? bookConfig?.title },
              name: bookConfig?.name,
              cover: await readCover(bookConfig?.cover, loaded.base),
            }
          : undefined
      const result = await build({
        inputs,
        outDir,
        formats: values.formats ? parseFormats(values.formats) : loaded.config.formats,
        settings: settingsFrom(loaded, cwd, values, 'auto'),
        cwd,
        htmlImages: loaded.config.html.images,
        book,
      })
      const files = result.documents.map((document) => document.file)
      const report = reporter(files, { quiet: true })
      if (report) stderr.write(`${report}\n`)
      const editions = [...result.documents.flatMap((document) => document.editions), ...(result.book?.editions ?? [])]
      for (const edition of editions) stdout.write(`${relative(cwd, edition.path)}  ${edition.bytes} bytes\n`)
      return hasFatal(files) ? 1 : 0
    }

    if (command === 'check') {
      const format = values.format ?? 'text'
      if (format !== 'text' && format !== 'json') {
        throw new UserError(`unknown --format "${format}"; use text or json`)
      }
      const inputs = inputsFrom(rest, loaded, cwd)
      const settings = settingsFrom(loaded, cwd, values, 'report')
      const files: VFile[] = []
      for (const input of inputs) files.push((await processDocument(input, settings, cwd)).file)
      stdout.write(format === 'json' ? `${reporterJson(files)}\n` : `${reporter(files)}\n`)
      if (hasFatal(files)) return 1
      const findings = files.some((file) => file.messages.some((message) => message.fatal === false))
      return values.frail && findings ? 1 : 0
    }

    // normalize
    if (rest.length !== 1) throw new UserError('`colophon normalize` takes exactly one input file')
    const input = path.resolve(cwd, rest[0] as string)
    const settings = settingsFrom(loaded, cwd, values, 'auto')
    const result = await processDocument(input, settings, cwd)
    if (!result.tree) {
      stderr.write(`${reporter([result.file])}\n`)
      return 1
    }
    const processor = createProcessor(isPlainText(input), settings)
    stdout.write(processor.stringify(result.tree, result.file))
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
