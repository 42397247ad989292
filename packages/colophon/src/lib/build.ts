import { readFileSync } from 'node:fs'
import { lstat, readFile, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { type Cover, type EditionOutput, EditionSettingsError, editionSettings } from '@colophon/article-hast'
import { dictionaryUrl } from '@colophon/dictionary-zh-en-central-asia'
import { bookMetadata, type Metadata, type MetadataFields } from '@colophon/metadata'
import { bookDocument } from '@colophon/pipeline'
import { htmlPaper } from '@colophon/render-html/edition'
import type { Root as HastRoot } from 'hast'
import type { Pluggable, PluggableList } from 'unified'
import { VFile } from 'vfile'
import { VFileMessage } from 'vfile-message'
import { type CacheEntries, hashFiles, hashParts, isFresh, readCache, sha256, writeCache } from './cache.js'
import { configNames } from './config.js'
import { UserError } from './errors.js'
import { loadDictionaries, type PipelineSettings, type ProcessedDocument, processDocument } from './pipeline.js'
import { formats as allFormats, editionOf, type Format } from './registry.js'
import { reviewPage } from './review.js'
import { severityOf, summarizeCorrections, summarizeMessages } from './summary.js'
import { confinedPath, OutputError, removeStaleTemporaries, writeAtomic } from './write.js'

/**
 * What to build: plain data, so that it can cross to worker threads. The
 * pipeline settings are those of `PipelineSettings`, with dictionary files
 * instead of compiled dictionaries.
 */
export interface BuildOptions extends Omit<PipelineSettings, 'dictionaries' | 'remarkPlugins' | 'rehypePlugins'> {
  /** Input files (absolute, or relative to `cwd`). */
  inputs: ReadonlyArray<string>
  /** Output folder. */
  outDir: string
  /** Editions to build (default: all three). */
  formats?: ReadonlyArray<Format> | undefined
  /** Extra dictionary files. */
  dictionaries?: ReadonlyArray<string> | undefined
  /** Load the bundled dictionary (default: `true`). */
  defaultDictionary?: boolean | undefined
  /**
   * Settings of each edition, by format, as the configuration's sections
   * write them (validated with each edition's `settingsSchema`; default: each
   * edition's defaults).
   */
  editions?: { [Key in Format]?: unknown } | undefined
  /** Folder that relative paths in edition settings and plugin names resolve against (default: `cwd`). */
  configDir?: string | undefined
  /**
   * The user's remark plugins (after normalization) and rehype plugins (on the
   * publication tree): plugins, `[plugin, options]`, or module names
   * (`'remark-toc'`, `['remark-toc', {…}]`) resolved from `configDir`.
   */
  remarkPlugins?: ReadonlyArray<unknown> | undefined
  /** See `remarkPlugins`. */
  rehypePlugins?: ReadonlyArray<unknown> | undefined
  /** Build date, ISO 8601 (default: `SOURCE_DATE_EPOCH`, else each article's date). */
  date?: string | undefined
  /** Also write `<name>.report.json` (default: `true`). */
  report?: boolean | undefined
  /**
   * Also write `<name>.report.html`, the review page: the source with each
   * change shown in place (see `reviewPage`; default: `false`).
   */
  reportHtml?: boolean | undefined
  /**
   * List every correction and message of the report once per occurrence,
   * with its position (default: `false`: each once, with its count and
   * places, which keeps the report of a long book small).
   */
  fullReport?: boolean | undefined
  /** Folder that messages show paths relative to (default: `process.cwd()`). */
  cwd?: string | undefined
  /** Combine the inputs, in order, into one publication per format. */
  book?: BookOptions | undefined
  /** Rebuild editions even when the cache says they are up to date (default: `false`). */
  force?: boolean | undefined
  /** Documents built at once, in worker threads (default: `1`). */
  jobs?: number | undefined
  /** Called as editions are built (not sent to workers). */
  onProgress?: ((event: ProgressEvent) => void) | undefined
  /**
   * Other files the build must never write over, such as the configuration
   * file. Inputs, dictionaries, `colophon.config.*` in `configDir`, files
   * that edition settings name and the images of the documents are
   * protected anyway.
   */
  protect?: ReadonlyArray<string> | undefined
}

/** A publication made of several articles. */
export interface BookOptions {
  /** The book's metadata; `title` is required, the rest is completed from the articles. */
  metadata: MetadataFields
  /**
   * Output file name, without extension (default: made from the title by
   * `slugify`). A name with a folder in it, or starting with a dot, is refused.
   */
  name?: string | undefined
  /** Cover of the book: an image, or `generate` for a typographic one (default: none). */
  cover?: Cover | undefined
}

/** Something `build` reports as it goes. */
export type ProgressEvent =
  | { type: 'start'; input: string }
  | { type: 'edition'; input: string; edition: BuiltEdition }
  | { type: 'done'; input: string; failed: boolean }

/** One written (or up-to-date) edition. */
export interface BuiltEdition {
  format: Format | 'report'
  /** Path of the file. */
  path: string
  /** Size in bytes. */
  bytes: number
  /** Time spent rendering and writing, in milliseconds (0 when up to date). */
  milliseconds: number
  /** Whether the file was up to date and left alone. */
  cached: boolean
}

/** What happened to one input. */
export interface DocumentResult {
  input: string
  /** The document's file: messages, `data.metadata`, `data.corrections`. */
  file: VFile
  /** Editions written (none when the document had a fatal problem, or in book mode). */
  editions: BuiltEdition[]
}

/** What a build produced. */
export interface BuildResult {
  /** One result per input, in input order. */
  documents: DocumentResult[]
  /** The book, when the inputs were combined: its file holds the messages of its editions. */
  book?: { metadata: Metadata; file: VFile; editions: BuiltEdition[] } | undefined
}

/** An edition's bytes, and the files it refers to (paths relative to it). */
export type RenderedEdition = EditionOutput

/** Everything shared by the documents of one build. */
export interface BuildContext {
  options: BuildOptions
  settings: PipelineSettings
  formats: ReadonlyArray<Format>
  /** Each requested edition's settings, validated and prepared. */
  editionSettings: Partial<Record<Format, object>>
  date: Date | undefined
  /** Hash of the tool, the dictionaries and the settings: part of every cache key. */
  runKey: string
  cache: CacheEntries
  /** Cache entries of the editions written or found fresh by this build. */
  written: CacheEntries
  /** Files the build never writes over, by identity (`device:inode`); the documents' images join as they are read. */
  protected: Map<string, ProtectedFile>
}

/** A file the build never writes over, and why. */
export interface ProtectedFile {
  path: string
  /** What it is, for messages: `an input`, `a dictionary`… */
  what: string
}

/** The version of the `colophon` package. */
export const toolVersion: string = (
  JSON.parse(readFileSync(createRequire(import.meta.url).resolve('colophon/package.json'), 'utf8')) as {
    version: string
  }
).version

/** Compile dictionaries, hash the settings, read the cache. */
export async function createContext(options: BuildOptions): Promise<BuildContext> {
  const cwd = options.cwd ?? process.cwd()
  const dictionaryFiles = (options.dictionaries ?? []).map((file) => path.resolve(cwd, file))
  const includeDefault = options.defaultDictionary !== false
  const configDir = options.configDir ?? cwd
  const settings: PipelineSettings = {
    dictionaries: loadDictionaries(dictionaryFiles, includeDefault),
    remarkPlugins: await resolvePlugins(options.remarkPlugins, configDir, 'remarkPlugins'),
    rehypePlugins: await resolvePlugins(options.rehypePlugins, configDir, 'rehypePlugins'),
    labels: options.labels,
    mode: options.mode ?? 'auto',
    timeZone: options.timeZone,
    defaults: options.defaults ?? { language: 'en' },
    metadata: options.metadata,
    editorialNotes: options.editorialNotes,
    rawHtml: options.rawHtml,
    allowRemoteAssets: options.allowRemoteAssets,
    assetRoot: options.assetRoot === undefined ? undefined : path.resolve(configDir, options.assetRoot),
    maxAssetSize: options.maxAssetSize,
    maxDepth: options.maxDepth,
  }
  let date: Date | undefined
  if (options.date !== undefined) {
    date = new Date(/T/.test(options.date) ? options.date : `${options.date}T00:00:00Z`)
    if (Number.isNaN(date.getTime())) throw new UserError(`date ${JSON.stringify(options.date)} is not a date`)
  }
  const formats = options.formats ?? allFormats
  const editionSettingsByFormat: Partial<Record<Format, object>> = {}
  for (const format of formats) {
    const edition = editionOf(format)
    try {
      // The HTML edition prints on the PDF edition's paper unless its own is set.
      const given = options.editions?.[format] as Record<string, unknown> | undefined
      const pdfPaper = htmlPaper((options.editions?.pdf as { size?: unknown } | undefined)?.size)
      const checked = editionSettings(
        edition,
        format === 'html' ? { ...given, paper: given?.paper ?? pdfPaper } : given,
      )
      editionSettingsByFormat[format] = edition.prepare
        ? await edition.prepare(checked, { baseDir: configDir, date })
        : checked
    } catch (error) {
      if (error instanceof EditionSettingsError) throw new UserError(error.message)
      throw error
    }
  }
  const { onProgress: _, inputs: __, force: ___, jobs: ____, protect: _____, ...rest } = options
  const runKey = hashParts([
    ['tool', toolVersion],
    ['dictionaries', hashFiles([...(includeDefault ? [new URL(dictionaryUrl).pathname] : []), ...dictionaryFiles])],
    ['settings', JSON.stringify(rest, (_key, value) => (value instanceof Uint8Array ? sha256(value) : value))],
    ['epoch', process.env.SOURCE_DATE_EPOCH ?? ''],
  ])
  return {
    options,
    settings,
    formats,
    editionSettings: editionSettingsByFormat,
    date,
    runKey,
    cache: await readCache(options.outDir),
    written: {},
    protected: await protectedFiles(options, cwd, configDir, dictionaryFiles),
  }
}

/** Identities of a file: itself and, for a symbolic link, what it points to. */
async function identities(file: string): Promise<string[]> {
  const found = new Set<string>()
  for (const look of [lstat, stat]) {
    try {
      const stats = await look(file)
      if (stats.isFile() || stats.isSymbolicLink()) found.add(`${stats.dev}:${stats.ino}`)
    } catch {
      // Missing: nothing to protect.
    }
  }
  return [...found]
}

/** Paths named by edition settings (covers, fonts…), with their keys: `epub.cover`. */
function settingPaths(editions: BuildOptions['editions'], base: string): Array<[string, string]> {
  const found: Array<[string, string]> = []
  const visit = (value: unknown, key: string) => {
    if (typeof value === 'string') {
      if (value.length > 0 && value.length < 4096 && !/[\n\0]/.test(value)) found.push([key, path.resolve(base, value)])
    } else if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(item, `${key}[${index}]`)
    } else if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
      for (const [name, item] of Object.entries(value)) visit(item, `${key}.${name}`)
    }
  }
  for (const [format, settings] of Object.entries(editions ?? {})) visit(settings, format)
  return found
}

