import type { Correction } from '@colophon/remark-normalize'
import { toHtml } from 'hast-util-to-html'
import { describe, expect, it } from 'vitest'
import { articleFooter, editorialNotes, labelsFor, pluralLabel, typesetNote } from '../src/index.js'

function correction(before: string, after: string, note?: string): Correction {
  return { before, after, note, applied: true, kind: 'name' } as unknown as Correction
}

describe('typesetNote', () => {
  it('sets quotes, apostrophes, dashes and dates as the body', () => {
    const out = typesetNote(
      `Xi Jinping's article in Kazakhstanskaya Pravda, 2022-09-13. One way only - "President Xi" is fine.`,
    )
    expect(out).toBe(
      'Xi Jinping’s article in Kazakhstanskaya Pravda, 13 September 2022. One way only – “President Xi” is fine.'.replace(
        '13 September 2022',
        new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date('2022-09-13T00:00:00Z')),
      ),
    )
    expect(out).not.toMatch(/["']| - |\d{4}-\d{2}-\d{2}/)
  })
  it('uses guillemets and an em dash in Russian and Kazakh', () => {
    expect(typesetNote('Газета "Правда" - другая, 2022-09-13', 'ru')).toBe(
      `Газета «Правда» — другая, ${new Intl.DateTimeFormat('ru', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date('2022-09-13T00:00:00Z'))}`,
    )
    expect(typesetNote('"Егемен Қазақстан" - газет', 'kk')).toBe('«Егемен Қазақстан» — газет')
  })
})

describe('pluralLabel', () => {
  it('agrees in number in every language', () => {
    const en = labelsFor('en').notesIntroduction
    expect(pluralLabel(en, 1, 'en')).toContain('corrects 1 name or term ')
    expect(pluralLabel(en, 2, 'en')).toContain('corrects 2 names and terms ')
    const ru = labelsFor('ru').typographySummary
    expect(pluralLabel(ru, 1, 'ru')).toContain('1 типографское исправление')
    expect(pluralLabel(ru, 3, 'ru')).toContain('3 типографских исправления')
    expect(pluralLabel(ru, 5, 'ru')).toContain('5 типографских исправлений')
    expect(pluralLabel(ru, 21, 'ru')).toContain('21 типографское исправление')
    expect(pluralLabel(labelsFor('kk').notesIntroduction, 1, 'kk')).toContain('1 атау не термин')
    expect(pluralLabel('{count} x', 4, 'en')).toBe('4 x')
  })
})

describe('editorialNotes', () => {
  it('cites publications and typesets reasons', () => {
    const notes = articleFooter({ language: 'en', source: { name: 'Kazakhstanskaya Pravda' } } as never, [
      correction(
        'Kazakhstan Pravda',
        'Kazakhstanskaya Pravda',
        `The newspaper's name is Kazakhstanskaya Pravda; plain "Pravda" is another.`,
      ),
    ])
    const html = toHtml(notes as never)
    expect(html).toContain('corrects 1 name or term ')
    expect(html).toContain('The newspaper’s name is <cite>Kazakhstanskaya Pravda</cite>; plain “Pravda” is another.')
    expect(html).toContain('<del>Kazakhstan Pravda</del>')
  })
  it('counts two changes as plural', () => {
    const html = toHtml(editorialNotes([correction('a', 'b'), correction('c', 'd')]) as never)
    expect(html).toContain('corrects 2 names and terms ')
  })
})

describe('the first article’s notes', () => {
  it('have no straight quotes, hyphen dashes or ISO dates in prose', async () => {
    const { readFile } = await import('node:fs/promises')
    const html = await readFile(
      new URL('../../pipeline/test/fixtures/first-article/output.html', import.meta.url),
      'utf8',
    )
    const section = html.slice(html.indexOf('class="editorial-notes"'))
    const prose = section
      .slice(section.indexOf('>') + 1, section.indexOf('</section>'))
      .replace(/<[^>]+>/g, '')
      .replace(/&#x26;|&amp;/g, '&')
    expect(prose.length).toBeGreaterThan(1000)
    expect(prose).not.toMatch(/["']/)
    expect(prose).not.toMatch(/ - /)
    expect(prose).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/)
    expect(prose).toMatch(/corrects \d+ names and terms/)
  })
})
