import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { resolveAssets, toArticleHast } from '@colophon/article-hast'
import { dictionaryUrl } from '@colophon/dictionary-zh-en-central-asia'
import remarkArticle, { remarkArticleText } from '@colophon/remark-article'
import remarkMetadata, { type MetadataFields } from '@colophon/remark-metadata'
import remarkNormalize, {
  type CompiledDictionaries,
  compileDictionaries,
  DictionaryCycleError,
  DictionaryError,
  type Mode,
} from '@colophon/remark-normalize'
import type { Root as HastRoot } from 'hast'
import type { Root } from 'mdast'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkStringify from 'remark-stringify'
import { type Preset, type Processor, unified } from 'unified'
import { VFile } from 'vfile'
import { VFileMessage } from 'vfile-message'
import { UserError } from './errors.js'

/** Settings shared by every document of a run. */
export interface PipelineSettings {
  /** Compiled dictionaries (see `loadDictionaries`). */
  dictionaries: CompiledDictionaries
  /** What normalization does to the text (default: `auto`). */
  mode?: Mode | undefined
  /** UTC offset of datelines with a time. */
  timeZone?: string | undefined
  /** Metadata used when nothing else gives a field. */
  defaults?: MetadataFields | undefined
  /** Metadata that overrides the text and front matter. */
  metadata?: MetadataFields | undefined
  /** List the corrections in the editions' editorial notes (default: `true`). */
  editorialNotes?: boolean | undefined
  /** Raw HTML in Markdown: sanitized or dropped (default: `sanitize`). */
  rawHtml?: 'sanitize' | 'drop' | undefined
  /** Fetch remote images (default: `false`: they are refused with a message). */
  allowRemoteAssets?: boolean | undefined
}

/** A document after the pipeline: its tree and file (with `file.data.metadata`). */
export interface ProcessedDocument {
  tree: Root
  file: VFile
}

/** The outcome of running one document through the pipeline. */
export interface PipelineResult {
  file: VFile
  /** The processed tree, or `undefined` when a fatal problem stopped the pipeline (see `file.messages`). */
  tree: Root | undefined
}

/** Extensions read as plain text; everything else is Markdown. */
const textExtensions = new Set(['.txt', '.text', ''])

/** Whether a path is read as plain text rather than Markdown. */
export function isPlainText(filePath: string): boolean {
  return textExtensions.has(path.extname(filePath).toLowerCase())
}

/**
 * Compile the dictionaries of a run once.
 *
 * @param files
 *   Dictionary files given by the user.
 * @param includeDefault
 *   Whether to add the bundled dictionary first.
 * @throws {UserError}
 *   When a dictionary is missing or invalid.
 */
export function loadDictionaries(files: ReadonlyArray<string>, includeDefault = true): CompiledDictionaries {
  try {
    return compileDictionaries([...(includeDefault ? [dictionaryUrl] : []), ...files])
  } catch (error) {
    if (error instanceof DictionaryError || error instanceof DictionaryCycleError) {
      throw new UserError(error.message)
    }
    throw error
  }
}

/**
 * A unified preset of Colophon's three plugins (structure, normalization,
 * metadata), for any remark pipeline: `unified().use(remarkParse).use(colophonPreset(settings))`.
 *
 * @param settings
 *   Run settings (compiled dictionaries, mode, time zone, metadata).
 * @returns
 *   The preset.
 */
export function colophonPreset(settings: PipelineSettings): Preset {
  return {
    plugins: [
      [remarkArticle, { timeZone: settings.timeZone }],
      [remarkNormalize, { dictionaries: settings.dictionaries, mode: settings.mode ?? 'auto' }],
      [remarkMetadata, { defaults: settings.defaults, metadata: settings.metadata }],
    ],
  }
}

/**
 * The unified processor of the pipeline: parse (plain text or Markdown),
 * recover the structure, normalize, describe. It stringifies to Markdown.
 */
export function createProcessor(
  plainText: boolean,
  settings: PipelineSettings,
): Processor<Root, Root, Root, Root, string> {
  // Markdown input gets GitHub's extensions: tables, footnotes, strikethrough, autolinks.
  const processor = plainText ? unified().use(remarkArticleText) : unified().use(remarkParse).use(remarkGfm)
  return processor
    .use(colophonPreset(settings))
    .use(remarkStringify, { bullet: '-', emphasis: '_' }) as unknown as Processor<Root, Root, Root, Root, string>
}

/**
 * Read a document and run it through the pipeline.
 *
 * @param filePath
 *   Path of the input.
 * @param settings
 *   Run settings.
 * @param cwd
 *   Folder that messages show paths relative to (default: `process.cwd()`).
 * @returns
 *   File and tree; the tree is missing when a fatal problem (invalid front
 *   matter or metadata) stopped the pipeline, which `file.messages` holds.
 * @throws {UserError}
 *   When the input cannot be read.
 */
export async function processDocument(
  filePath: string,
  settings: PipelineSettings,
  cwd: string = process.cwd(),
): Promise<PipelineResult> {
  const relative = path.relative(cwd, filePath)
  const shown = relative.startsWith('..') ? path.resolve(filePath) : relative
  let value: string
  try {
    value = await readFile(filePath, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new UserError(
      code === 'ENOENT' ? `${shown}: input file not found` : `${shown}: cannot read input (${code})`,
      code === 'ENOENT' || code === 'EISDIR' ? 2 : 1,
    )
  }
  const file = new VFile({ path: shown, cwd, value })
  const processor = createProcessor(isPlainText(filePath), settings)
  try {
    const tree = await processor.run(processor.parse(file), file)
    return { tree, file }
  } catch (error) {
    // `file.fail` already put the message on the file.
    if (error instanceof VFileMessage && file.messages.includes(error)) return { tree: undefined, file }
    throw error
  }
}

/**
 * The shared hast tree of a processed document, with its images read.
 *
 * @param document
 *   The processed document.
 * @param settings
 *   Run settings (editorial notes, raw HTML, remote assets).
 * @returns
 *   The hast root every renderer takes.
 */
export async function documentHast(
  document: ProcessedDocument,
  settings: Pick<PipelineSettings, 'editorialNotes' | 'rawHtml' | 'allowRemoteAssets'> & {
    /** Prefix of the ids, to keep them unique in a book. */
    idPrefix?: string | undefined
  } = {},
): Promise<HastRoot> {
  const tree = toArticleHast(document.tree, document.file, {
    idPrefix: settings.idPrefix,
    rawHtml: settings.rawHtml,
    footer: { editorialNotes: settings.editorialNotes !== false },
  })
  await resolveAssets(tree, document.file, { allowRemote: settings.allowRemoteAssets })
  return tree
}
