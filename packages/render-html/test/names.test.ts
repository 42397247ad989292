import { bookMetadata } from '@colophon/metadata'
import { htmlEdition, renderHtml, renderHtmlBook } from '@colophon/render-html'
import { htmlPaper } from '@colophon/render-html/edition'
import { describe, expect, it } from 'vitest'
import { exampleMetadata, exampleText, processForTest } from '../../../scripts/test-pipeline.js'

describe('names kept on one line', () => {
  it('marks the names the dictionary recognized or wrote, not its terms and phrases', async () => {
    const { hast, file } = await processForTest(exampleText, { metadata: exampleMetadata })
    const html = await renderHtml(hast, file)
    const body = html.slice(html.indexOf('<main>'))
    expect(body).toContain('<span class="name">Kassym-Jomart Tokayev</span>')
    expect(body).toContain('<span class="name">Al-Farabi</span>')
    expect(body).toContain('<span class="name">Xi Jinping</span>')
    // A term is not a name.
    expect(body).not.toContain('<span class="name">bloc confrontation</span>')
    // The struck-out wrong form of a correction is not marked; the right one is.
    expect(body).toContain('<del>Ali Farabbi</del> → <ins><span class="name">Al-Farabi</span></ins>')
    // The text reads the same: the hyphen stays a hyphen (U+002D), never U+2011.
    expect(body).not.toContain('\u2011')
  })

  it('keeps only the hyphenated words of a long name whole', async () => {
    const { hast, file } = await processForTest(exampleText, { metadata: exampleMetadata })
    const name = 'China-Kazakhstan (Lianyungang) Logistics Cooperation Base'
    expect(file.data.entities?.some((entity) => entity.name === name)).toBe(true)
    const html = await renderHtml(hast, file)
    expect(html).not.toContain(`<span class="name">${name}</span>`)
    expect(html).toContain('<span class="name">China-Kazakhstan</span> (Lianyungang) Logistics')
  })

  it('keeps hyphenated compounds of a title whole, and capitalized phrases of a sentence-case title', async () => {
    const sentence = await processForTest(
      'Caravans on the Silk Road and the Great Steppe in a well-known story\n\nText.\n',
    )
    const html = await renderHtml(sentence.hast, sentence.file)
    const h1 = html.slice(html.indexOf('<h1'), html.indexOf('</h1>'))
    expect(h1).toContain('<span class="phrase">Silk Road</span>')
    expect(h1).toContain('<span class="phrase">Great Steppe</span>')
    expect(h1).toContain('<span class="compound">well-known</span>')
    // In Title Case every word is capitalized: capitals do not mark a phrase.
    const title = await processForTest('Caravans on the Silk Road and the Great Steppe\n\nText.\n')
    const titleCase = await renderHtml(title.hast, title.file)
    expect(titleCase).not.toContain('class="phrase"')
    // Running text: no compounds or phrases marked, only names.
    expect(html.slice(html.indexOf('</h1>'))).not.toMatch(/class="(phrase|compound)"/)
  })

  it('marks the book title, the contents entries and the names of every article of a book', async () => {
    const a = await processForTest(exampleText, { metadata: exampleMetadata, idPrefix: 'a1-' })
    const b = await processForTest('A museum of the Silk Road opens\n\nThe museum opened on Saturday.\n', {
      idPrefix: 'a2-',
    })
    const metadata = bookMetadata([a.file.data.metadata as never, b.file.data.metadata as never], {
      title: 'Steppe and Silk Road: an anthology',
    })
    const { html } = await renderHtmlBook({
      metadata,
      articles: [
        { tree: a.hast, file: a.file },
        { tree: b.hast, file: b.file },
      ],
    })
    expect(html).toMatch(/<h1[^>]*>Steppe and <span class="phrase">Silk Road<\/span>: an anthology<\/h1>/)
    expect(html).toContain('>A museum of the <span class="phrase">Silk Road</span> opens</a>')
    expect(html).toContain('<span class="name">Kassym-Jomart Tokayev</span>')
    // The head's <title> is text only.
    expect(html).toContain('<title>Steppe and Silk Road: an anthology</title>')
  })
})

describe('paper', () => {
  it('sets @page size from the option: a CSS name in its spelling, or points', async () => {
    const { hast, file } = await processForTest('A title\n\nText.\n')
    const page = (html: string) => /@page \{[^}]*size: ([^;]+);/.exec(html)?.[1]
    expect(page(await renderHtml(hast, file))).toBe('A4')
    expect(page(await renderHtml(hast, file, { paper: 'LETTER' }))).toBe('letter')
    expect(page(await renderHtml(hast, file, { paper: 'a5' }))).toBe('A5')
    expect(page(await renderHtml(hast, file, { paper: [420, 595] }))).toBe('420pt 595pt')
    // Only the size changes: the margins stay.
    expect(await renderHtml(hast, file, { paper: 'letter' })).toMatch(/@page \{\s*size: letter;\s*margin: 2cm 2.2cm;/)
    // A stylesheet of one's own without an @page rule gets one.
    expect(await renderHtml(hast, file, { css: 'body { color: black }', paper: 'legal' })).toContain(
      'body { color: black }\n@page {\n  size: legal;\n}',
    )
  })

  it('validates the setting and takes the PDF paper when CSS names it', () => {
    expect(htmlEdition.settingsSchema.parse({ paper: 'Letter' }).paper).toBe('Letter')
    expect(htmlEdition.settingsSchema.parse({}).paper).toBeUndefined()
    expect(htmlEdition.settingsSchema.safeParse({ paper: 'C5' }).success).toBe(false)
    expect(htmlPaper('LETTER')).toBe('LETTER')
    expect(htmlPaper([400, 600])).toEqual([400, 600])
    expect(htmlPaper('RA4')).toBeUndefined()
  })
})
