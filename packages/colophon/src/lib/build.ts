import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { bookMetadata, type Metadata, type MetadataFields } from '@colophon/remark-metadata'
import type { Root as HastRoot } from 'hast'
import type { VFile } from 'vfile'
import { VFileMessage } from 'vfile-message'
import type { Format } from './config.js'
import { UserError } from './errors.js'
import { documentHast, type PipelineSettings, type ProcessedDocument, processDocument } from './pipeline.js'
import { confinedPath, writeAtomic } from './write.js'

/** What to build. */
export interface BuildOptions {
  /** Input files. */
  inputs: ReadonlyArray<string>
  /** Output folder. */
  outDir: string
  /** Editions to build. */
  formats: ReadonlyArray<Format>
  /** Pipeline settings (dictionaries, metadata, time zone). */
  settings: PipelineSettings
  /** Also write `<name>.report.json` with metadata and corrections (default: `true`). */
  report?: boolean | undefined
  /** Folder that messages show paths relative to (default: `process.cwd()`). */
  cwd?: string | undefined
  /** Images of the HTML edition: inlined, or copied next to it (default: `inline`). */
  htmlImages?: 'inline' | 'copy' | undefined
  /** Combine the inputs, in order, into one publication per format (default: one per input). */
  book?: BookOptions | undefined
}

/** A publication made of several articles. */
export interface BookOptions {
  /** The book's metadata; `title` is required, the rest is completed from the articles. */
  metadata: MetadataFields
  /** Output file name, without extension (default: made from the title). */
  name?: string | undefined
  /** Cover of the EPUB: an image, or `generate` for a typographic one (default: none). */
  cover?: { data: Uint8Array; mediaType: string } | 'generate' | undefined
}

/** What a build produced. */
export interface BuildResult {
  /** One result per input, in input order. */
  documents: DocumentResult[]
  /** The book, when the inputs were combined. */
  book?: { metadata: Metadata; editions: BuiltEdition[] } | undefined
}

/** One written edition. */
export interface BuiltEdition {
  format: Format | 'report'
  /** Path of the written file. */
  path: string
  /** Size in bytes. */
  bytes: number
  /** Time spent rendering and writing, in milliseconds. */
  milliseconds: number
}

/** What happened to one input. */
export interface DocumentResult {
  input: string
  /** The document's file: messages, `data.metadata`, `data.corrections`. */
  file: VFile
  /** Editions written (none when the document had a fatal problem). */
  editions: BuiltEdition[]
}

const extension: Record<Format, string> = { html: 'html', pdf: 'pdf', epub: 'epub' }

/** An edition's bytes, and the files it refers to (paths relative to it). */
export interface RenderedEdition {
  data: Uint8Array | string
  assets: Array<{ path: string; data: Uint8Array }>
}

/**
 * Render one edition of a processed document. Renderers are loaded when first
 * needed, so a build of one edition does not pay for loading the others.
 */
export async function renderEdition(
  format: Format,
  tree: HastRoot,
  document: ProcessedDocument,
  options: { htmlImages?: 'inline' | 'copy' | undefined; assetsDir?: string | undefined } = {},
): Promise<RenderedEdition> {
  switch (format) {
    case 'html': {
      const { renderHtmlDocument } = await import('@colophon/render-html')
      const edition = await renderHtmlDocument(tree, document.file, {
        images: options.htmlImages,
        assetsDir: options.assetsDir,
      })
      return { data: edition.html, assets: edition.assets }
    }
    case 'pdf':
      return { data: await (await import('@colophon/render-pdf')).renderPdf(tree, document.file), assets: [] }
    case 'epub':
      return { data: await (await import('@colophon/render-epub')).renderEpub(tree, document.file), assets: [] }
  }
}

/** The JSON report written next to the editions. */
export function documentReport(file: VFile): Record<string, unknown> {
  return {
    input: file.path,
    metadata: file.data.metadata,
    corrections: file.data.corrections ?? [],
    messages: file.messages.map((message) => ({
      reason: message.reason,
      ruleId: message.ruleId,
      source: message.source,
      severity: message.fatal ? 'error' : message.fatal === false ? 'warning' : 'info',
      line: message.line,
      column: message.column,
    })),
  }
}

