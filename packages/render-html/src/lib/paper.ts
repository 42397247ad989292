/**
 * Paper of the printed HTML edition: the page sizes CSS names in `@page {
 * size }`, or a width and height in points.
 */
import { z } from 'zod'

/** Page sizes CSS names (`@page { size: A4 }`), as CSS spells them. */
export const cssPaperSizes = ['A3', 'A4', 'A5', 'B4', 'B5', 'JIS-B4', 'JIS-B5', 'letter', 'legal', 'ledger'] as const

/** A page size CSS names, or `[width, height]` in points. */
export type Paper = string | readonly [number, number]

/** The CSS spelling of a paper name (any case), or `undefined` when CSS has no such size. */
function cssName(name: string): string | undefined {
  return cssPaperSizes.find((size) => size.toLowerCase() === name.toLowerCase())
}

/** The `paper` setting: a size CSS names (any case: `a4`, `LETTER`) or `[width, height]` in points. */
export const paperSchema = z.union([
  z.string().refine((name) => cssName(name) !== undefined, {
    message: `must be a paper size CSS names (${cssPaperSizes.join(', ')}, any case) or [width, height] in points`,
  }),
  z.tuple([z.number().positive(), z.number().positive()]),
])

/**
 * The value of `@page { size }` for a paper.
 *
 * @param paper
 *   A size CSS names (any case) or `[width, height]` in points (default: A4).
 * @returns
 *   `A4`, `letter`, `420pt 595pt`…
 * @throws
 *   On a name CSS does not know.
 */
export function pageSize(paper: Paper | undefined): string {
  if (paper === undefined) return 'A4'
  if (typeof paper === 'string') {
    const name = cssName(paper)
    if (!name) throw new Error(`Unknown paper size \`${paper}\`; use one of ${cssPaperSizes.join(', ')}`)
    return name
  }
  const [width, height] = paper
  return `${width}pt ${height}pt`
}

/**
 * The HTML edition's paper for another edition's paper size (the PDF
 * edition's `size`), when CSS can name it: else `undefined` (A4).
 *
 * @param size
 *   A paper name or `[width, height]` in points.
 * @returns
 *   The same paper, or `undefined`.
 */
export function htmlPaper(size: unknown): Paper | undefined {
  const result = paperSchema.safeParse(size)
  return result.success ? result.data : undefined
}

/**
 * A stylesheet printing on a paper: the `size` of its first `@page` rule is
 * replaced, or an `@page` rule is added at its end when it has none.
 *
 * @param css
 *   The stylesheet.
 * @param paper
 *   The paper.
 * @returns
 *   The stylesheet.
 */
export function withPaper(css: string, paper: Paper): string {
  const size = pageSize(paper)
  let replaced = false
  const result = css.replace(/(@page\s*\{[^}]*?\bsize:\s*)[^;}]+/, (_match, start: string) => {
    replaced = true
    return `${start}${size}`
  })
  return replaced ? result : `${css}\n@page {\n  size: ${size};\n}\n`
}
