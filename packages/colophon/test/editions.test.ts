import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, loadConfig } from 'colophon'
import { describe, expect, it } from 'vitest'
import { jsonLd, readEpub, readPdf, xmlValues } from '../../../scripts/inspect.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const articles = fileURLToPath(new URL('fixtures/articles/', import.meta.url))

async function buildAll(input: string, configDir?: string) {
  const out = fileURLToPath(new URL(`../test-output/editions/${path.basename(input)}/`, import.meta.url))
  const config = configDir ? (await loadConfig(configDir)).config : undefined
  const {
    documents: [result],
  } = await build({
    inputs: [input],
    outDir: out,
    formats: ['html', 'pdf', 'epub'],
    timeZone: config?.timeZone,
    defaults: { language: 'en', ...config?.defaults },
    metadata: config?.metadata,
    force: true,
  })
  const name = path.basename(input, path.extname(input))
  const read = (extension: string) => readFileSync(path.join(out, `${name}.${extension}`))
  return {
    metadata: result?.file.data.metadata,
    corrections: result?.file.data.corrections ?? [],
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
      authors: [{ name: 'Xi Jinping', role: 'President of the People’s Republic of China' }],
    })
  })
})

describe('the first article, normalized', () => {
  it('applies every fix the specification names, and every edition shows the result', async () => {
    const { foldForMatch } = await import('@colophon/remark-normalize')
    const { html, pdf, epub, corrections } = await buildAll(cases[0][1], cases[0][2])
    const applied = corrections.filter((item) => item.applied)
    // The SAFE and CTX rows of the editorial specification that occur in this article.
    const expected = [
      'xi-jinping',
      'xi-jinping-byline',
      'kassym-jomart-tokayev',
      'article-title-2022-lead',
      'article-title-2022',
      'kazakhstanskaya-pravda',
      'al-farabi',
      'both-visited',
      'thirty-years-hardships',
      'friends-to-trust',
      'covid-19-pandemic',
      'us-dollar-sign',
      'zhanatas',
      'jac-assembly-line',
      'shymkent',
      'connectivity',
      'road-border-crossings',
      'railway-border-crossings',
      'lianyungang-logistics-base',
      'xian-xinghai',
      'bakhytzhan-baikadamov',
      'saulebek-kabylbekov',
      'luban-workshop',
      'community-with-a-shared-future',
      'belt-and-road-cooperation',
      'belt-and-road-pioneers',
      'global-public-good',
      'post-pandemic-era',
      'global-development-initiative',
      'china-central-asia-data-security',
      'asiainfo-cica',
      'china-central-asia',
      'bloc-confrontation',
      'modern-socialist-country',
      'second-centenary-goal',
      'top-30-developed-countries',
      'capital-after-comma',
      'dash-lead',
      'odd-space',
      'typographic-quotes',
    ]
    expect([...new Set(applied.map((item) => item.id))].sort()).toEqual([...expected].sort())
    expect(corrections.filter((item) => item.scope === 'suggest' && item.applied)).toEqual([])

    const textOf = (value: string) =>
      foldForMatch(
        value
          .replace(/<\/(?:p|h\d|li|header|section|div|article)>/g, ' ')
          .replace(/<[^>]+>/g, '')
          .replace(/&amp;/g, '&')
          .replace(/\s+/g, ' '),
      )
    // The running text, without the editorial notes (which list the wrong forms).
    const beforeNotes = (value: string) => value.slice(0, value.indexOf('Editorial notes') >>> 0)
    const editions = {
      html: beforeNotes(textOf(html.slice(html.indexOf('<body')))),
      pdf: beforeNotes(foldForMatch(pdf.pages.join(' ').replace(/\s+/g, ' '))),
      epub: beforeNotes(textOf(epub.get('OEBPS/article.xhtml') ?? '')),
    }
    for (const item of applied.filter((correction) => correction.kind !== 'typography')) {
      const after = foldForMatch(item.after)
      const before = foldForMatch(item.before.replace(/\s+/g, ' '))
      for (const [name, text] of Object.entries(editions)) {
        expect(text, `${item.id}: "${after}" in the ${name} edition`).toContain(after)
        // The wrong form may survive only inside the right one ("Baikadamov").
        if (!after.includes(before) && item.id !== 'xi-jinping' && item.id !== 'kassym-jomart-tokayev') {
          expect(text, `${item.id}: "${before}" in the ${name} edition`).not.toContain(before)
        }
      }
    }
  })

  it('describes the entities it names', async () => {
    const { metadata } = await buildAll(cases[0][1], cases[0][2])
    expect(metadata?.title).toBe('Build on the Past to Make Greater Strides in China-Kazakhstan Relations')
    expect(metadata?.authors).toEqual([{ name: 'Xi Jinping', role: 'President of the People’s Republic of China' }])
    const mentions = metadata?.mentions ?? []
    expect(mentions.length).toBeGreaterThanOrEqual(8)
    expect(mentions).toEqual(
      expect.arrayContaining([
        { name: 'Xi Jinping', type: 'Person', sameAs: ['https://www.wikidata.org/wiki/Q15031'] },
        { name: 'Kassym-Jomart Tokayev', type: 'Person', sameAs: ['https://www.wikidata.org/wiki/Q61513'] },
        { name: 'Kazakhstanskaya Pravda', type: 'Organization', sameAs: [] },
        { name: 'Shymkent', type: 'Place', sameAs: [] },
        { name: 'Zhanatas', type: 'Place', sameAs: [] },
        { name: 'Abai Kunanbayev', type: 'Person', sameAs: ['https://www.wikidata.org/wiki/Q195591'] },
      ]),
    )
  })
})