/** A document ready to render, or `undefined` when a fatal problem stopped it. */
async function prepare(
  input: string,
  options: BuildOptions,
  idPrefix: string,
): Promise<{ result: DocumentResult; document?: ProcessedDocument; tree?: HastRoot }> {
  const processed = await processDocument(input, options.settings, options.cwd)
  const result: DocumentResult = { input, file: processed.file, editions: [] }
  if (!processed.tree) return { result }
  const document: ProcessedDocument = { tree: processed.tree, file: processed.file }
  try {
    return { result, document, tree: await documentHast(document, { ...options.settings, idPrefix }) }
  } catch (error) {
    if (error instanceof VFileMessage && document.file.messages.includes(error)) return { result }
    throw error
  }
}

async function writeEdition(
  options: BuildOptions,
  name: string,
  format: Format | 'report',
  rendered: RenderedEdition,
  started: number,
): Promise<BuiltEdition> {
  for (const asset of rendered.assets) await writeAtomic(confinedPath(options.outDir, asset.path), asset.data)
  const target = confinedPath(options.outDir, `${name}.${format === 'report' ? 'report.json' : extension[format]}`)
  await writeAtomic(target, rendered.data)
  const bytes = typeof rendered.data === 'string' ? Buffer.byteLength(rendered.data) : rendered.data.byteLength
  return { format, path: target, bytes, milliseconds: performance.now() - started }
}

const reportOf = (value: unknown): RenderedEdition => ({ data: `${JSON.stringify(value, undefined, 2)}\n`, assets: [] })

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

/**
 * Build the editions of each input into the output folder: for
 * `article.txt`, `article.html`, `article.pdf`, `article.epub` (and
 * `article.report.json`); or, with `book`, one publication of all inputs in
 * order. Every file is written atomically, inside the output folder.
 *
 * @param options
 *   What to build.
 * @returns
 *   Per-document results (files with their messages and data), and the book.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  if (options.book) return buildBook(options, options.book)
  const documents: DocumentResult[] = []
  for (const input of options.inputs) {
    const { result, document, tree } = await prepare(input, options, '')
    documents.push(result)
    if (!document || !tree) continue
    const name = path.basename(input, path.extname(input))
    for (const format of options.formats) {
      const started = performance.now()
      const rendered = await renderEdition(format, tree, document, {
        htmlImages: options.htmlImages,
        assetsDir: `${name}-assets`,
      })
      result.editions.push(await writeEdition(options, name, format, rendered, started))
    }
    if (options.report !== false) {
      result.editions.push(
        await writeEdition(options, name, 'report', reportOf(documentReport(document.file)), performance.now()),
      )
    }
  }
  return { documents }
}

async function buildBook(options: BuildOptions, book: BookOptions): Promise<BuildResult> {
  const documents: DocumentResult[] = []
  const articles: Array<{ tree: HastRoot; file: VFile }> = []
  for (const [index, input] of options.inputs.entries()) {
    const { result, document, tree } = await prepare(input, options, `a${index + 1}-`)
    documents.push(result)
    if (document && tree) articles.push({ tree, file: document.file })
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
  const editions: BuiltEdition[] = []
  for (const format of options.formats) {
    const started = performance.now()
    let rendered: RenderedEdition
    if (format === 'html') {
      const edition = await (await import('@colophon/render-html')).renderHtmlBook(
        { metadata, articles },
        { images: options.htmlImages, assetsDir: `${name}-assets` },
      )
      rendered = { data: edition.html, assets: edition.assets }
    } else if (format === 'epub') {
      const data = await (await import('@colophon/render-epub')).renderEpubBook(
        { metadata, articles },
        { cover: book.cover },
      )
      rendered = { data, assets: [] }
    } else {
      const pdf = (await import('@colophon/render-pdf')) as Record<string, unknown>
      if (typeof pdf.renderPdfBook !== 'function') throw new UserError('PDF books are not supported by this version')
      const data = await (pdf.renderPdfBook as (book: unknown) => Promise<Uint8Array>)({ metadata, articles })
      rendered = { data, assets: [] }
    }
    editions.push(await writeEdition(options, name, format, rendered, started))
  }
  if (options.report !== false) {
    const report = { metadata, articles: articles.map(({ file }) => documentReport(file)) }
    editions.push(await writeEdition(options, name, 'report', reportOf(report), performance.now()))
  }
  return { documents, book: { metadata, editions } }
}
