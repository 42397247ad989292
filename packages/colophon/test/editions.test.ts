import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, loadConfig, loadDictionaries } from 'colophon'
import { describe, expect, it } from 'vitest'
import { jsonLd, readEpub, readPdf, xmlValues } from '../../../scripts/inspect.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const articles = fileURLToPath(new URL('fixtures/articles/', import.meta.url))

async function buildAll(input: string, configDir?: string) {
  const out = fileURLToPath(new URL(`../test-output/editions/${path.basename(input)}/`, import.meta.url))
  const config = configDir ? loadConfig(configDir).config : undefined
  const [result] = await build({
    inputs: [input],
    outDir: out,
    formats: ['html', 'pdf', 'epub'],
    settings: {
      dictionaries: loadDictionaries([]),
      timeZone: config?.timeZone,
      defaults: { language: 'en', ...config?.defaults },
      metadata: config?.metadata,
    },
  })
  const name = path.basename(input, path.extname(input))
  const read = (extension: string) => readFileSync(path.join(out, `${name}.${extension}`))
  return {
    metadata: result?.file.data.metadata,
    html: read('html').toString('utf8'),
    pdf: await readPdf(read('pdf')),
    epub: await readEpub(read('epub')),
  }
}

const cases = [
  [
    'the first article',
    path.join(root, 'examples/xi-kazakhstan-2022/article.txt'),
    path.join(root, 'examples/xi-kazakhstan-2022'),
  ],
  ['Markdown with front matter, in Kazakh', path.join(articles, 'abai-book.md'), undefined],
  ['a "By Name, Role" article', path.join(articles, 'wind-farms.txt'), undefined],
] as const

describe('JSON-LD, OPF and PDF metadata agree with each other and with the text', () => {
  it.each(cases)('%s', async (_, input, configDir) => {
    const { metadata, html, pdf, epub } = await buildAll(input, configDir)
    expect(metadata).toBeDefined()
    if (!metadata) return
    const [ld] = jsonLd(html)
    const opf = epub.get('OEBPS/content.opf') ?? ''
    const authors = metadata.authors.map((person) => person.name)

    // Title
    expect(ld?.name).toBe(metadata.title)
    expect(xmlValues(opf, 'dc:title')[0]).toBe(metadata.title)
    expect(pdf.info.Title).toBe(metadata.title)
    expect(pdf.xmp['dc:title']).toBe(metadata.title)
    expect(html).toContain(`<title>${metadata.title}</title>`)
    // Authors
    expect((ld?.author as Array<{ name: string }> | undefined)?.map((person) => person.name) ?? []).toEqual(authors)
    expect(xmlValues(opf, 'dc:creator')).toEqual(authors)
    expect(pdf.info.Author).toBe(authors.length > 0 ? authors.join('; ') : undefined)
    // Language and dates
    expect(ld?.inLanguage).toBe(metadata.language)
    expect(xmlValues(opf, 'dc:language')).toEqual([metadata.language])
    expect(pdf.info.Language).toBe(metadata.language)
    expect(html).toContain(`<html lang="${metadata.language}">`)
    expect(ld?.datePublished).toBe(metadata.datePublished)
    expect(xmlValues(opf, 'dc:date')).toEqual(metadata.datePublished ? [metadata.datePublished] : [])
    // Identifier and description
    expect(xmlValues(opf, 'dc:identifier')).toEqual([metadata.identifier])
    expect(ld?.identifier).toBe(metadata.identifier)
    expect(pdf.info.Subject).toBe(metadata.description)
    // With the text: the headline is set in every edition.
    const headline = metadata.headline ?? metadata.title
    expect(pdf.pages.join(' ').replace(/\s+/g, ' ')).toContain(headline)
    const chapter = [...epub.entries()].find(([file]) => file.endsWith('article.xhtml'))?.[1] ?? ''
    expect(chapter).toContain(headline.replace(/&/g, '&amp;'))
    expect(html).toContain(headline)
  })

  it('describes the first article as its example says', async () => {
    const { metadata } = await buildAll(cases[0][1], cases[0][2])
    expect(metadata).toMatchObject({
      language: 'en',
      originalLanguage: 'zh',
      datePublished: '2022-09-14T10:45+08:00',
      source: { name: 'Kazakhstanskaya Pravda', date: '2022-09-13' },
      authors: [{ role: "President of the People's Republic of China" }],
    })
  })
})
