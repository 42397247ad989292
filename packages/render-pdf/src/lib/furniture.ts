/**
 * Page furniture: the running header (the short title, from page 2 of an
 * article) and the page number (every page), set in the margins and drawn
 * as pagination artifacts.
 */
import type { FontStack } from './fonts.js'
import type { Hyphenator } from './hyphenation.js'
import { gray, type InlineStyle, type Line, plainRun } from './layout.js'
import { breakLines, constantShape } from './linebreak.js'
import type { Settings } from './options.js'

/** Lines of furniture and where they go. */
export class Furniture {
  readonly #fonts: FontStack
  readonly #settings: Settings
  readonly #hyphenator: Hyphenator
  readonly #size: number

  constructor(fonts: FontStack, settings: Settings, hyphenator: Hyphenator) {
    this.#fonts = fonts
    this.#settings = settings
    this.#hyphenator = hyphenator
    this.#size = settings.fontSize * 0.82
  }

  /** The title shortened at a word, with an ellipsis, to fit two thirds of the measure. */
  shortTitle(title: string): string {
    const face = this.#fonts.body.italic
    const room = this.#settings.measure * 0.66
    const clean = title.replace(/\s+/g, ' ').trim()
    if (face.width(clean, this.#size) <= room) return clean
    const words = clean.split(' ')
    while (words.length > 1 && face.width(`${words.join(' ')}…`, this.#size) > room) words.pop()
    return `${words.join(' ').replace(/[\s,;:.–—-]+$/u, '')}…`
  }

  #line(text: string, italic: boolean): Line {
    const style: InlineStyle = {
      bold: false,
      italic,
      mono: false,
      script: undefined,
      strike: false,
      underline: false,
      color: gray,
      scale: 1,
      hyphenate: false,
    }
    const run = plainRun(text, style)
    const [line] = breakLines([run], {
      fonts: this.#fonts,
      size: this.#size,
      leading: this.#size * 1.3,
      align: 'center',
      shape: constantShape(this.#settings.measure),
      hyphenator: this.#hyphenator,
      hyphenate: false,
      onMissing: () => {},
    })
    return line ?? { pieces: [], height: this.#size * 1.3, baseline: this.#size, width: 0, brokenWord: false, ratio: 0 }
  }

  /** The running header line and the top of its box. */
  header(title: string): { line: Line; x: number; y: number } {
    const line = this.#line(title, true)
    const { margins } = this.#settings
    const baseline = margins.top >= 48 ? margins.top - 30 : margins.top * 0.5
    return { line, x: margins.left, y: baseline - line.baseline }
  }

  /** The page number line and the top of its box. */
  pageNumber(page: number): { line: Line; x: number; y: number } {
    const line = this.#line(String(page), false)
    const { margins, pageHeight } = this.#settings
    const baseline = margins.bottom >= 48 ? pageHeight - margins.bottom + 36 : pageHeight - margins.bottom * 0.4
    return { line, x: margins.left, y: baseline - line.baseline }
  }
}
