import { readFileSync } from 'node:fs'
import remarkArticle, { remarkArticleText } from '@colophon/remark-article'
import remarkMetadata, {
  bookMetadata,
  buildDate,
  cutAtWord,
  deriveIdentifier,
  jsonLdScriptContent,
  type Metadata,
  metadataJsonSchema,
  metadataSchema,
  type Options,
  toDate,
  toJsonLd,
  toOpf,
  toPdfInfo,
  toXmp,
} from '@colophon/remark-metadata'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'

async function describeText(value: string, options?: Options, path = 'input.txt') {
  const file = new VFile({ path, value })
  const processor = path.endsWith('.md')
    ? unified().use(remarkParse).use(remarkArticle).use(remarkMetadata, options)
    : unified().use(remarkArticleText).use(remarkArticle, { timeZone: '+08:00' }).use(remarkMetadata, options)
  await processor.run(processor.parse(file), file)
  return file
}

const sample: Metadata = metadataSchema.parse({
  title: 'Build on the Past & <Greater> "Strides"',
  headline: 'Xi Jinping publishes signed article in Kazakh media',
  authors: [{ name: 'Xi Jinping', role: "President of the People's Republic of China" }],
  datePublished: '2022-09-14T10:45+08:00',
  language: 'en',
  originalLanguage: 'zh',
  source: { name: 'Kazakhstanskaya Pravda', date: '2022-09-13' },
  publisher: { name: 'Colophon Press' },
  identifier: 'urn:uuid:00000000-0000-5000-8000-000000000000',
  description: 'A signed article.',
  keywords: ['China', 'Kazakhstan'],
  mentions: [{ name: 'Al-Farabi', type: 'Person' }],
})

describe('public API', () => {
  it('exports the plugin, the schema and the mappings', async () => {
    expect(Object.keys(await import('@colophon/remark-metadata')).sort()).toEqual([
      'BookMetadataError',
      'bookMetadata',
      'buildDate',
      'contributorSchema',
      'countWords',
      'cutAtWord',
      'default',
      'deriveIdentifier',
      'escapeXml',
      'fromFrontmatter',
      'generator',
      'identifierNamespace',
      'inferMetadata',
      'isoDate',
      'jsonLdScriptContent',
      'languageTag',
      'mentionSchema',
      'mentionTypes',
      'messageSource',
      'metadataFieldsSchema',
      'metadataJsonSchema',
      'metadataSchema',
      'personSchema',
      'requireMetadata',
      'toDate',
      'toJsonLd',
      'toOpf',
      'toPdfInfo',
      'toW3cUtc',
      'toXmp',
      'wordsPerMinute',
    ])
  })
})