/** The files a build must never write over. */
async function protectedFiles(
  options: BuildOptions,
  cwd: string,
  configDir: string,
  dictionaryFiles: ReadonlyArray<string>,
): Promise<Map<string, ProtectedFile>> {
  const candidates: Array<[string, string]> = [
    ...options.inputs.map((input): [string, string] => [path.resolve(cwd, input), 'an input']),
    ...dictionaryFiles.map((file): [string, string] => [file, 'a dictionary']),
    ...(options.protect ?? []).map((file): [string, string] => [
      path.resolve(cwd, file),
      'a file of the configuration',
    ]),
    ...configNames.map((name): [string, string] => [path.join(configDir, name), 'a configuration file']),
    ...settingPaths(options.editions, configDir).map(([key, file]): [string, string] => [
      file,
      `the file ${key} names`,
    ]),
  ]
  const result = new Map<string, ProtectedFile>()
  for (const [file, what] of candidates) {
    for (const id of await identities(file)) if (!result.has(id)) result.set(id, { path: file, what })
  }
  return result
}

/** The protected file that writing `target` would replace, if any. */
async function protectedAt(context: BuildContext, target: string): Promise<ProtectedFile | undefined> {
  if (context.protected.size === 0) return undefined
  try {
    const stats = await lstat(target)
    return context.protected.get(`${stats.dev}:${stats.ino}`)
  } catch {
    return undefined
  }
}

