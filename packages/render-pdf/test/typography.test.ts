/** The measure, and TeX's rules of justification and hyphenation, on the example and on made paragraphs. */
import { layoutArticle } from '@colophon/render-pdf'
import { describe, expect, it } from 'vitest'
import { BlockWalker } from '../src/lib/blocks/index.js'
import { FontStack } from '../src/lib/fonts.js'
import { Hyphenator, patternsFor } from '../src/lib/hyphenation.js'
import { type InlineStyle, type Line, plainRun } from '../src/lib/layout.js'
import { breakLines } from '../src/lib/linebreak.js'
import { defaultFontSize, defaultMargins, resolveSettings } from '../src/lib/options.js'
import { example, examplePdf } from './helpers.js'
import { bodyLines, endsInHyphen, median, pdfLines } from './lines.js'

// The running text's style (its colour has no part in breaking lines).
const style: InlineStyle = BlockWalker.baseStyle()
const fonts = new FontStack()
/** Ordinary prose: short words, as most paragraphs have. */
const prose =
  'In this beautiful golden autumn season, I will pay a visit to a friendly country soon. This is my second visit after five years, and it is also the fourth time I have set foot on this land. It has vast grasslands, great mountains and rivers and kind people. The two peoples have a history of friendly exchanges for many years, and have written fine poems on the old road that runs from east to west. A monk and a diplomat both went there, and their stories have been told among the people of both lands for a long time.'
const paragraph =
  'Over the past thirty years, cooperation between the two countries has made great achievements: international connectivity has reached all directions, multimodal transport crosses the continent, and comprehensive strategic partnership has brought extraordinary development to the neighbouring regions and their communities.'

function lineText(line: Line): string {
  return line.pieces.map((piece) => piece.text).join('')
}

function breakAt(width: number, align: 'justify' | 'left', text = paragraph): Line[] {
  return breakLines([plainRun(text, style)], {
    fonts,
    size: 10,
    leading: 14,
    align,
    shape: () => ({ width, indent: 0 }),
    hyphenator: new Hyphenator(patternsFor('en')),
    hyphenate: true,
    onMissing: () => {},
  })
}

describe('the measure', () => {
  for (const size of ['A4', 'LETTER', 'A5'] as const) {
    it(`sets 60-75 characters a line of running text on ${size}`, async () => {
      const lines = bodyLines(await pdfLines(await examplePdf({ size })))
      expect(lines.length).toBeGreaterThan(100)
      const characters = median(lines.map((line) => line.text.length + (line.softHyphen ? 1 : 0)))
      expect(characters, size).toBeGreaterThanOrEqual(60)
      expect(characters, size).toBeLessThanOrEqual(75)
    })
  }

  it('sizes the text and the margins by the paper, keeping the column centred and the margins proportionate', () => {
    expect(defaultFontSize(595.28)).toBe(11)
    expect(defaultFontSize(612)).toBe(11)
    expect(defaultFontSize(419.53)).toBe(10)
    for (const size of ['A4', 'LETTER', 'A5', 'A6', 'B5', 'LEGAL'] as const) {
      const settings = resolveSettings({ size })
      const { margins, pageWidth, pageHeight, measure, fontSize } = settings
      expect(margins.left, size).toBe(margins.right)
      expect(margins.left, size).toBeGreaterThanOrEqual(pageWidth / 8 - 0.01)
      expect(measure / fontSize, size).toBeLessThanOrEqual(35 + 1e-6)
      expect(margins.bottom, size).toBeGreaterThan(margins.top)
      expect(margins.top / pageHeight, size).toBeCloseTo(0.085, 2)
    }
    // Margins a user gives win, side by side.
    expect(resolveSettings({ size: 'A4', margins: { left: 40 } }).margins.left).toBe(40)
    expect(resolveSettings({ size: 'A4', margins: 36 }).measure).toBeCloseTo(595.28 - 72, 6)
    expect(defaultMargins(595.28, 841.89, 11).left).toBeCloseTo((595.28 - 385) / 2, 1)
  })
})