describe('inference and merge', () => {
  const article = [
    'Headline of the republication',
    '2022-09-14 10:45',
    '',
    'On Monday the paper printed an article. The full text of the article is as follows:',
    '',
    'The embedded title',
    '',
    'Jane Roe, Minister of Examples',
    '',
    'First paragraph of the embedded article.',
  ].join('\n')

  it('takes title, author with role, date and description from the text', async () => {
    const file = await describeText(article, { defaults: { language: 'en' } })
    expect(file.data.metadata).toMatchObject({
      title: 'The embedded title',
      headline: 'Headline of the republication',
      authors: [{ name: 'Jane Roe', role: 'Minister of Examples' }],
      datePublished: '2022-09-14T10:45+08:00',
      language: 'en',
      description: 'On Monday the paper printed an article. The full text of the article is as follows:',
    })
    expect(file.data.metadata?.identifier).toMatch(/^urn:uuid:[0-9a-f-]{36}$/)
    expect(file.data.metadataOrigins).toMatchObject({ title: 'inferred', language: 'default' })
  })

  it('lets front matter override the text and options override front matter, warning on conflicts', async () => {
    const markdown = '---\ntitle: From front matter\nlang: kk\n---\n\n# From the text\n\nBody.\n'
    const file = await describeText(markdown, { metadata: { language: 'ru' } }, 'input.md')
    expect(file.data.metadata).toMatchObject({ title: 'From front matter', language: 'ru' })
    expect(file.data.metadataOrigins).toMatchObject({ title: 'frontmatter', language: 'options' })
    const conflicts = file.messages.filter((message) => message.ruleId === 'metadata-conflict').map(String)
    expect(conflicts).toHaveLength(2)
    expect(conflicts[0]).toContain('`title`: the front matter says "From front matter", the text says "From the text"')
  })

  it('keeps the identifier stable across builds', async () => {
    const one = await describeText(article, { defaults: { language: 'en' } })
    const two = await describeText(article, { defaults: { language: 'en' } })
    expect(one.data.metadata?.identifier).toBe(two.data.metadata?.identifier)
    expect(one.data.metadata?.identifier).toBe(
      deriveIdentifier({ title: 'The embedded title', datePublished: '2022-09-14T10:45+08:00' }),
    )
  })

  it('fails without a language, naming the fix', async () => {
    await expect(describeText(article)).rejects.toThrow(/No language/)
  })

  it('fails on an invalid value, naming field, value and expected form', async () => {
    const markdown = '---\ndate: 14/09/2022\nlang: en\n---\n\n# Title\n'
    await expect(describeText(markdown, {}, 'input.md')).rejects.toThrow(
      /`datePublished` is "14\/09\/2022" but must be an ISO 8601 date.*\(from the front matter\)/,
    )
  })

  it.each([
    ['author: 42', /`authors\.0` is 42 but/],
    ['canonical: not a url', /`url` is "not a url" but must be an absolute URL/],
    [`summary: ${'x'.repeat(201)}`, /`description` is "x+" but must be at most 200 characters/],
    ['lang: "english please"', /`language` is "english please" but must be a BCP 47 language tag/],
  ])('refuses front matter %s with a clear message naming the file', async (line, reason) => {
    const markdown = `---\n${line}\n${line.startsWith('lang') ? '' : 'lang: en\n'}---\n\n# Title\n`
    const error = await describeText(markdown, {}, 'bad.md').catch((caught: Error) => caught)
    expect(String(error)).toMatch(reason)
    expect(String(error)).toMatch(/^bad\.md:1:1-\d+:\d+: /)
  })

  it('refuses a language that is not BCP 47', () => {
    const result = metadataSchema.safeParse({ title: 'x', language: 'english language' })
    expect(result.success).toBe(false)
  })
})

describe('helpers', () => {
  it('cuts descriptions at a word', () => {
    const cut = cutAtWord('word '.repeat(100), 200)
    expect(cut.length).toBeLessThanOrEqual(200)
    expect(cut.endsWith('word…')).toBe(true)
  })

  it('reads date-times without an offset as UTC', () => {
    expect(toDate('2022-09-14T10:45').toISOString()).toBe('2022-09-14T10:45:00.000Z')
    expect(toDate('2022-09-14T10:45+08:00').toISOString()).toBe('2022-09-14T02:45:00.000Z')
  })

  it('takes the build date from SOURCE_DATE_EPOCH, else the article', () => {
    expect(buildDate(sample, { SOURCE_DATE_EPOCH: '1700000000' }).toISOString()).toBe('2023-11-14T22:13:20.000Z')
    expect(buildDate(sample, {}).toISOString()).toBe('2022-09-14T02:45:00.000Z')
    expect(() => buildDate(sample, { SOURCE_DATE_EPOCH: 'yesterday' })).toThrow(/SOURCE_DATE_EPOCH/)
  })

  it('publishes a JSON Schema', () => {
    expect(metadataJsonSchema().required).toEqual(['title', 'language'])
  })

  it('ships the generated JSON Schema, up to date (npm run schemas)', () => {
    const shipped = readFileSync(new URL('../metadata.schema.json', import.meta.url), 'utf8')
    expect(shipped).toBe(`${JSON.stringify(metadataJsonSchema(), undefined, 2)}\n`)
  })
})

