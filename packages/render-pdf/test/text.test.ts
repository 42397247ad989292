import { readFileSync } from 'node:fs'
import { layoutArticle, renderPdf } from '@colophon/render-pdf'
import { describe, expect, it } from 'vitest'
import { readPdf } from '../../../scripts/inspect.js'
import { processForTest } from '../../../scripts/test-pipeline.js'
import { date, example, firstMissingWord, fixture, kazakh, treeText, words } from './helpers.js'

/** A long Markdown article: headings and paragraphs of many lengths, to break across many pages. */
function longArticle(): string {
  const sentence = (index: number) =>
    `Sentence ${index} of the cooperation report describes infrastructure, international connectivity and comprehensive development.`
  const parts = ['# A long report on cooperation', '']
  for (let section = 1; section <= 6; section++) {
    parts.push(`## Section ${section}: developments and perspectives`, '')
    for (let paragraph = 0; paragraph < 5; paragraph++) {
      const length = ((section * 7 + paragraph * 5) % 9) + 1
      parts.push(Array.from({ length }, (_, index) => sentence(section * 100 + paragraph * 10 + index)).join(' '), '')
    }
    parts.push(`### Details of section ${section}`, '', sentence(section), '')
  }
  return parts.join('\n')
}

describe('text', () => {
  it('gives back every word of the article, in order, with hyphenation undone', async () => {
    const { hast, file } = await example()
    const { text } = await readPdf(await renderPdf(hast, file, { date }))
    // Characters no font has are reported, set as U+FFFD and named in
    // ActualText (which pdf.js does not read): their words are left out.
    const missing = file.messages.filter((message) => message.ruleId === 'missing-glyph')
    const unset = new Set(missing.flatMap((message) => [...(message.actual ?? '')]))
    const expected = words(treeText(hast)).filter((word) => ![...word].some((character) => unset.has(character)))
    expect(expected.length).toBeGreaterThan(1500)
    // A hyphen of the text that ends a line is written as U+2010 HYPHEN (see README).
    expect(text).not.toMatch(/\u2010(?!\p{L})/u)
    expect(firstMissingWord(expected, text.replace(/\u2010/g, '-'))).toBeUndefined()
  })

  it('hyphenates the running text, never a name the dictionaries know', async () => {
    const { hast, file } = await example()
    const layout = await layoutArticle(hast, file)
    const lines = layout.blocks.flatMap((block) => block.text.split('\n'))
    const hyphenated = lines.filter((line) => line.endsWith('\u00AD'))
    expect(hyphenated.length).toBeGreaterThan(5)
    const names = new Set(
      (file.data.entities ?? [])
        .flatMap((entity) => entity.name.match(/\p{L}+/gu) ?? [])
        .filter((word) => /^\p{Lu}/u.test(word)),
    )
    expect(names).toContain('Kazakhstanskaya')
    lines.forEach((line, index) => {
      const next = lines[index + 1] ?? ''
      const before = /\p{L}+[\u00AD-]$/u.exec(line)?.[0]
      const after = /^\p{L}+/u.exec(next)?.[0]
      if (!before || !after) return
      if (before.endsWith('\u00AD')) expect(names.has(before.slice(0, -1) + after), `${line} | ${next}`).toBe(false)
      else expect(names.has(before.slice(0, -1)) || names.has(after), `${line} | ${next}`).toBe(false)
    })
  })

  it('does not hyphenate without patterns for the language, and says nothing about it', async () => {
    const { hast, file } = await kazakh()
    const layout = await layoutArticle(hast, file)
    expect(layout.blocks.some((block) => block.text.includes('\u00AD'))).toBe(false)
    expect(file.messages.filter((message) => message.source === 'colophon-pdf')).toEqual([])
  })

  it('does not hyphenate when asked not to', async () => {
    const { hast, file } = await example()
    const layout = await layoutArticle(hast, file, { hyphenate: false })
    expect(layout.blocks.some((block) => block.text.includes('\u00AD'))).toBe(false)
  })

  it('leaves no widow or orphan, and keeps headings with what follows', async () => {
    const long = longArticle()
    for (const [name, input] of [
      ['example', await example()],
      ['long', await processForTest(long, { path: fixture('long.md') })],
      ['long on A5', await processForTest(long, { path: fixture('long.md') })],
    ] as const) {
      const layout = await layoutArticle(input.hast, input.file, name === 'long on A5' ? { size: 'A5' } : {})
      expect(layout.pageCount, name).toBeGreaterThan(name === 'example' ? 3 : 4)
      const split = layout.blocks.filter((block) => block.pages.length > 1)
      if (name !== 'example') expect(split.length, name).toBeGreaterThan(0)
      for (const block of split) {
        for (const count of block.lines) expect(count, `${name}: ${block.text.slice(0, 40)}`).toBeGreaterThanOrEqual(2)
      }
      layout.blocks.forEach((block, index) => {
        const next = layout.blocks[index + 1]
        if (/^h[1-6]$/.test(block.tag) && next) {
          expect(next.pages[0], `${name}: ${block.text} is on the page of what follows`).toBe(block.pages.at(-1))
        }
      })
      // A page ends inside a word only when a line less would leave an orphan.
      for (const block of split) {
        const lines = block.text.split('\n')
        let upTo = 0
        block.lines.slice(0, -1).forEach((count) => {
          upTo += count
          if (/[\u00AD-]$/u.test(lines[upTo - 1] ?? '')) expect(count, `${name}: ${lines[upTo - 1]}`).toBe(2)
        })
      }
    }
  })

  it('justifies lines to the measure, and sets the last line of a paragraph at its natural width', async () => {
    const { hast, file } = await example()
    const bytes = await renderPdf(hast, file, { date })
    const { text } = await readPdf(bytes)
    expect(text.replace(/\s+/g, ' ')).toContain('I am looking forward to this visit.')
    const layout = await layoutArticle(hast, file)
    const paragraph = layout.blocks.find((block) => block.text.startsWith('In this beautiful golden autumn'))
    expect(paragraph?.lines.reduce((total, count) => total + count, 0)).toBeGreaterThan(3)
  })

  it('sets an em-dash point with the following lines hanging from the dash', async () => {
    const { hast, file } = await example()
    const layout = await layoutArticle(hast, file)
    const point = layout.blocks.find((block) => block.className === 'point')
    expect(point?.text.startsWith('— In the past 30 years')).toBe(true)
  })

  it('reads a Kazakh article back, every letter of it', async () => {
    const { hast, file } = await kazakh()
    const { text } = await readPdf(await renderPdf(hast, file, { date }))
    expect(text).toContain('Қасым-Жомарт Тоқаев')
    expect(text).toContain('Құнанбайұлы')
    for (const letter of 'ӘәҒғҚқҢңӨөҰұҮүҺһІі₸«»—') expect(text).toContain(letter)
    expect(firstMissingWord(words(treeText(hast)), text)).toBeUndefined()
    expect(readFileSync(fixture('kazakh.md'), 'utf8')).toContain('lang: kk')
  })
})