describe('justification and hyphenation', () => {
  it('hyphenates a compound only at its own hyphen', () => {
    const hyphenator = new Hyphenator(patternsFor('en'))
    expect(hyphenator.breakPoints('China-Kazakhstan')).toEqual([{ offset: 6, hyphen: false }])
    expect(hyphenator.breakPoints('state-of-the-art')).toEqual([
      { offset: 6, hyphen: false },
      { offset: 9, hyphen: false },
      { offset: 13, hyphen: false },
    ])
    expect(hyphenator.breakPoints('Kazakhstan').length).toBeGreaterThan(0)
  })

  it('never sets more than two hyphenated lines in a row, nor hyphenates the last word, at any width', () => {
    let hyphenated = 0
    for (const align of ['justify', 'left'] as const) {
      for (let width = 90; width <= 320; width += 7) {
        const lines = breakAt(width, align)
        let run = 0
        for (const line of lines) {
          run = line.brokenWord ? run + 1 : 0
          if (line.pieces.at(-1)?.hyphen) hyphenated++
          expect(run, `${align} ${width}: ${lineText(line)}`).toBeLessThanOrEqual(2)
        }
        // The last line holds the whole last word: no runt like "ties." under "communi-".
        expect(lineText(lines.at(-1) as Line), `${align} ${width}`).toMatch(/(^| )communities\.$/)
        const penultimate = lines.at(-2)
        if (penultimate && lineText(penultimate).endsWith('\u00AD')) {
          expect(lineText(lines.at(-1) as Line), `${align} ${width}`).toContain(' ')
        }
      }
    }
    // The rules are tested where hyphenation happens.
    expect(hyphenated).toBeGreaterThan(10)
  })

  it('keeps the spacing of neighbouring justified lines within one fitness class, where the paragraph allows', () => {
    const classOf = (line: Line) => {
      const spaces = line.pieces.filter((piece) => piece.glue)
      let set = 0
      let natural = 0
      for (const space of spaces) {
        set += space.width
        natural += space.face.width(' ', space.size)
      }
      const ratio = set >= natural ? (set - natural) / (natural * 0.5) : (set - natural) / (natural * 0.3)
      return ratio < -0.5 ? 0 : ratio <= 0.5 ? 1 : ratio <= 1 ? 2 : 3
    }
    let pairs = 0
    let apart = 0
    // Widths of 28 to 40 ems: the measures of running text.
    for (let width = 280; width <= 400; width += 3) {
      const lines = breakAt(width, 'justify', prose).slice(0, -1)
      for (let index = 1; index < lines.length; index++) {
        pairs++
        if (Math.abs(classOf(lines[index] as Line) - classOf(lines[index - 1] as Line)) > 1) apart++
      }
    }
    expect(pairs).toBeGreaterThan(200)
    // TeX's \adjdemerits (10000) left 11% of neighbours more than a class apart here.
    expect(apart / pairs).toBeLessThan(0.05)
  })

  it('keeps neighbouring lines of the example within one fitness class, but for one pair in a hundred', async () => {
    const { hast, file } = await example()
    const layout = await layoutArticle(hast, file)
    const classOf = (ratio: number) => (ratio < -0.5 ? 0 : ratio <= 0.5 ? 1 : ratio <= 1 ? 2 : 3)
    let pairs = 0
    let apart = 0
    for (const block of layout.blocks) {
      // The running text's paragraphs; the last line of each is set at its natural width.
      if (block.tag !== 'p' || block.className !== undefined) continue
      const ratios = block.ratios.slice(0, -1)
      for (let index = 1; index < ratios.length; index++) {
        pairs++
        if (Math.abs(classOf(ratios[index] as number) - classOf(ratios[index - 1] as number)) > 1) apart++
      }
    }
    expect(pairs).toBeGreaterThan(100)
    // Before the emergency stretch, and a later pass for a paragraph an earlier one sets with
    // contrasts: 18 of 127 pairs.
    expect(apart / pairs).toBeLessThan(0.02)
  })

  it('hyphenates the example sparingly: at most two hyphens in a row, never inside a compound, never a last word', async () => {
    const lines = bodyLines(await pdfLines(await examplePdf()))
    let run = 0
    for (const [index, line] of lines.entries()) {
      run = endsInHyphen(line) ? run + 1 : 0
      expect(run, line.text).toBeLessThanOrEqual(2)
      if (line.softHyphen) {
        // The word broken by the added hyphen has no hyphen of its own.
        const head = line.text.split(' ').at(-1) as string
        const tail = (lines[index + 1]?.text ?? '').split(' ')[0] as string
        expect(`${head}${tail}`, line.text).not.toMatch(/\p{L}-\p{L}/u)
      }
    }
    // Before: 25 of 113 lines of pages 1-3 ended in a hyphen, three in a row on page 2.
    const first = lines.filter((line) => line.page <= 3)
    expect(first.length).toBeGreaterThan(100)
    expect(first.filter(endsInHyphen).length).toBeLessThanOrEqual(16)
    // No paragraph (nor note) ends on the tail of a hyphenated word.
    const { hast, file } = await example()
    const layout = await layoutArticle(hast, file)
    for (const block of layout.blocks) {
      const texts = block.text.split('\n')
      if (texts.length < 2) continue
      const penultimate = texts.at(-2) as string
      expect(penultimate.endsWith('\u00AD') && !(texts.at(-1) as string).includes(' '), block.text).toBe(false)
    }
  })

  it('sets the editorial notes ragged right, the running text justified', async () => {
    const lines = await pdfLines(await examplePdf())
    const body = bodyLines(lines)
    const column = Math.max(...body.map((line) => line.right))
    // Justified: most lines of the running text end at the column's edge.
    const flush = (line: { right: number }) => Math.abs(line.right - column) < 0.5
    expect(body.filter(flush).length / body.length).toBeGreaterThan(0.6)
    const heading = lines.findIndex((line) => line.text === 'Editorial notes')
    expect(heading).toBeGreaterThan(0)
    const notes = lines.slice(heading + 1)
    expect(notes.length).toBeGreaterThan(10)
    // Ragged: almost none does (only by chance).
    expect(notes.filter(flush).length / notes.length).toBeLessThan(0.15)
  })
})