/** A path for messages: relative to the working directory when inside it. */
function shownPath(context: BuildContext, file: string): string {
  const cwd = context.options.cwd ?? process.cwd()
  const relative = path.relative(cwd, file)
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative
}

/** The message refusing to write `target` over a protected file. */
function refusal(context: BuildContext, target: string, found: ProtectedFile, what: string): string {
  return `${shownPath(context, target)} is ${found.what}; writing ${what} there would overwrite it: choose another --out folder`
}

/** Output name of an input: its file name without the extension. */
function outputName(input: string): string {
  return path.basename(input, path.extname(input))
}

/** Output name of a book: `book.name`, else made from the title. */
function bookName(book: BookOptions): string {
  if (book.name === undefined) return slugify(book.metadata.title ?? '')
  // Control characters, separators, and names that are hidden or climb out of the folder.
  if (book.name === '' || book.name.startsWith('.') || /[/\\\p{Cc}]/u.test(book.name)) {
    throw new UserError(
      `book name ${JSON.stringify(book.name)}: give a file name without a folder, not starting with a dot (or leave it out to make one from the title)`,
    )
  }
  return book.name
}

/** The files an output name stands for: one per edition, and the report. */
function outputFiles(context: BuildContext, name: string): Array<[string, string]> {
  const files: Array<[string, string]> = context.formats.map((format) => [
    confinedPath(context.options.outDir, `${name}.${editionOf(format).extension}`),
    `the ${format} edition`,
  ])
  if (context.options.report !== false) {
    files.push([confinedPath(context.options.outDir, `${name}.report.json`), 'the report'])
  }
  if (context.options.reportHtml === true) {
    files.push([confinedPath(context.options.outDir, `${name}.report.html`), 'the review page'])
  }
  return files
}

