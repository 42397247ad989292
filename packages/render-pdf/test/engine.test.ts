/** Units of the layout engine: hyphenation, line breaking, paper sizes. */
import { describe, expect, it } from 'vitest'
import { BlockWalker } from '../src/lib/blocks/index.js'
import { FontStack } from '../src/lib/fonts.js'
import { Hyphenator, patternsFor, protectedWords } from '../src/lib/hyphenation.js'
import { type InlineStyle, plainRun, type TextRun } from '../src/lib/layout.js'
import { breakLines } from '../src/lib/linebreak.js'
import { pageDimensions } from '../src/lib/paper.js'

// The running text's style (its colour has no part in breaking lines).
const style: InlineStyle = BlockWalker.baseStyle()

function run(text: string): TextRun {
  return plainRun(text, style)
}

const fonts = new FontStack()
const text =
  'Over the past thirty years, cooperation between the two countries has made great achievements, and international connectivity has reached all directions across the continent.'

describe('hyphenation', () => {
  it('finds patterns by language tag, and none for a language without them', () => {
    expect(patternsFor('en')).toBeDefined()
    expect(patternsFor('en-GB')).toBeDefined()
    expect(patternsFor('de-CH-1901')).toBeDefined()
    expect(patternsFor('kk')).toBeUndefined()
    expect(patternsFor('../../etc/passwd')).toBeUndefined()
    expect(patternsFor('patterns')).toBeUndefined()
  })

  it('breaks words at pattern points, at least two letters in and three from the end', () => {
    const hyphenator = new Hyphenator(patternsFor('en'))
    const points = hyphenator.breakPoints('international,')
    expect(points.map((point) => point.offset)).toEqual([2, 5, 7])
    expect(points.every((point) => point.hyphen)).toBe(true)
    expect(hyphenator.breakPoints('connectivity').map((point) => point.offset)).not.toContain(10)
  })

  it('breaks after a hyphen of the text, never inside protected names, addresses or acronyms', () => {
    const names = protectedWords([
      'Kassym-Jomart Tokayev',
      'Kazakhstanskaya Pravda',
      'the Global Development Initiative',
    ])
    expect([...names]).toEqual([
      'Kassym',
      'Jomart',
      'Tokayev',
      'Kazakhstanskaya',
      'Pravda',
      'Global',
      'Development',
      'Initiative',
    ])
    const hyphenator = new Hyphenator(patternsFor('en'), { protectedWords: names })
    expect(hyphenator.breakPoints('Kazakhstanskaya')).toEqual([])
    expect(hyphenator.breakPoints('Kassym-Jomart')).toEqual([])
    expect(hyphenator.breakPoints('good-neighborliness')).toContainEqual({ offset: 5, hyphen: false })
    expect(hyphenator.breakPoints('https://example.org/international')).toEqual([])
    expect(hyphenator.breakPoints('UNESCO')).toEqual([])
    expect(hyphenator.breakPoints('development')).not.toEqual([])
    expect(new Hyphenator(undefined).breakPoints('development')).toEqual([])
  })
})

