/**
 * The PDF edition as the registry knows it: its settings (the
 * configuration's `pdf` section, validated here so a wrong paper size is a
 * configuration error) and how it compiles a publication tree.
 */
import { access } from 'node:fs/promises'
import path from 'node:path'
import { type Cover, type Edition, EditionSettingsError, readCover } from '@colophon/article-hast'
import { z } from 'zod'
import { paperSizes } from './paper.js'

const sizeNames = Object.keys(paperSizes)

const fontFile = z.string().min(1)

/** Settings of the PDF edition (the configuration's `pdf` section). */
export const pdfSettingsSchema = z
  .object({
    size: z
      .union([
        z.string().refine((name) => sizeNames.includes(name.toUpperCase()), {
          message: `must be a paper size such as A4, A5, B5, LETTER or LEGAL (known: ${sizeNames.join(', ')}), or [width, height] in points`,
        }),
        z.tuple([z.number().positive(), z.number().positive()]),
      ])
      .default('A4')
      .describe('Paper: a name (A4, A5, LETTER, LEGAL…) or [width, height] in points'),
    margins: z
      .union([
        z.number().nonnegative(),
        z
          .object({
            top: z.number().nonnegative().optional(),
            right: z.number().nonnegative().optional(),
            bottom: z.number().nonnegative().optional(),
            left: z.number().nonnegative().optional(),
          })
          .strict(),
      ])
      .optional()
      .describe('Margins in points: one number, or some sides'),
    fontSize: z
      .number()
      .positive()
      .max(72)
      .optional()
      .describe('Size of the running text in points (default by paper size: 11 on A4 and Letter, 10 on A5)'),
    fonts: z
      .object({
        regular: fontFile.optional(),
        italic: fontFile.optional(),
        bold: fontFile.optional(),
        boldItalic: fontFile.optional(),
        code: fontFile.optional(),
        fallback: z.array(fontFile).default([]),
      })
      .strict()
      .optional()
      .describe('Font files, relative to the config: the text family, the monospace face, fallbacks (a CJK font…)'),
    tagged: z.boolean().default(true).describe('Write a tagged PDF'),
    cover: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Cover: a PNG, JPEG or SVG file relative to the config, full bleed on a first page of its own (books: book.cover)',
      ),
  })
  .strict()

/** A cover image for the PDF: a typographic one (`generate`) is the EPUB's alone. */
function pdfCover(cover: Cover | undefined): { data: Uint8Array; mediaType: string } | undefined {
  return cover === undefined || cover === 'generate' ? undefined : cover
}

/** Settings of the PDF edition, as validated. */
export type PdfSettings = z.output<typeof pdfSettingsSchema>
/** Settings of the PDF edition, as written. */
export type PdfSettingsInput = z.input<typeof pdfSettingsSchema>

/** The PDF edition: `<name>.pdf`, laid out on pdfkit. */
export const pdfEdition: Edition<PdfSettings, PdfSettingsInput> = {
  format: 'pdf',
  extension: 'pdf',
  mediaType: 'application/pdf',
  description: 'a tagged PDF with embedded fonts, laid out on pdfkit',
  settingsSchema: pdfSettingsSchema,
  async prepare(settings, context) {
    const base = context.baseDir ?? process.cwd()
    // A missing or damaged cover is a settings error, found before any document is built.
    await readCover(settings.cover, base, 'pdf.cover')
    const fonts = settings.fonts
    if (!fonts) return settings
    const named = [
      ...(['regular', 'italic', 'bold', 'boldItalic', 'code'] as const).map((key) => [key, fonts[key]] as const),
      ...fonts.fallback.map((file, index) => [`fallback[${index}]`, file] as const),
    ]
    for (const [key, file] of named) {
      if (file === undefined) continue
      try {
        await access(path.resolve(base, file))
      } catch {
        throw new EditionSettingsError(`pdf.fonts.${key}: font file ${path.resolve(base, file)} not found`)
      }
    }
    return settings
  },
  async compile(tree, file, settings, context) {
    const { renderPdf } = await import('./render.js')
    const base = context.baseDir ?? process.cwd()
    const fonts = settings.fonts
    const resolve = (file: string | undefined) => (file === undefined ? undefined : path.resolve(base, file))
    const data = await renderPdf(tree, file, {
      date: context.date,
      size: settings.size,
      margins:
        typeof settings.margins === 'object'
          ? Object.fromEntries(Object.entries(settings.margins).filter(([, value]) => value !== undefined))
          : settings.margins,
      fontSize: settings.fontSize,
      tagged: settings.tagged,
      // The publication's cover (a book's), else pdf.cover, on a page of its own before the first.
      cover: pdfCover(context.cover ?? (await readCover(settings.cover, base, 'pdf.cover'))),
      fonts: fonts
        ? {
            body: fonts.regular
              ? {
                  regular: resolve(fonts.regular) as string,
                  italic: resolve(fonts.italic),
                  bold: resolve(fonts.bold),
                  boldItalic: resolve(fonts.boldItalic),
                }
              : undefined,
            code: resolve(fonts.code),
            fallback: fonts.fallback.map((font) => path.resolve(base, font)),
          }
        : undefined,
    })
    return { data, assets: [] }
  },
}
