import type { Labels } from '@colophon/article-hast'
import type { FontOptions } from './font-sources.js'
import { pageDimensions } from './paper.js'

/** Page margins in points. */
export interface Margins {
  top: number
  right: number
  bottom: number
  left: number
}

/** Configuration for `renderPdf`, `renderPdfBook` and `layoutArticle`. */
export interface Options {
  /** Paper size: a pdfkit size name such as `A4` or `LETTER`, or `[width, height]` in points (default: `A4`). */
  size?: string | [number, number] | undefined
  /**
   * Margins in points: one number for all four sides, or some sides
   * (default: by paper size, see `defaultMargins`: the text column holds
   * about 66 characters a line, and the margins keep the page's proportions).
   */
  margins?: number | Partial<Margins> | undefined
  /** The build date, written as CreationDate and ModDate (default: `SOURCE_DATE_EPOCH`, else the article's date, else the current time). */
  date?: Date | undefined
  /** Write a tagged PDF (structure tree, artifacts, PDF/UA-1 identification) (default: `true`). */
  tagged?: boolean | undefined
  /**
   * Size of the running text in points; every other size is relative to it
   * (default: by paper size, see `defaultFontSize`: 11 on A4 and Letter, 10
   * on A5).
   */
  fontSize?: number | undefined
  /** Line height of the running text, as a multiple of `fontSize` (default: `1.45`). */
  lineHeight?: number | undefined
  /** Hyphenate the running text by the document language, when patterns exist for it (default: `true`). */
  hyphenate?: boolean | undefined
  /**
   * Justify the running text (`true`), or set it ragged right (`false`)
   * (default: justified when the text is hyphenated, that is when `hyphenate`
   * is on and the language has patterns; ragged right otherwise, since
   * justified text without hyphens opens wide gaps).
   */
  justify?: boolean | undefined
  /** Fonts: replace the serif or the monospace family, or add fallback fonts (default: Noto Serif, Noto Sans Mono). */
  fonts?: FontOptions | undefined
  /** Fetch `http:` and `https:` images (default: `false`: they are refused with a message). */
  allowRemote?: boolean | undefined
  /** Timeout of an image fetch in milliseconds, with `allowRemote` (default: `20000`). */
  fetchTimeout?: number | undefined
  /** Set the running header (the short title) from page 2 (default: `true`). */
  runningHeader?: boolean | undefined
  /**
   * Title in the running header (default: each article's title as its title
   * block shows it, shortened at a word to fit).
   */
  shortTitle?: string | undefined
  /**
   * Wording that replaces the built-in labels of `@colophon/article-hast`
   * (`labelsFor`): used where the publication tree is built here (a tree that
   * is not one yet, `renderPdfBook`'s contents) and for footnote back-links
   * (default: none; the labels of each article's language).
   */
  labels?: Partial<Labels> | undefined
  /**
   * A cover image (PNG, JPEG or SVG bytes; SVG drawn as vector graphics,
   * its text in the document's faces), set full bleed on a page of its own
   * before the first, with no page number; the pages after it keep their
   * numbers (default: none; an image in another format is left out with an
   * `image-unsupported` message).
   */
  cover?: { data: Uint8Array; mediaType?: string | undefined } | undefined
}

/** Options resolved once, with every default filled in. */
export interface Settings {
  pageWidth: number
  pageHeight: number
  margins: Margins
  /** Width of the text block. */
  measure: number
  tagged: boolean
  fontSize: number
  lineHeight: number
  hyphenate: boolean
  /** `auto`: justify when the text is hyphenated. */
  justify: boolean | 'auto'
  allowRemote: boolean
  fetchTimeout: number
  runningHeader: boolean
  shortTitle: string | undefined
  /** The labels the options give, over each article's language's. */
  labelOverrides: Partial<Labels>
  /** The cover image's bytes. */
  cover: Uint8Array | undefined
}

/** Width of the default text column, in ems of the running text: about 70 characters of a serif face. */
const measureEms = 35

/**
 * The default size of the running text on a page of a width: 11 pt on A4,
 * Letter and wider pages, 10.5 pt on B5 and Executive, 10 pt on A5 and
 * smaller pages.
 */
export function defaultFontSize(pageWidth: number): number {
  if (pageWidth >= 560) return 11
  if (pageWidth >= 480) return 10.5
  return 10
}

/**
 * The default margins of a page for a size of running text: the text column
 * is 35 ems wide (about 70 characters a line: books are set to 60-75),
 * centred, with side margins of at least an eighth of the page's width (so
 * on small pages the column narrows); the top margin is 8.5% of the page's
 * height and the bottom one 9.5%, a little more, as in a book.
 */
export function defaultMargins(pageWidth: number, pageHeight: number, fontSize: number): Margins {
  const side = Math.max(pageWidth / 8, (pageWidth - fontSize * measureEms) / 2)
  const round = (value: number) => Math.round(value * 100) / 100
  return {
    top: round(pageHeight * 0.085),
    right: round(side),
    bottom: round(pageHeight * 0.095),
    left: round(side),
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  if (!(Number.isFinite(value) && value > 0)) throw new Error(`\`${name}\` must be a positive number, not ${value}`)
  return value
}

/**
 * Resolve options into settings.
 *
 * @throws
 *   On an unknown paper size, or margins that leave no room for text.
 */
export function resolveSettings(options: Options): Settings {
  const [pageWidth, pageHeight] = pageDimensions(options.size ?? 'A4')
  const fontSize = positive(options.fontSize, defaultFontSize(pageWidth), 'fontSize')
  const given = options.margins
  const margins: Margins =
    typeof given === 'number'
      ? { top: given, right: given, bottom: given, left: given }
      : { ...defaultMargins(pageWidth, pageHeight, fontSize), ...given }
  for (const side of ['top', 'right', 'bottom', 'left'] as const) {
    if (!(Number.isFinite(margins[side]) && margins[side] >= 0)) {
      throw new Error(`Margin \`${side}\` must be a number of points, not ${margins[side]}`)
    }
  }
  const measure = pageWidth - margins.left - margins.right
  const lineHeight = positive(options.lineHeight, 1.45, 'lineHeight')
  if (measure < fontSize * 10 || pageHeight - margins.top - margins.bottom < fontSize * lineHeight * 6) {
    throw new Error('The margins leave too little room for text on the page')
  }
  return {
    pageWidth,
    pageHeight,
    margins,
    measure,
    tagged: options.tagged ?? true,
    fontSize,
    lineHeight,
    hyphenate: options.hyphenate ?? true,
    justify: options.justify ?? 'auto',
    allowRemote: options.allowRemote ?? false,
    fetchTimeout: positive(options.fetchTimeout, 20_000, 'fetchTimeout'),
    runningHeader: options.runningHeader ?? true,
    shortTitle: options.shortTitle,
    labelOverrides: { ...options.labels },
    cover: options.cover?.data,
  }
}
