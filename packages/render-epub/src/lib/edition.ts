/**
 * The EPUB edition as the registry knows it: its settings (the
 * configuration's `epub` section) and how it compiles a publication tree.
 */
import { type Cover, type Edition, readCover } from '@colophon/article-hast'
import { z } from 'zod'

/** Settings of the EPUB edition (the configuration's `epub` section). */
export const epubSettingsSchema = z
  .object({
    embedFonts: z.boolean().default(false).describe('Embed Noto Serif, subset to the characters used'),
    split: z
      .number()
      .int()
      .min(1)
      .max(6)
      .optional()
      .describe('Start a new file at each heading of this level (default: each chapter of a document with chapters)'),
    titlePage: z.boolean().default(true).describe('Add a title page'),
    cover: z
      .string()
      .min(1)
      .optional()
      .describe('Cover of each publication: an image file relative to the config, or "generate" (books: book.cover)'),
  })
  .strict()

/** Settings of the EPUB edition, as validated. */
export type EpubSettings = z.output<typeof epubSettingsSchema>
/** Settings of the EPUB edition, as written. */
export type EpubSettingsInput = z.input<typeof epubSettingsSchema>

/** The settings, with the cover read. */
type Prepared = EpubSettings & { coverImage?: Cover | undefined }

/** The EPUB edition: `<name>.epub`, EPUB 3 assembled by epub-gen-memory. */
export const epubEdition: Edition<Prepared, EpubSettingsInput> = {
  format: 'epub',
  extension: 'epub',
  mediaType: 'application/epub+zip',
  description: 'an EPUB 3 with navigation, chapters and accessibility metadata (epub-gen-memory)',
  settingsSchema: epubSettingsSchema,
  async prepare(settings, context) {
    return { ...settings, coverImage: await readCover(settings.cover, context.baseDir ?? process.cwd(), 'epub.cover') }
  },
  async compile(tree, file, settings, context) {
    const { renderEpub } = await import('./index.js')
    const { cover: _, coverImage, ...rest } = settings
    const cover =
      context.cover ?? coverImage ?? (await readCover(settings.cover, context.baseDir ?? process.cwd(), 'epub.cover'))
    const data = await renderEpub(tree, file, { ...rest, cover, date: context.date })
    return { data, assets: [] }
  },
}
