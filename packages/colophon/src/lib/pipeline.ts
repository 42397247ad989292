import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { dictionaryUrl } from '@colophon/dictionary-zh-en-central-asia'
import {
  colophonPreset,
  isPlainText,
  type PipelineOptions,
  remarkDepthLimit,
  remarkGfmParse,
  processDocument as run,
} from '@colophon/pipeline'

import { remarkArticleText } from '@colophon/remark-article'
import {
  type CompiledDictionaries,
  compileDictionaries,
  DictionaryCycleError,
  DictionaryError,
} from '@colophon/remark-normalize'
import type { Root as HastRoot } from 'hast'
import type { Root } from 'mdast'
import remarkStringify from 'remark-stringify'
import { type Processor, unified } from 'unified'
import { VFile } from 'vfile'
import { VFileMessage } from 'vfile-message'
import { type DecodedText, decodeText, NotTextError } from './decode.js'
import { cannotRead, UserError } from './errors.js'

export type { ProcessedDocument } from '@colophon/pipeline'

/** Settings shared by every document of a run: the pipeline's options, with the dictionaries compiled once. */
export interface PipelineSettings extends Omit<PipelineOptions, 'dictionaries' | 'plainText' | 'idPrefix'> {
  /** Compiled dictionaries (see `loadDictionaries`). */
  dictionaries: CompiledDictionaries
}

/** The outcome of running one document through the pipeline. */
export interface PipelineResult {
  file: VFile
  /** The publication tree, or `undefined` when a fatal problem stopped the pipeline (see `file.messages`). */
  tree: HastRoot | undefined
}

export { colophonPreset, isPlainText }

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
 * The text pipeline of `normalize` and `check`: parse (plain text or
 * Markdown), recover the structure, normalize, describe; it stringifies to
 * Markdown.
 */
export function createProcessor(
  plainText: boolean,
  settings: PipelineSettings,
): Processor<Root, Root, Root, Root, string> {
  // Markdown input gets GitHub's extensions: tables, footnotes, strikethrough, autolinks.
  const processor = plainText ? unified().use(remarkArticleText) : unified().use(remarkGfmParse)
  return processor
    .use(remarkDepthLimit, { maxDepth: settings.maxDepth, markdown: !plainText })
    .use(colophonPreset(settings))
    .use(remarkStringify, { bullet: '-', emphasis: '_' }) as unknown as Processor<Root, Root, Root, Root, string>
}

/**
 * Read a document and run it through the pipeline (`@colophon/pipeline`)
 * into its publication tree.
 *
 * @param filePath
 *   Path of the input.
 * @param settings
 *   Run settings.
 * @param cwd
 *   Folder that messages show paths relative to (default: `process.cwd()`).
 * @param idPrefix
 *   Prefix of the tree's ids (articles of a book).
 * @param content
 *   The document's bytes, when they do not come from `filePath` (standard
 *   input); `filePath` then only names it and decides how it is read.
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
  idPrefix?: string,
  content?: Uint8Array,
): Promise<PipelineResult> {
  const file = await readInput(filePath, cwd, content)
  if (refused(file)) return { tree: undefined, file }
  try {
    const { tree } = await run(file, { ...settings, plainText: isPlainText(filePath), idPrefix })
    return { tree, file }
  } catch (error) {
    // `file.fail` already put the message on the file.
    if (error instanceof VFileMessage && file.messages.includes(error)) return { tree: undefined, file }
    throw error
  }
}

/**
 * Read a document and normalize its text: the `colophon normalize` command.
 *
 * @param content
 *   The document's bytes, when they do not come from `filePath` (standard input).
 * @returns
 *   The file, and the normalized Markdown unless a fatal problem stopped it.
 */
export async function normalizeDocument(
  filePath: string,
  settings: PipelineSettings,
  cwd: string = process.cwd(),
  content?: Uint8Array,
): Promise<{ file: VFile; text: string | undefined }> {
  const file = await readInput(filePath, cwd, content)
  if (refused(file)) return { file, text: undefined }
  const processor = createProcessor(isPlainText(filePath), settings)
  try {
    const tree = await processor.run(processor.parse(file), file)
    return { file, text: processor.stringify(tree, file) }
  } catch (error) {
    if (error instanceof VFileMessage && file.messages.includes(error)) return { file, text: undefined }
    throw error
  }
}

/**
 * Read an input file, its path shown relative to `cwd`: decoded from UTF-8
 * (or UTF-16 with a byte order mark), with a warning for each kind of
 * invalid or XML-illegal character replaced or removed, and a fatal message
 * (no text) when the file is not text at all.
 *
 * @throws {UserError}
 *   When the file cannot be read.
 */
/** Largest input file read, in bytes (256 MiB). */
export const maxInputSize: number = 256 * 2 ** 20

async function readInput(filePath: string, cwd: string, content?: Uint8Array): Promise<VFile> {
  const relative = path.relative(cwd, filePath)
  const shown = relative.startsWith('..') ? path.resolve(filePath) : relative
  let bytes: Uint8Array
  if (content) bytes = content
  else bytes = await readInputFile(filePath, shown)
  const file = new VFile({ path: shown, cwd })
  let decoded: DecodedText
  try {
    decoded = decodeText(bytes)
  } catch (error) {
    if (!(error instanceof NotTextError)) throw error
    file.value = ''
    const message = file.message(error.message, { place: error.place, ruleId: error.ruleId, source: 'colophon' })
    message.fatal = true
    return file
  }
  file.value = decoded.value
  for (const finding of decoded.findings) {
    file.message(finding.reason, { place: finding.samples[0]?.place, ruleId: finding.ruleId, source: 'colophon' })
  }
  return file
}

/** The bytes of an input file, refusing devices, pipes, folders and files beyond the cap. */
async function readInputFile(filePath: string, shown: string): Promise<Uint8Array> {
  try {
    // Never open a device or pipe (it would block or never end), nor read an input beyond the cap.
    const status = await stat(filePath)
    if (status.isDirectory()) throw Object.assign(new Error('folder'), { code: 'EISDIR' })
    if (!status.isFile())
      throw new UserError(`${shown}: not a regular file (a device, pipe or socket); give a text file`)
    if (status.size > maxInputSize) {
      throw new UserError(
        `${shown}: ${status.size} bytes is more than the ${maxInputSize / 2 ** 20} MiB an input may have`,
      )
    }
    return await readFile(filePath)
  } catch (error) {
    if (error instanceof UserError) throw error
    const code = (error as NodeJS.ErrnoException).code
    throw new UserError(cannotRead(shown, code), code === 'ENOENT' || code === 'EISDIR' ? 2 : 1)
  }
}

/** Whether reading the file stopped it: it is not text. */
function refused(file: VFile): boolean {
  return file.messages.some((message) => message.fatal === true)
}
