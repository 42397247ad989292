import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { type Cover, type EditionOutput, EditionSettingsError, editionSettings } from '@colophon/article-hast'
import { dictionaryUrl } from '@colophon/dictionary-zh-en-central-asia'
import { bookMetadata, type Metadata, type MetadataFields } from '@colophon/metadata'
import { bookDocument } from '@colophon/pipeline'
import type { Root as HastRoot } from 'hast'
import type { Pluggable, PluggableList } from 'unified'
import type { VFile } from 'vfile'
import { type CacheEntries, hashFiles, hashParts, isFresh, readCache, sha256, writeCache } from './cache.js'
import { UserError } from './errors.js'
import { loadDictionaries, type PipelineSettings, type ProcessedDocument, processDocument } from './pipeline.js'
import { formats as allFormats, editionOf, type Format } from './registry.js'
import { confinedPath, writeAtomic } from './write.js'

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
}

/** A publication made of several articles. */
export interface BookOptions {
  /** The book's metadata; `title` is required, the rest is completed from the articles. */
  metadata: MetadataFields
  /** Output file name, without extension (default: made from the title). */
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
}

/** The version of the `colophon` package. */
export const toolVersion: string = (
  JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
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
      const checked = editionSettings(edition, options.editions?.[format])
      editionSettingsByFormat[format] = edition.prepare
        ? await edition.prepare(checked, { baseDir: configDir, date })
        : checked
    } catch (error) {
      if (error instanceof EditionSettingsError) throw new UserError(error.message)
      throw error
    }
  }
  const { onProgress: _, inputs: __, force: ___, jobs: ____, ...rest } = options
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

/** The JSON report written next to the editions. */
export function documentReport(file: VFile): Record<string, unknown> {
  return {
    input: file.path,
    metadata: file.data.metadata,
    // The article's shape as remark-article read it, with what it did not find (`missing`).
    structure: file.data.article,
    corrections: file.data.corrections ?? [],
    messages: file.messages.map(messageSummary),
  }
}

/** A message as plain data for reports: reason, rule, severity, place. */
export function messageSummary(message: VFile['messages'][number]) {
  return {
    reason: message.reason,
    ruleId: message.ruleId,
    source: message.source,
    severity: message.fatal ? 'error' : message.fatal === false ? 'warning' : 'info',
    line: message.line,
    column: message.column,
  }
}

/** A file name made from a title: lowercase ASCII words joined by `-`. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
  return slug || 'book'
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
  const started = performance.now()
  const entry = context.cache[fileName]
  if (!context.options.force && (await isFresh(entry, key, target))) {
    context.written[fileName] = entry as NonNullable<typeof entry>
    const bytes = (await readFile(target)).byteLength
    return { format, path: target, bytes, milliseconds: 0, cached: true }
  }
  const rendered = await render()
  for (const asset of rendered.assets) {
    await writeAtomic(confinedPath(context.options.outDir, asset.path), asset.data)
  }
  await writeAtomic(target, rendered.data)
  context.written[fileName] = { key, sha256: sha256(rendered.data) }
  const bytes = typeof rendered.data === 'string' ? Buffer.byteLength(rendered.data) : rendered.data.byteLength
  return { format, path: target, bytes, milliseconds: performance.now() - started, cached: false }
}

async function writeReport(context: BuildContext, name: string, value: unknown): Promise<BuiltEdition> {
  const target = confinedPath(context.options.outDir, `${name}.report.json`)
  const data = `${JSON.stringify(value, undefined, 2)}\n`
  await writeAtomic(target, data)
  return { format: 'report', path: target, bytes: Buffer.byteLength(data), milliseconds: 0, cached: false }
}

/** Run a document through the pipeline into its publication tree; no tree when a fatal problem stopped it. */
async function prepare(
  input: string,
  context: BuildContext,
  idPrefix: string | undefined,
): Promise<{ result: DocumentResult; document?: ProcessedDocument; source?: string }> {
  const processed = await processDocument(input, context.settings, context.options.cwd, idPrefix)
  const result: DocumentResult = { input, file: processed.file, editions: [] }
  if (!processed.tree) return { result }
  return { result, document: { tree: processed.tree, file: processed.file }, source: String(processed.file.value) }
}

/**
 * Build every edition of one input: `<name>.html`, `.pdf`, `.epub` and
 * `<name>.report.json`.
 */
export async function buildDocument(input: string, context: BuildContext): Promise<DocumentResult> {
  const { options } = context
  options.onProgress?.({ type: 'start', input })
  const { result, document, source } = await prepare(input, context, undefined)
  if (!document || source === undefined) {
    options.onProgress?.({ type: 'done', input, failed: true })
    return result
  }
  const name = path.basename(input, path.extname(input))
  for (const format of context.formats) {
    const key = hashParts([
      ['run', context.runKey],
      ['format', format],
      ['name', name],
      ['input', source],
      ['assets', assetKey(document.tree)],
    ])
    const edition = await produce(context, name, format, key, () =>
      renderEdition(format, document.tree, document.file, context, { name }),
    )
    result.editions.push(edition)
    options.onProgress?.({ type: 'edition', input, edition })
  }
  if (options.report !== false) result.editions.push(await writeReport(context, name, documentReport(document.file)))
  options.onProgress?.({ type: 'done', input, failed: false })
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
  const name = book.name ?? slugify(metadata.title)
  const label = `book ${name}`
  const whole = bookDocument(articles, metadata, options.labels)
  whole.file.path = label
  const editions: BuiltEdition[] = []
  for (const format of context.formats) {
    const key = hashParts([['run', context.runKey], ['format', format], ['name', name], ...sources])
    const edition = await produce(context, name, format, key, () =>
      renderEdition(format, whole.tree, whole.file, context, { name, cover: book.cover }),
    )
    editions.push(edition)
    options.onProgress?.({ type: 'edition', input: label, edition })
  }
  if (options.report !== false) {
    editions.push(
      await writeReport(context, name, {
        metadata,
        articles: articles.map(({ file }) => documentReport(file)),
        messages: whole.file.messages.map(messageSummary),
      }),
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
 * output folder; `force` rebuilds). Every file is written atomically, inside
 * the output folder. With `jobs` above 1, documents are built in worker
 * threads; the files are the same bytes as with one job.
 *
 * @param options
 *   What to build.
 * @returns
 *   Per-document results (files with their messages and data), and the book.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const context = await createContext(options)
  let result: BuildResult
  if (options.book) {
    result = await buildBook(context, options.book)
  } else if ((options.jobs ?? 1) > 1 && options.inputs.length > 1 && portable(options)) {
    const { buildInWorkers } = await import('./parallel.js')
    const outcome = await buildInWorkers(options, context.cache)
    Object.assign(context.written, outcome.written)
    result = { documents: outcome.documents }
  } else {
    const documents: DocumentResult[] = []
    for (const input of options.inputs) documents.push(await buildDocument(input, context))
    result = { documents }
  }
  // Keep what other builds into this folder recorded; replace what this one wrote.
  if (Object.keys(context.written).length > 0) {
    await writeCache(options.outDir, { ...context.cache, ...context.written })
  }
  return result
}
