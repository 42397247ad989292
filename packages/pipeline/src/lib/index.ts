/**
 * Colophon's pipeline, defined once: the CLI, the examples and the tests
 * all process documents through `createPipeline`, and users insert their own
 * remark and rehype plugins into it.
 */
import path from 'node:path'
import {
  type Labels,
  type Options as PublicationOptions,
  rehypeAssets,
  remarkPublication,
  toBookHast,
} from '@colophon/article-hast'
import remarkArticle, { remarkArticleText } from '@colophon/remark-article'
import remarkMetadata, { type Metadata, type MetadataFields } from '@colophon/remark-metadata'
import remarkNormalize, { type Mode, type Options as NormalizeOptions } from '@colophon/remark-normalize'
import type { Root as HastRoot } from 'hast'
import type { Root as MdastRoot } from 'mdast'
import { type PluggableList, type Preset, type Processor, unified } from 'unified'
import { VFile } from 'vfile'
import { remarkDepthLimit } from './depth.js'
import { remarkGfmParse } from './gfm.js'

/** Configuration of the pipeline. */
export interface PipelineOptions {
  /**
   * Read the input as plain text (`remark-article`'s parser) instead of
   * Markdown (default: `false` for `createPipeline`; `processDocument` decides
   * by the file's extension: `.txt`, `.text` and none are plain text).
   */
  plainText?: boolean | undefined
  /** Dictionaries for `remark-normalize`: compiled once, or paths (default: none). */
  dictionaries?: NormalizeOptions['dictionaries']
  /** What normalization does to the text (default: `auto`). */
  mode?: Mode | undefined
  /** UTC offset of datelines with a time (default: none). */
  timeZone?: string | undefined
  /** Metadata used when nothing else gives a field (default: none). */
  defaults?: MetadataFields | undefined
  /** Metadata that overrides the text and front matter (default: none). */
  metadata?: MetadataFields | undefined
  /** List the corrections in the editorial notes (default: `true`). */
  editorialNotes?: boolean | undefined
  /** Raw HTML in Markdown: sanitized or dropped (default: `sanitize`). */
  rawHtml?: 'sanitize' | 'drop' | undefined
  /** Fetch remote images (default: `false`: they are refused with a message). */
  allowRemoteAssets?: boolean | undefined
  /**
   * Folder every local image must be inside, symbolic links resolved;
   * relative to the file's `cwd` (default: the document's folder).
   */
  assetRoot?: string | undefined
  /** Largest image read or fetched, in bytes (default: 20 MiB); a larger one is left out with a warning. */
  maxAssetSize?: number | undefined
  /** Deepest nesting a document may have; a deeper one stops with a `too-deep` message (default: `100`). */
  maxDepth?: number | undefined
  /** Prefix of the ids of the tree, to keep them unique in a book (default: none). */
  idPrefix?: string | undefined
  /** Wording that replaces the built-in labels (default: none). */
  labels?: Partial<Labels> | undefined
  /** The user's remark plugins, run after normalization and before the metadata is taken (default: none). */
  remarkPlugins?: PluggableList | undefined
  /** The user's rehype plugins, run on the publication tree after its images are read (default: none). */
  rehypePlugins?: PluggableList | undefined
}

/** Extensions read as plain text; everything else is Markdown. */
const textExtensions = new Set(['.txt', '.text', ''])

/** Whether a path is read as plain text rather than Markdown. */
export function isPlainText(filePath: string): boolean {
  return textExtensions.has(path.extname(filePath).toLowerCase())
}

/**
 * A unified preset of Colophon's three remark plugins (structure,
 * normalization, metadata), for any remark pipeline:
 * `unified().use(remarkParse).use(colophonPreset(options))`.
 */
export function colophonPreset(options: PipelineOptions = {}): Preset {
  return {
    plugins: [
      [remarkArticle, { timeZone: options.timeZone }],
      [
        remarkNormalize,
        {
          dictionaries: options.dictionaries,
          mode: options.mode ?? 'auto',
          // A text whose configuration names an original language is a translation (front matter is read too).
          ...((options.metadata?.originalLanguage ?? options.defaults?.originalLanguage) ? { translation: true } : {}),
        },
      ],
      ...(options.remarkPlugins ?? []),
      [remarkMetadata, { defaults: options.defaults, metadata: options.metadata }],
    ],
  }
}

/** A processor from text to the publication tree (hast); add an edition plugin to compile it. */
export type PublicationProcessor = Processor<MdastRoot, MdastRoot, HastRoot, undefined, undefined>

/**
 * The pipeline as one unified processor: parse (plain text, or Markdown with
 * GitHub's extensions), recover the structure, normalize, the user's remark
 * plugins, describe (metadata), bridge to the publication tree, read the
 * images, the user's rehype plugins. Add an edition to compile:
 * `createPipeline(options).use(editionPlugin(htmlEdition)).process(file)`.
 *
 * @param options
 *   Configuration (optional).
 * @returns
 *   The processor.
 */
export function createPipeline(options: PipelineOptions = {}): PublicationProcessor {
  const parser = options.plainText ? unified().use(remarkArticleText) : unified().use(remarkGfmParse)
  const bridge: PublicationOptions = {
    idPrefix: options.idPrefix,
    rawHtml: options.rawHtml,
    labels: options.labels,
    footer: { editorialNotes: options.editorialNotes !== false },
  }
  return parser
    .use(remarkDepthLimit, { maxDepth: options.maxDepth, markdown: !options.plainText })
    .use(colophonPreset(options))
    .use(remarkPublication, bridge)
    .use(rehypeAssets, {
      allowRemote: options.allowRemoteAssets,
      root: options.assetRoot,
      maxSize: options.maxAssetSize,
    })
    .use(options.rehypePlugins ?? []) as unknown as PublicationProcessor
}

/** A document after the pipeline. */
export interface ProcessedDocument {
  /** The publication tree. */
  tree: HastRoot
  /** Its file: messages, `data.metadata`, `data.corrections`. */
  file: VFile
}

/**
 * Run one document through the pipeline.
 *
 * @param file
 *   The document (`path` and `value`); plain text or Markdown by its extension
 *   unless `options.plainText` says.
 * @param options
 *   Configuration (optional).
 * @returns
 *   The publication tree and the file.
 * @throws {VFileMessage}
 *   When the document cannot be processed (invalid front matter or metadata);
 *   the message is also on the file.
 */
export async function processDocument(file: VFile, options: PipelineOptions = {}): Promise<ProcessedDocument> {
  const plainText = options.plainText ?? isPlainText(file.path ?? '')
  const processor = createPipeline({ ...options, plainText })
  const tree = await processor.run(processor.parse(file), file)
  return { tree, file }
}

/**
 * The publication tree of a book made of processed documents (see
 * `toBookHast`), with a file holding the book's metadata and every article's
 * corrections and entities.
 *
 * @param documents
 *   The articles, in order, each processed with its own `idPrefix`.
 * @param metadata
 *   The book's metadata (see `bookMetadata`).
 * @param labels
 *   Wording that replaces the built-in labels (optional).
 */
export function bookDocument(
  documents: ReadonlyArray<ProcessedDocument>,
  metadata: Metadata,
  labels?: Partial<Labels> | undefined,
): ProcessedDocument {
  const file = new VFile({ path: 'book' })
  file.data.metadata = metadata
  file.data.corrections = documents.flatMap((document) => document.file.data.corrections ?? [])
  file.data.entities = documents.flatMap((document) => document.file.data.entities ?? [])
  return {
    tree: toBookHast(
      documents.map((document) => document.tree),
      metadata,
      { labels },
    ),
    file,
  }
}