/**
 * Check what a build will write before it writes anything: two inputs must
 * not share an output name (`a/article.txt` and `b/article.txt` would both
 * write `article.html`; names are compared ignoring case, as some file
 * systems do), and no output may replace a protected file (an input, a
 * dictionary, the configuration, a file named in the settings).
 *
 * @throws {UserError}
 *   Naming the inputs and the shared name, or the file that would be overwritten.
 */
async function checkOutputs(context: BuildContext): Promise<void> {
  const { options } = context
  const cwd = options.cwd ?? process.cwd()
  // The same file twice (by another path, a link, or in a book) would be built, or bound, twice.
  const seen = new Map<string, string>()
  for (const input of options.inputs) {
    const resolved = path.resolve(cwd, input)
    const found = await stat(resolved).then(
      (stats) => (stats.isDirectory() ? 'a folder' : `${stats.dev}:${stats.ino}`),
      (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? 'missing' : undefined),
    )
    if (found === 'missing') throw new UserError(`${shownPath(context, resolved)}: input file not found`)
    if (found === 'a folder') {
      throw new UserError(
        `${shownPath(context, resolved)}: is a folder, not a file; give the files in it (or \`sources\` globs in the config)`,
      )
    }
    const key = found ?? resolved
    const first = seen.get(key)
    if (first !== undefined) {
      const same = first === resolved ? '' : ` (the same file as ${shownPath(context, first)})`
      throw new UserError(`${shownPath(context, resolved)}${same} is given twice as an input`)
    }
    seen.set(key, resolved)
  }
  const planned: Array<[string, string]> = []
  if (options.book) {
    planned.push([bookName(options.book), 'the book'])
  } else {
    const byName = new Map<string, string>()
    for (const input of options.inputs) {
      const resolved = path.resolve(cwd, input)
      const name = outputName(resolved)
      const folded = name.normalize('NFC').toLowerCase()
      const other = byName.get(folded)
      if (other !== undefined) {
        const out = shownPath(context, confinedPath(options.outDir, name))
        throw new UserError(
          `${shownPath(context, other)} and ${shownPath(context, resolved)} would both be written to ${out}.*: rename one, or build them into separate --out folders`,
        )
      }
      byName.set(folded, resolved)
      planned.push([name, shownPath(context, resolved)])
    }
  }
  for (const [name, source] of planned) {
    for (const [target, what] of outputFiles(context, name)) {
      const found = await protectedAt(context, target)
      if (found) throw new UserError(refusal(context, target, found, `${what} of ${source}`))
    }
  }
}

