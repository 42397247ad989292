/**
 * What an edition is, for the registry that the CLI and the configuration
 * are built from, and the unified plugin every edition is used through:
 * `unified().use(remarkParse).use(remarkRehype).use(editionPlugin(htmlEdition))`.
 */
import type { Stats } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import type { Root } from 'hast'
import type { Plugin, Processor } from 'unified'
import type { VFile } from 'vfile'
import type { z } from 'zod'
import { defaultMaxAssetSize, maxPixels, sniffImage } from './assets.js'
import { CorruptImage, checkImage, sanitizeSvg } from './image-checks.js'
import { toPublication } from './publication.js'

/** A file an edition refers to, to be written next to it. */
export interface EditionAsset {
  /** Path relative to the edition's file. */
  path: string
  data: Uint8Array
}

/** What an edition compiles to. */
export interface EditionOutput {
  /** The edition's bytes (text for HTML). */
  data: Uint8Array | string
  /** Files it refers to (copied images), to be written next to it. */
  assets: EditionAsset[]
}

/** A cover image, or `generate` for a typographic one. */
export type Cover = { data: Uint8Array; mediaType: string } | 'generate'

/**
 * Read a cover named in a configuration: `generate`, or an image file
 * (PNG, JPEG, GIF, WebP or SVG, told by its bytes) relative to `baseDir`.
 *
 * @param value
 *   What the configuration says.
 * @param baseDir
 *   Folder the path is relative to.
 * @param key
 *   The setting, for the message (`epub.cover`).
 * @throws {EditionSettingsError}
 *   When the file is missing or not an image.
 */
export async function readCover(value: string | undefined, baseDir: string, key: string): Promise<Cover | undefined> {
  if (value === undefined || value === 'generate') return value
  const file = path.resolve(baseDir, value)
  let status: Stats
  try {
    status = await stat(file)
  } catch {
    throw new EditionSettingsError(`${key}: cover image ${file} not found`)
  }
  if (!status.isFile()) throw new EditionSettingsError(`${key}: ${file} is not a file`)
  if (status.size > defaultMaxAssetSize) {
    throw new EditionSettingsError(`${key}: ${file} is larger than ${defaultMaxAssetSize / 2 ** 20} MiB`)
  }
  let data: Uint8Array = new Uint8Array(await readFile(file))
  const kind = sniffImage(data)
  if (!kind) throw new EditionSettingsError(`${key}: ${file} is not a PNG, JPEG, GIF, WebP or SVG image`)
  try {
    // Checked like every image of a document: an SVG cover loses what could run code, a damaged one is refused.
    if (kind.mediaType === 'image/svg+xml') data = sanitizeSvg(data).data
    else {
      const size = checkImage(data, kind.mediaType)
      if (size && size.width * size.height > maxPixels) {
        throw new CorruptImage(`${size.width} × ${size.height} pixels, more than ${maxPixels / 1e6} million`)
      }
    }
  } catch (error) {
    if (error instanceof CorruptImage)
      throw new EditionSettingsError(`${key}: ${file} cannot be used: ${error.message}`)
    throw error
  }
  return { data, mediaType: kind.mediaType }
}

/** What the build knows that no edition setting says. */
export interface EditionContext {
  /** The build date (default: `SOURCE_DATE_EPOCH`, else the publication's date, else the current time: pin one for reproducible output). */
  date?: Date | undefined
  /** File name of the edition without extension, for the files it refers to (default: `document`). */
  name?: string | undefined
  /** Folder that relative paths in the settings resolve against (default: the working directory). */
  baseDir?: string | undefined
  /** The publication's cover (default: the edition's setting, else none). */
  cover?: Cover | undefined
}

/**
 * An edition: its format, file extension, the schema of its settings (the
 * configuration's section of the same name) and how it compiles a
 * publication tree. A book is a publication tree too (see `toBookHast`), so
 * one `compile` serves documents and books.
 */
export interface Edition<Settings extends object = Record<string, unknown>, Input = Settings> {
  /** Name in `--formats` and in the configuration (`html`). */
  format: string
  /** File extension without the dot (`html`). */
  extension: string
  /** Media type of the file (`text/html`). */
  mediaType: string
  /** One line for `--help`. */
  description: string
  /** Schema of the settings (the configuration's section named `format`), with their defaults. */
  settingsSchema: z.ZodType<Settings, Input>
  /**
   * Check the settings against the machine and read the files they name
   * (fonts, a cover), once per build, before any document is compiled
   * (optional). Throw `EditionSettingsError` for a user's mistake.
   */
  prepare?(settings: Settings, context: EditionContext): Promise<Settings>
  /**
   * Compile a publication tree (or any hast tree: it is completed first, see
   * `toPublication`).
   *
   * @param tree
   *   The tree; it is not changed.
   * @param file
   *   Its file: metadata; messages about the edition are added to it.
   * @param settings
   *   Settings, validated with `settingsSchema`.
   * @param context
   *   Build date, output name, base folder, cover.
   */
  compile(tree: Root, file: VFile, settings: Settings, context: EditionContext): Promise<EditionOutput>
}

declare module 'vfile' {
  interface DataMap {
    /** The edition the last edition plugin compiled, with the files it refers to. */
    edition: EditionOutput & { format: string }
  }
}

/** Options of an edition's unified plugin: its settings, and the build context. */
export type EditionPluginOptions<Input> = Partial<Input> & { context?: EditionContext | undefined }

/** A setting of an edition that cannot be used (a font file that is missing, say): the user's mistake. */
export class EditionSettingsError extends Error {
  override name = 'EditionSettingsError'
}

/**
 * Validate settings for an edition, with a message naming the setting.
 *
 * @throws {EditionSettingsError}
 *   When a setting is not valid.
 */
export function editionSettings<Settings extends object, Input>(
  edition: Edition<Settings, Input>,
  value: unknown,
): Settings {
  const result = edition.settingsSchema.safeParse(value ?? {})
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const where = [edition.format, ...(issue?.path ?? []).map(String)].join('.')
  throw new EditionSettingsError(`Edition setting \`${where}\`: ${issue?.message ?? 'not valid'}`)
}

/**
 * The unified plugin of an edition: it compiles the tree (any hast tree:
 * completed into a publication first) and `await processor.process(file)`
 * gives the edition as `file.value` (text or bytes), with the files it refers
 * to in `file.data.edition.assets`.
 *
 * @param edition
 *   The edition.
 * @returns
 *   A plugin whose options are the edition's settings (plus `context`).
 */
export function editionPlugin<Settings extends object, Input>(
  edition: Edition<Settings, Input>,
): Plugin<[(EditionPluginOptions<Input> | null | undefined)?], Root, Uint8Array | string> {
  return function (this: Processor, options: EditionPluginOptions<Input> | null | undefined) {
    const { context, ...rest } = options ?? {}
    const settings = editionSettings(edition, rest)
    this.compiler = (_tree, file) => {
      const output = file.data.edition
      if (!output) throw new Error(`${edition.format}: nothing was compiled`)
      return output.data
    }
    let prepared: Promise<Settings> | undefined
    return async (tree: Root, file: VFile) => {
      prepared ??= edition.prepare ? edition.prepare(settings, context ?? {}) : Promise.resolve(settings)
      const output = await edition.compile(toPublication(tree, file), file, await prepared, context ?? {})
      file.data.edition = { format: edition.format, ...output }
    }
  } as unknown as Plugin<[(EditionPluginOptions<Input> | null | undefined)?], Root, Uint8Array | string>
}
