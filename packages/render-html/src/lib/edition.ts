/**
 * The HTML edition as the registry knows it: its settings (the
 * configuration's `html` section) and how it compiles a publication tree.
 */
import type { Edition } from '@colophon/article-hast'
import { z } from 'zod'
import { paperSchema } from './paper.js'

/** Settings of the HTML edition (the configuration's `html` section). */
export const htmlSettingsSchema = z
  .object({
    images: z.enum(['inline', 'copy']).default('inline').describe('Inline images, or copy them next to the HTML'),
    contents: z.boolean().default(false).describe('A contents list after the title of a document with chapters'),
    fragment: z.boolean().default(false).describe('Only the <article> element, for embedding'),
    extraCss: z.string().optional().describe('CSS appended after the stylesheet'),
    paper: paperSchema
      .optional()
      .describe('Paper when printed (@page size): A4, A5, letter, legal… or [width, height] in points (default: A4)'),
  })
  .strict()

/** Settings of the HTML edition, as validated. */
export type HtmlSettings = z.output<typeof htmlSettingsSchema>
/** Settings of the HTML edition, as written. */
export type HtmlSettingsInput = z.input<typeof htmlSettingsSchema>

export { htmlPaper } from './paper.js'

/** The HTML edition: `<name>.html`, images inlined or copied to `<name>-assets/`. */
export const htmlEdition: Edition<HtmlSettings, HtmlSettingsInput> = {
  format: 'html',
  extension: 'html',
  mediaType: 'text/html',
  description: 'a standalone, accessible HTML document (rehype-stringify)',
  settingsSchema: htmlSettingsSchema,
  async compile(tree, file, settings, context) {
    const { compileHtml } = await import('./index.js')
    return compileHtml(tree, file, { ...settings, assetsDir: `${context.name ?? 'document'}-assets` })
  },
}
