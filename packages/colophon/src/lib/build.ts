import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Root as HastRoot } from 'hast'
import type { VFile } from 'vfile'
import { VFileMessage } from 'vfile-message'
import type { Format } from './config.js'
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

/**
 * Build the editions of each input into the output folder: for
 * `article.txt`, `article.html`, `article.pdf`, `article.epub` (and
 * `article.report.json`). Every file is written atomically.
 *
 * @param options
 *   What to build.
 * @returns
 *   One result per input, in input order.
 */
export async function build(options: BuildOptions): Promise<DocumentResult[]> {
  const results: DocumentResult[] = []
  for (const input of options.inputs) {
    const processed = await processDocument(input, options.settings, options.cwd)
    const result: DocumentResult = { input, file: processed.file, editions: [] }
    results.push(result)
    if (!processed.tree) continue
    const document: ProcessedDocument = { tree: processed.tree, file: processed.file }
    let tree: HastRoot
    try {
      tree = await documentHast(document, options.settings)
    } catch (error) {
      if (error instanceof VFileMessage && document.file.messages.includes(error)) continue
      throw error
    }
    const name = path.basename(input, path.extname(input))
    for (const format of options.formats) {
      const started = performance.now()
      const { data, assets } = await renderEdition(format, tree, document, {
        htmlImages: options.htmlImages,
        assetsDir: `${name}-assets`,
      })
      for (const asset of assets) await writeAtomic(confinedPath(options.outDir, asset.path), asset.data)
      const target = confinedPath(options.outDir, `${name}.${extension[format]}`)
      await writeAtomic(target, data)
      result.editions.push({
        format,
        path: target,
        bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength,
        milliseconds: performance.now() - started,
      })
    }
    if (options.report !== false) {
      const target = confinedPath(options.outDir, `${name}.report.json`)
      const data = `${JSON.stringify(documentReport(document.file), undefined, 2)}\n`
      await writeAtomic(target, data)
      result.editions.push({ format: 'report', path: target, bytes: Buffer.byteLength(data), milliseconds: 0 })
    }
  }
  return results
}