/**
 * Resolve the user's plugins: module names are imported from `base` (the
 * folder of the configuration), as remark-cli resolves `.remarkrc` plugins.
 */
async function resolvePlugins(
  list: ReadonlyArray<unknown> | undefined,
  base: string,
  key: string,
): Promise<PluggableList> {
  const result: Pluggable[] = []
  for (const item of list ?? []) {
    const [name, options] = Array.isArray(item) ? item : [item]
    if (typeof name !== 'string') {
      result.push(item as Pluggable)
      continue
    }
    let module: { default?: unknown }
    try {
      const { createRequire } = await import('node:module')
      const resolved = createRequire(path.join(base, 'colophon.config.js')).resolve(name)
      module = (await import(resolved)) as { default?: unknown }
    } catch (error) {
      throw new UserError(
        `${key}: cannot load plugin "${name}" from ${base} (${(error as Error).message.split('\n')[0]})`,
      )
    }
    if (typeof module.default !== 'function') throw new UserError(`${key}: "${name}" has no default export plugin`)
    result.push(options === undefined ? (module.default as Pluggable) : ([module.default, options] as Pluggable))
  }
  return result
}

/**
 * Compile one edition of a publication tree (a document's or a book's).
 * Editions load on first use, so one edition does not pay for the others.
 */
export async function renderEdition(
  format: Format,
  tree: HastRoot,
  file: VFile,
  context: BuildContext,
  extra: { name: string; cover?: Cover | undefined },
): Promise<RenderedEdition> {
  const edition = editionOf(format)
  const settings = context.editionSettings[format] ?? editionSettings(edition, undefined)
  return edition.compile(tree, file, settings, {
    date: context.date,
    name: extra.name,
    baseDir: context.options.configDir ?? context.options.cwd ?? process.cwd(),
    cover: extra.cover,
  })
}

/**
 * The JSON report written next to the editions: the metadata, the
 * structure, the corrections and the messages, each correction and message
 * once with its count and places, or (`full`) once per occurrence.
 */
export function documentReport(file: VFile, full = false): Record<string, unknown> {
  return {
    input: file.path,
    metadata: file.data.metadata,
    // The article's shape as remark-article read it, with what it did not find (`missing`).
    structure: file.data.article,
    corrections: full ? (file.data.corrections ?? []) : summarizeCorrections(file.data.corrections ?? []),
    messages: full ? file.messages.map(messageSummary) : summarizeMessages(file.messages),
  }
}

/** A message as plain data for reports: reason, rule, severity, place. */
export function messageSummary(message: VFile['messages'][number]) {
  return {
    reason: message.reason,
    ruleId: message.ruleId,
    source: message.source,
    severity: severityOf(message),
    line: message.line,
    column: message.column,
  }
}

/** Names Windows keeps for devices, whatever the extension. */
const deviceNames = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$/

/**
 * A file name made from a title: its words (letters, marks and digits of any
 * script, compatibility forms folded by NFKC) in lowercase, joined by `-`,
 * at most 80 characters (whole graphemes, 150 bytes). It is never empty,
 * hidden or a folder name: `Жел мен дала` gives `жел-мен-дала`,
 * `Étude: Rock & Roll!` gives `étude-rock-roll`, and a title with no
 * letters or digits (`..`) gives `book`.
 */
export function slugify(title: string): string {
  const words =
    title
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu) ?? []
  let slug = ''
  let characters = 0
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(words.join('-'))) {
    if (characters + 1 > 80 || Buffer.byteLength(slug + segment) > 150) break
    slug += segment
    characters++
  }
  slug = slug.replace(/-+$/, '')
  if (slug === '') return 'book'
  return deviceNames.test(slug) ? `${slug}-book` : slug
}

/** Hashes of the images a tree embeds. */
function assetKey(tree: HastRoot): string {
  const names: string[] = []
  const visit = (node: HastRoot | HastRoot['children'][number]) => {
    if (node.type === 'element' && node.data?.asset) names.push(node.data.asset.name)
    if ('children' in node) for (const child of node.children) visit(child as never)
  }
  visit(tree)
  return names.join(',')
}