describe('mappings agree with each other', () => {
  const date = new Date('2022-09-14T02:45:00Z')

  it('JSON-LD', () => {
    const ld = toJsonLd(sample)
    expect(ld).toMatchObject({
      '@type': 'NewsArticle',
      name: sample.title,
      headline: sample.headline,
      author: [{ '@type': 'Person', name: 'Xi Jinping', jobTitle: "President of the People's Republic of China" }],
      datePublished: '2022-09-14T10:45+08:00',
      inLanguage: 'en',
      isBasedOn: { isPartOf: { name: 'Kazakhstanskaya Pravda' }, datePublished: '2022-09-13', inLanguage: 'zh' },
      mentions: [{ '@type': 'Person', name: 'Al-Farabi' }],
    })
    const script = jsonLdScriptContent({ name: '</script><script>alert(1)</script>' })
    expect(script).not.toContain('<')
    expect(JSON.parse(script).name).toBe('</script><script>alert(1)</script>')
  })

  it('OPF', () => {
    const opf = toOpf(sample, { date })
    expect(opf).toContain('<dc:title id="title">Build on the Past &amp; &lt;Greater&gt; &quot;Strides&quot;</dc:title>')
    expect(opf).toContain('<dc:creator id="creator-1">Xi Jinping</dc:creator>')
    expect(opf).toContain('<meta refines="#creator-1" property="role" scheme="marc:relators">aut</meta>')
    expect(opf).toContain('<dc:language>en</dc:language>')
    expect(opf).toContain('<dc:date>2022-09-14T10:45+08:00</dc:date>')
    expect(opf).toContain('<dc:source>Kazakhstanskaya Pravda, 2022-09-13</dc:source>')
    expect(opf).toContain('<meta property="dcterms:modified">2022-09-14T02:45:00Z</meta>')
  })

  it('PDF Info and XMP', () => {
    const info = toPdfInfo(sample, { date })
    expect(info).toMatchObject({ Title: sample.title, Author: 'Xi Jinping', Keywords: 'China, Kazakhstan' })
    const xmp = toXmp(sample, { date, pdfUa: true })
    expect(xmp).toContain('<rdf:li xml:lang="x-default">Build on the Past &amp; &lt;Greater&gt;')
    expect(xmp).toContain('<rdf:Seq><rdf:li>Xi Jinping</rdf:li></rdf:Seq>')
    expect(xmp).toContain('<xmp:CreateDate>2022-09-14T02:45:00Z</xmp:CreateDate>')
    expect(xmp).toContain('<pdfuaid:part>1</pdfuaid:part>')
  })
})

describe('dates of different precision', () => {
  it('keeps the dateline time when the front matter gives the same day, without a warning', async () => {
    const markdown = '---\ndate: 2024-07-02\nlang: en\n---\n\n# Title\n\n2024-07-02 12:21\n\nBody.\n'
    const file = await describeText(markdown, {}, 'input.md')
    expect(file.data.metadata?.datePublished).toBe('2024-07-02T12:21')
    expect(file.messages.filter((message) => message.ruleId === 'metadata-conflict')).toEqual([])
  })

  it('warns when the days differ', async () => {
    const markdown = '---\ndate: 2024-07-03\nlang: en\n---\n\n# Title\n\n2024-07-02 12:21\n\nBody.\n'
    const file = await describeText(markdown, {}, 'input.md')
    expect(file.data.metadata?.datePublished).toBe('2024-07-03')
    expect(file.messages.map((message) => message.ruleId)).toContain('metadata-conflict')
  })
})

describe('bookMetadata', () => {
  const article = (title: string, date: string, author: string): Metadata =>
    metadataSchema.parse({
      title,
      language: 'en',
      datePublished: date,
      authors: [{ name: author }],
      wordCount: 100,
      mentions: [{ name: 'Al-Farabi', type: 'Person' }],
      corrections: { count: 2, byKind: { person: 2 } },
    })

  it('completes the book from its articles', () => {
    const book = bookMetadata(
      [article('One', '2024-01-01', 'A'), article('Two', '2024-03-01', 'B'), article('Three', '2024-02-01', 'A')],
      { title: 'A book', publisher: { name: 'Press' } },
    )
    expect(book).toMatchObject({
      title: 'A book',
      language: 'en',
      authors: [{ name: 'A' }, { name: 'B' }],
      datePublished: '2024-03-01',
      wordCount: 300,
      mentions: [{ name: 'Al-Farabi', type: 'Person' }],
      corrections: { count: 6, byKind: { person: 6 } },
      publisher: { name: 'Press' },
    })
    expect(book.identifier).toMatch(/^urn:uuid:/)
    expect(book.description).toBe('3 articles: One; Two; Three')
  })

  it('needs a title, and names an invalid field', () => {
    expect(() => bookMetadata([article('One', '2024-01-01', 'A')], {})).toThrow(/a book needs a title/)
    expect(() => bookMetadata([article('One', '2024-01-01', 'A')], { title: 'T', language: 'not a tag!' })).toThrow(
      /invalid book metadata: `language`/,
    )
  })
})
