import { layoutArticle, paperSizes, renderPdf } from '@colophon/render-pdf'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { run } from '../../../scripts/conformance.js'
import { readPdf } from '../../../scripts/inspect.js'
import { have, needs } from '../../../scripts/tools.js'
import { date, example, examplePdf, renderPng, writeOutput } from './helpers.js'

const title = 'Build on the Past to Make Greater Strides in China-Kazakhstan Relations'

describe('public API', () => {
  it('exports the renderers, the layout and the diagnostics', async () => {
    expect(Object.keys(await import('@colophon/render-pdf')).sort()).toEqual([
      'layoutArticle',
      'messageSource',
      'paperSizes',
      'renderPdf',
      'renderPdfBook',
      'ruleIds',
    ])
  })
})

describe('renderPdf', () => {
  it('writes a PDF 1.7 with the build date as its only date, and no standard font', async () => {
    const text = Buffer.from(await examplePdf()).toString('latin1')
    expect(text.startsWith('%PDF-1.7')).toBe(true)
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true)
    expect(text.match(/\(D:\d+Z\)/g)).toEqual(['(D:20240102030405Z)', '(D:20240102030405Z)'])
    expect(text).not.toMatch(/\/(Helvetica|Times-Roman|Courier)\b/)
  })

  it('carries the metadata in the Info dictionary, the XMP packet and the catalog', async () => {
    const { info, xmp } = await readPdf(await examplePdf())
    expect(info).toMatchObject({
      Title: title,
      Author: 'Xi Jinping',
      Language: 'en',
      Creator: 'Colophon',
      Producer: 'Colophon (pdfkit)',
      IsLinearized: false,
    })
    expect(xmp['dc:title']).toBe(title)
    expect(xmp['xmp:createdate']).toBe('2024-01-02T03:04:05Z')
    const raw = Buffer.from(await examplePdf()).toString('latin1')
    expect(raw).toContain('<pdfuaid:part>1</pdfuaid:part>')
    expect(raw).toMatch(/\/DisplayDocTitle true/)
    expect(raw).toMatch(/\/Lang \(en\)/)
    expect(raw).toMatch(/\/MarkInfo \d+ 0 R/)
  })

  it('gives the same bytes twice', async () => {
    const one = await examplePdf()
    const two = await examplePdf()
    expect(Buffer.from(one).equals(Buffer.from(two))).toBe(true)
  })

  it('takes the dates from SOURCE_DATE_EPOCH when no date is given', async () => {
    const { hast, file } = await example()
    const saved = process.env.SOURCE_DATE_EPOCH
    process.env.SOURCE_DATE_EPOCH = '1700000000'
    try {
      const text = Buffer.from(await renderPdf(hast, file)).toString('latin1')
      expect(text.match(/\(D:\d+Z\)/g)).toEqual(['(D:20231114221320Z)', '(D:20231114221320Z)'])
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH
      else process.env.SOURCE_DATE_EPOCH = saved
    }
  })

  it('sets the paper size by name or in points, and the margins', async () => {
    const letter = Buffer.from(await examplePdf({ size: 'letter' })).toString('latin1')
    expect(letter).toContain('/MediaBox [0 0 612 792]')
    const custom = Buffer.from(await examplePdf({ size: [400, 600], margins: 40 })).toString('latin1')
    expect(custom).toContain('/MediaBox [0 0 400 600]')
    const a4 = await layoutArticle((await example()).hast, (await example()).file, { date })
    const small = await layoutArticle((await example()).hast, (await example()).file, { size: 'A5', margins: 36 })
    expect(small.pageCount).toBeGreaterThan(a4.pageCount)
    expect(paperSizes.A4).toEqual([595.28, 841.89])
    await expect(examplePdf({ size: 'B52' })).rejects.toThrow(/Unknown paper size `B52`/)
    await expect(examplePdf({ margins: 300 })).rejects.toThrow(/too little room/)
  })

  it('leaves the structure out when asked for an untagged PDF', async () => {
    const raw = Buffer.from(await examplePdf({ tagged: false })).toString('latin1')
    expect(raw).not.toContain('/StructTreeRoot')
    expect(raw).not.toContain('BDC')
    expect(raw).not.toContain('<pdfuaid:part>')
    const { pages } = await readPdf(await examplePdf({ tagged: false }))
    expect(pages.join(' ')).toContain('Al-Farabi')
  })

  it('completes missing metadata with messages instead of refusing the file', async () => {
    const { hast, file } = await example()
    delete file.data.metadata
    const { info, text } = await readPdf(await renderPdf(hast, file, { date }))
    // Only a title and a language are needed: the title the tree's title block shows, and English.
    expect(info).toMatchObject({ Title: 'Xi Jinping published a signed article in Kazakh media', Language: 'en' })
    expect(text.replace(/\s+/g, ' ').startsWith('Xi Jinping published a signed article in Kazakh media')).toBe(true)
    expect(file.messages.map((message) => message.ruleId)).toEqual(
      expect.arrayContaining(['missing-title', 'missing-language']),
    )
    expect(text).toContain('Al-Farabi')
  })

  it('lays out any hast tree: one from remark-rehype with nothing but its text', async () => {
    const file = new VFile({ path: 'notes.md', value: 'Some *notes*.\n\n* one\n* two\n\nMore.\n' })
    const processor = unified().use(remarkParse).use(remarkRehype)
    const tree = await processor.run(processor.parse(file), file)
    const { info, text, outline } = await readPdf(await renderPdf(tree, file, { date }))
    // The title block the publication tree gets: the file name, said in a message.
    expect(info).toMatchObject({ Title: 'notes', Language: 'en' })
    expect(text.replace(/\s+/g, ' ')).toMatch(/^notes Some notes\. • one • two More\./)
    expect(outline?.map((item) => item.title)).toEqual(['notes'])
    expect(file.messages.map((message) => message.ruleId)).toEqual(
      expect.arrayContaining(['missing-title', 'missing-language']),
    )
  })

  it.skipIf(!have('qpdf'))(`passes qpdf --check${needs('qpdf')}`, async () => {
    const path = writeOutput('example.pdf', await examplePdf())
    expect(run('qpdf', ['--check', path])).toContain('No syntax or stream encoding errors found')
  })

  it.skipIf(!have('pdfinfo'))(`is tagged, titled and attributed for pdfinfo${needs('pdfinfo')}`, async () => {
    const path = writeOutput('example.pdf', await examplePdf())
    const info = run('pdfinfo', [path])
    expect(info).toMatch(/^Tagged:\s+yes$/m)
    expect(info).toMatch(new RegExp(`^Title:\\s+${title}$`, 'm'))
    expect(info).toMatch(/^Author:\s+Xi Jinping$/m)
    expect(info).toMatch(/^Page size:\s+595\.28 x 841\.89 pts \(A4\)$/m)
  })

  it.skipIf(!have('pdftotext'))(`has extractable, normalized text${needs('pdftotext')}`, async () => {
    const path = writeOutput('example.pdf', await examplePdf())
    // poppler gives the added hyphens as U+00AD, as the PDF specification asks.
    const text = run('pdftotext', ['-enc', 'UTF-8', path, '-'])
    expect(text).toMatch(/\u00AD\n/)
    const joined = text.replace(/\u00AD\n/g, '').replace(/\s+/g, ' ')
    // The title block's lines are the tree's, each once.
    expect(joined.match(/Originally published in/g)).toHaveLength(1)
    expect(joined).toContain('Originally published in Kazakhstanskaya Pravda, September 13, 2022.')
    expect(joined.match(/September 14, 2022, 10:45/g)).toHaveLength(1)
    const body = joined.slice(0, joined.indexOf('Editorial notes'))
    expect(body).toContain('Al-Farabi')
    expect(body).not.toContain('Ali Farabbi')
    // The editorial notes say what changed.
    expect(joined).toContain('Ali Farabbi → Al-Farabi')
    expect(joined).toContain('Kazakhstanskaya Pravda')
    expect(joined).toContain('I am looking forward to this visit.')
  })

  it.skipIf(!have('pdftoppm'))(
    `renders pages 1 and 2 to PNG in test-output/ for a person to look at${needs('pdftoppm')}`,
    async () => {
      const path = writeOutput('example.pdf', await examplePdf())
      const pages = renderPng(path, 'example', 1, 2)
      // A4 at 60 pixels per inch.
      for (const page of pages) expect([page.width, page.height]).toEqual([497, 702])
    },
  )
})