/** Write an edition (and its assets) unless the cache says it is up to date. */
async function produce(
  context: BuildContext,
  name: string,
  format: Format,
  key: string,
  render: () => Promise<RenderedEdition>,
): Promise<BuiltEdition> {
  const fileName = `${name}.${editionOf(format).extension}`
  const target = confinedPath(context.options.outDir, fileName)
  // process.hrtime, not performance.now(): that loads perf_hooks, a few milliseconds of a short command.
  const started = process.hrtime.bigint()
  const entry = context.cache[fileName]
  if (!context.options.force && (await isFresh(entry, key, target))) {
    context.written[fileName] = entry as NonNullable<typeof entry>
    const bytes = (await readFile(target)).byteLength
    return { format, path: target, bytes, milliseconds: 0, cached: true }
  }
  const rendered = await render()
  const write = { cwd: context.options.cwd ?? process.cwd() }
  const found = await protectedAt(context, target)
  if (found) throw new UserError(refusal(context, target, found, `the ${format} edition`))
  for (const asset of rendered.assets) {
    const file = confinedPath(context.options.outDir, asset.path)
    const source = await protectedAt(context, file)
    if (source) {
      // Images are named by a hash of their bytes: the file there already is this image.
      const same = await readFile(file).then(
        (bytes) => Buffer.compare(bytes, asset.data) === 0,
        () => false,
      )
      if (same) continue
      throw new UserError(refusal(context, file, source, `an image of the ${format} edition`))
    }
    await writeAtomic(file, asset.data, write)
  }
  await writeAtomic(target, rendered.data, write)
  context.written[fileName] = { key, sha256: sha256(rendered.data) }
  const bytes = typeof rendered.data === 'string' ? Buffer.byteLength(rendered.data) : rendered.data.byteLength
  return { format, path: target, bytes, milliseconds: Number(process.hrtime.bigint() - started) / 1e6, cached: false }
}

async function writeReport(context: BuildContext, name: string, value: unknown): Promise<BuiltEdition> {
  const target = confinedPath(context.options.outDir, `${name}.report.json`)
  const data = `${JSON.stringify(value, undefined, 2)}\n`
  await writeAtomic(target, data, { cwd: context.options.cwd ?? process.cwd() })
  return { format: 'report', path: target, bytes: Buffer.byteLength(data), milliseconds: 0, cached: false }
}

/** Write `<name>.report.html`, the review page of the files, atomically. */
async function writeReviewPage(context: BuildContext, name: string, files: VFile[]): Promise<BuiltEdition> {
  const target = confinedPath(context.options.outDir, `${name}.report.html`)
  const cwd = context.options.cwd ?? process.cwd()
  const data = reviewPage(files, { cwd })
  await writeAtomic(target, data, { cwd })
  return { format: 'report', path: target, bytes: Buffer.byteLength(data), milliseconds: 0, cached: false }
}

/** `source` of the messages of a failed document or edition. */
const messageSource = 'colophon'

/**
 * Record a failure of a document on its file, as a fatal message (unless the
 * error is a message already on the file).
 */
function recordFailure(file: VFile, error: unknown, reason: string, ruleId: string): void {
  if (error instanceof VFileMessage && file.messages.includes(error)) {
    error.fatal = true
    return
  }
  const detail = error instanceof Error ? error.message : String(error)
  const message = file.message(`${reason}: ${detail}`, { ruleId, source: messageSource })
  message.fatal = true
}

/**
 * Whether an error stops the whole build rather than one document: a write
 * the system refused (no space, a read-only folder) would fail for the
 * others too.
 */
function stopsBuild(error: unknown): boolean {
  return error instanceof OutputError
}

