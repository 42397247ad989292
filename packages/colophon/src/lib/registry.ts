/**
 * The editions Colophon builds: one line per edition. The configuration's
 * sections, `--formats`, the build and the help text are made from this
 * list, so a new edition is its package plus one line here.
 */
import type { Edition } from '@colophon/article-hast'
import { epubEdition } from '@colophon/render-epub/edition'
import { htmlEdition } from '@colophon/render-html/edition'
import { pdfEdition } from '@colophon/render-pdf/edition'

/** The editions, by format, in the order they are built. */
export const editions = {
  html: htmlEdition,
  pdf: pdfEdition,
  epub: epubEdition,
} as const

/** An edition's name. */
export type Format = keyof typeof editions

/** Every format, in build order. */
export const formats = Object.keys(editions) as Format[]

/** The edition of a format. */
export function editionOf(format: Format): Edition<object, unknown> {
  return editions[format] as unknown as Edition<object, unknown>
}