describe('line breaking', () => {
  const settings = (align: 'justify' | 'left', width: number, hyphenate = true) => ({
    fonts,
    size: 10,
    leading: 14,
    align,
    shape: (index: number) => (index === 0 ? { width, indent: 0 } : { width: width - 12, indent: 12 }),
    hyphenator: new Hyphenator(patternsFor('en')),
    hyphenate,
    onMissing: () => {},
  })

  it('fills every line but the last to the measure, and hangs lines after the first', () => {
    const lines = breakLines([run(text)], settings('justify', 200))
    expect(lines.length).toBeGreaterThan(3)
    lines.forEach((line, index) => {
      const last = line.pieces.at(-1)
      const right = (last?.x ?? 0) + (last?.width ?? 0)
      const shape = index === 0 ? { width: 200, indent: 0 } : { width: 188, indent: 12 }
      expect(line.pieces[0]?.x).toBeCloseTo(shape.indent, 6)
      if (index < lines.length - 1) expect(right).toBeCloseTo(shape.indent + shape.width, 6)
      else expect(right).toBeLessThan(shape.indent + shape.width)
    })
    // Lines join with a space, or with nothing after a hyphen added at the break.
    const joined = lines.map((line) => line.pieces.map((piece) => piece.text).join('')).join(' ')
    expect(joined.replace(/\u00AD /g, '')).toBe(text)
  })

  it('hyphenates when that makes better lines, and marks lines that end inside a word', () => {
    const lines = breakLines([run(text)], settings('justify', 150))
    const hyphenated = lines.filter((line) => line.pieces.at(-1)?.hyphen)
    expect(hyphenated.length).toBeGreaterThan(0)
    for (const line of hyphenated) expect(line.brokenWord).toBe(true)
    const plain = breakLines([run(text)], settings('justify', 150, false))
    expect(plain.some((line) => line.pieces.at(-1)?.hyphen)).toBe(false)
  })

  it('sets ragged lines at their natural width, and breaks a word longer than the line', () => {
    const lines = breakLines(
      [run('A https://example.org/a/very/long/address/that/cannot/fit/on/one/line here')],
      settings('left', 90),
    )
    expect(lines.length).toBeGreaterThan(2)
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(90 + 1e-6)
    const texts = lines.map((line) => line.pieces.map((piece) => piece.text).join(''))
    expect(texts[0]).toBe('A')
    expect(texts.at(-1)?.endsWith(' here') || texts.at(-1) === 'here').toBe(true)
    expect(texts.join('').replace(/here$/, '').replace(/ $/, '')).toBe(
      'Ahttps://example.org/a/very/long/address/that/cannot/fit/on/one/line',
    )
  })

  it('breaks where the text says', () => {
    const lines = breakLines([run('one'), { type: 'break' }, run('two')], settings('justify', 300))
    expect(lines.map((line) => line.pieces.map((piece) => piece.text).join(''))).toEqual(['one', 'two'])
  })
})

describe('paper', () => {
  it('knows pdfkit’s sizes by name, and takes points', () => {
    expect(pageDimensions('a4')).toEqual([595.28, 841.89])
    expect(pageDimensions('LETTER')).toEqual([612, 792])
    expect(pageDimensions([300, 400])).toEqual([300, 400])
    expect(() => pageDimensions([0, 400])).toThrow(/positive numbers/)
  })
})

describe('characters that break words', () => {
  it('takes a soft hyphen of the text as a hyphenation point, and draws none in the middle of a line', () => {
    const lines = breakLines([run('Super\u00ADcali\u00ADfragilistic word')], {
      fonts,
      size: 10,
      leading: 14,
      align: 'left',
      shape: () => ({ width: 60, indent: 0 }),
      hyphenator: new Hyphenator(undefined),
      hyphenate: false,
      onMissing: () => {},
    })
    const texts = lines.map((line) => line.pieces.map((piece) => piece.text).join(''))
    expect(texts.join('|')).not.toMatch(/\u00AD[^|]/)
    expect(texts.join('').replace(/\u00AD/g, '')).toBe('Supercalifragilisticword')
    expect(texts[0]?.endsWith('\u00AD')).toBe(true)
  })
})

describe('symbols from another face', () => {
  it('sets an arrow of the monospace face on the text’s dash axis, as long as an en dash', () => {
    const [line] = breakLines([run('wrong → right – done')], {
      fonts,
      size: 10,
      leading: 14,
      align: 'left',
      shape: () => ({ width: 400, indent: 0 }),
      hyphenator: new Hyphenator(undefined),
      hyphenate: false,
      onMissing: () => {},
    })
    const arrow = line?.pieces.find((piece) => piece.text === '→')
    const dash = line?.pieces.find((piece) => piece.text === '–')
    if (!arrow || !dash) throw new Error('no arrow or dash')
    expect(arrow.face).toBe(fonts.code)
    expect(dash.face).toBe(fonts.body.regular)
    // Its middle at the middle of the dash (before: 1 pt below it, in a glyph 0.47 em long).
    const middle = (piece: typeof arrow) => piece.rise + piece.face.middle(piece.text) * piece.size
    expect(Math.abs(middle(arrow) - middle(dash))).toBeLessThan(0.05)
    expect(arrow.width).toBeGreaterThanOrEqual(dash.width * 1.5)
  })
})