/** Images a document refers to, as files: they are never written over. */
async function protectImages(context: BuildContext, input: string, tree: HastRoot): Promise<void> {
  const folder = path.dirname(path.resolve(context.options.cwd ?? process.cwd(), input))
  const visit = async (node: HastRoot | HastRoot['children'][number]) => {
    const source = node.type === 'element' ? node.data?.asset?.source : undefined
    if (source && !/^[a-z][a-z0-9+.-]*:/i.test(source)) {
      let file: string
      try {
        file = path.resolve(folder, decodeURIComponent(source.replace(/[?#].*$/, '')))
      } catch {
        file = path.resolve(folder, source)
      }
      for (const id of await identities(file)) {
        if (!context.protected.has(id)) context.protected.set(id, { path: file, what: `an image ${input} refers to` })
      }
    }
    if ('children' in node) for (const child of node.children) await visit(child as never)
  }
  await visit(tree)
}

/**
 * Run a document through the pipeline into its publication tree; no tree
 * when a problem stopped it (a fatal message on the file says which).
 */
async function prepare(
  input: string,
  context: BuildContext,
  idPrefix: string | undefined,
): Promise<{ result: DocumentResult; document?: ProcessedDocument; source?: string }> {
  const cwd = context.options.cwd ?? process.cwd()
  let processed: Awaited<ReturnType<typeof processDocument>>
  try {
    processed = await processDocument(path.resolve(cwd, input), context.settings, cwd, idPrefix)
  } catch (error) {
    if (stopsBuild(error)) throw error
    // The input could not be read, or a plugin failed on it: a file to carry the message.
    const file = new VFile({ path: shownPath(context, path.resolve(cwd, input)), cwd })
    if (error instanceof UserError) {
      const reason = error.message.startsWith(`${file.path}: `)
        ? error.message.slice(file.path.length + 2)
        : error.message
      const message = file.message(reason, {
        ruleId: 'input-unreadable',
        source: messageSource,
      })
      message.fatal = true
    } else {
      recordFailure(file, error, 'Cannot process the document', 'document-failed')
    }
    return { result: { input, file, editions: [] } }
  }
  const result: DocumentResult = { input, file: processed.file, editions: [] }
  if (!processed.tree) return { result }
  await protectImages(context, input, processed.tree)
  return { result, document: { tree: processed.tree, file: processed.file }, source: String(processed.file.value) }
}

/**
 * Build every edition of one input: `<name>.html`, `.pdf`, `.epub` and
 * `<name>.report.json`. A problem of the document (it cannot be read, a
 * plugin or an edition fails on it) is a fatal message on its file, and the
 * editions that can be built still are.
 *
 * @throws {OutputError}
 *   When a file cannot be written: the build stops.
 */
export async function buildDocument(input: string, context: BuildContext): Promise<DocumentResult> {
  const { options } = context
  options.onProgress?.({ type: 'start', input })
  const { result, document, source } = await prepare(input, context, undefined)
  if (!document || source === undefined) {
    options.onProgress?.({ type: 'done', input, failed: true })
    return result
  }
  const name = outputName(input)
  let failed = false
  for (const format of context.formats) {
    const key = hashParts([
      ['run', context.runKey],
      ['format', format],
      ['name', name],
      ['input', source],
      ['assets', assetKey(document.tree)],
    ])
    let edition: BuiltEdition
    try {
      edition = await produce(context, name, format, key, () =>
        renderEdition(format, document.tree, document.file, context, { name }),
      )
    } catch (error) {
      if (stopsBuild(error)) throw error
      recordFailure(document.file, error, `Cannot build the ${format} edition`, 'edition-failed')
      failed = true
      continue
    }
    result.editions.push(edition)
    options.onProgress?.({ type: 'edition', input, edition })
  }
  if (options.report !== false) {
    result.editions.push(await writeReport(context, name, documentReport(document.file, options.fullReport === true)))
  }
  if (options.reportHtml === true) result.editions.push(await writeReviewPage(context, name, [document.file]))
  options.onProgress?.({ type: 'done', input, failed })
  return result
}

async function buildBook(context: BuildContext, book: BookOptions): Promise<BuildResult> {
  const { options } = context
  const documents: DocumentResult[] = []
  const articles: ProcessedDocument[] = []
  const sources: Array<readonly [string, string]> = []
  for (const [index, input] of options.inputs.entries()) {
    options.onProgress?.({ type: 'start', input })
    const { result, document, source } = await prepare(input, context, `a${index + 1}-`)
    documents.push(result)
    options.onProgress?.({ type: 'done', input, failed: !document })
    if (document && source !== undefined) {
      articles.push(document)
      sources.push([input, source], [`${input} assets`, assetKey(document.tree)])
    }
  }
  // A book with a broken article is not a book: report, write nothing.
  if (articles.length !== options.inputs.length || articles.length === 0) return { documents }
  let metadata: Metadata
  try {
    metadata = bookMetadata(
      articles.map(({ file }) => file.data.metadata as Metadata),
      book.metadata,
    )
  } catch (error) {
    throw new UserError((error as Error).message)
  }
  const name = bookName(book)
  const label = `book ${name}`
  const whole = bookDocument(articles, metadata, options.labels)
  whole.file.path = label
  const editions: BuiltEdition[] = []
  for (const format of context.formats) {
    const key = hashParts([['run', context.runKey], ['format', format], ['name', name], ...sources])
    let edition: BuiltEdition
    try {
      edition = await produce(context, name, format, key, () =>
        renderEdition(format, whole.tree, whole.file, context, { name, cover: book.cover }),
      )
    } catch (error) {
      if (stopsBuild(error)) throw error
      recordFailure(whole.file, error, `Cannot build the ${format} edition`, 'edition-failed')
      continue
    }
    editions.push(edition)
    options.onProgress?.({ type: 'edition', input: label, edition })
  }
  if (options.report !== false) {
    editions.push(
      await writeReport(context, name, {
        metadata,
        articles: articles.map(({ file }) => documentReport(file, options.fullReport === true)),
        messages:
          options.fullReport === true
            ? whole.file.messages.map(messageSummary)
            : summarizeMessages(whole.file.messages),
      }),
    )
  }
  if (options.reportHtml === true) {
    editions.push(
      await writeReviewPage(
        context,
        name,
        articles.map(({ file }) => file),
      ),
    )
  }
  return { documents, book: { metadata, file: whole.file, editions } }
}

/** Whether the options can cross to worker threads: plugins given by name, not as functions. */
function portable(options: BuildOptions): boolean {
  const byName = (item: unknown) => typeof item === 'string' || (Array.isArray(item) && typeof item[0] === 'string')
  return [...(options.remarkPlugins ?? []), ...(options.rehypePlugins ?? [])].every(byName)
}

/**
 * Build the editions of each input into the output folder: for
 * `article.txt`, `article.html`, `article.pdf`, `article.epub` (and
 * `article.report.json`); or, with `book`, one publication of all inputs in
 * order. Editions whose inputs, dictionaries, settings and tool version are
 * unchanged since the last build are left alone (a content-hash cache in the
 * output folder; `force` rebuilds). With `jobs` above 1, documents are built
 * in worker threads; the files are the same bytes as with one job.
 *
 * Before anything is written, the build refuses two inputs with the same
 * output name and any output that would replace an input, a dictionary, the
 * configuration or a file the settings name. Every file is written
 * atomically, inside the output folder, and temporary files that killed
 * builds left there are removed. A document that fails (cannot be read, a
 * plugin or an edition throws) gets a fatal message naming the problem and
 * the other documents are built; the cache records every edition written.
 *
 * @param options
 *   What to build.
 * @returns
 *   Per-document results (files with their messages and data), and the book.
 * @throws {UserError}
 *   Before writing anything, for colliding or protected outputs (exit code 2).
 * @throws {OutputError}
 *   When a file cannot be written (no space, a read-only folder…): the build
 *   stops after recording what it wrote in the cache.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const context = await createContext(options)
  await checkOutputs(context)
  await removeStaleTemporaries(options.outDir)
  let result: BuildResult | undefined
  let failure: unknown
  try {
    if (options.book) {
      result = await buildBook(context, options.book)
    } else if ((options.jobs ?? 1) > 1 && options.inputs.length > 1 && portable(options)) {
      const { buildInWorkers } = await import('./parallel.js')
      const outcome = await buildInWorkers(options, context.cache)
      Object.assign(context.written, outcome.written)
      if (outcome.failure) throw outcome.failure
      result = { documents: outcome.documents }
    } else {
      const documents: DocumentResult[] = []
      for (const input of options.inputs) documents.push(await buildDocument(input, context))
      result = { documents }
    }
  } catch (error) {
    failure = error
  }
  // What this build wrote joins what other builds into this folder recorded, even when it stopped.
  if (Object.keys(context.written).length > 0) {
    try {
      await writeCache(options.outDir, context.written, options.cwd ?? process.cwd())
    } catch (error) {
      failure ??= error
    }
  }
  if (failure !== undefined || result === undefined) throw failure
  return result
}
