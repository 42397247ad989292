import { readFileSync } from 'node:fs'
import {
  bookMetadata,
  buildDate,
  cutAtWord,
  deriveIdentifier,
  jsonLdScriptContent,
  type Metadata,
  metadataJsonSchema,
  metadataSchema,
  requireMetadata,
  toDate,
  toJsonLd,
  toOpf,
  toPdfInfo,
  toXmp,
  uniqueKeywords,
} from '@colophon/metadata'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'

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

/** Text of the elements `name` in a serialization, references resolved. */
function texts(xml: string, name: string): string[] {
  const pattern = new RegExp(`<${name}(?:\\s[^>]*)?>([^<]*)</${name}>`, 'g')
  return [...xml.matchAll(pattern)].map((match) =>
    (match[1] as string)
      .replace(/&#x([\da-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&'),
  )
}

describe('public API', () => {
  it('exports the schema, the mappings and the book metadata, and no plugin', async () => {
    expect(Object.keys(await import('@colophon/metadata')).sort()).toEqual([
      'BookMetadataError',
      'bookMetadata',
      'buildDate',
      'contributorSchema',
      'cutAtWord',
      'deriveIdentifier',
      'escapeXml',
      'generator',
      'identifierNamespace',
      'isoDate',
      'jsonLdScriptContent',
      'languageTag',
      'mentionSchema',
      'mentionTypes',
      'metadataFieldsSchema',
      'metadataJsonSchema',
      'metadataSchema',
      'personSchema',
      'requireMetadata',
      'stripXmlIllegal',
      'toDate',
      'toJsonLd',
      'toOpf',
      'toPdfInfo',
      'toW3cUtc',
      'toXmp',
      'uniqueKeywords',
      'xmlIllegal',
    ])
  })

  it('depends on no unified or remark package', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
    expect(Object.keys(manifest.dependencies).filter((name) => /unified|remark|mdast/.test(name))).toEqual([])
  })
})

describe('schema', () => {
  it('refuses a language that is not BCP 47', () => {
    const result = metadataSchema.safeParse({ title: 'x', language: 'english language' })
    expect(result.success).toBe(false)
  })

  it('takes only http(s) URLs, and percent-encodes what HTML and XML do not allow in one', () => {
    expect(metadataSchema.safeParse({ title: 'x', language: 'en', url: 'javascript:alert(1)' }).success).toBe(false)
    const parsed = metadataSchema.parse({
      title: 'x',
      language: 'en',
      url: 'https://example.org/a b?q=<x>"y"|z',
      source: { name: 'S', url: 'https://example.org/?q=ok' },
    })
    expect(parsed.url).toBe('https://example.org/a%20b?q=%3Cx%3E%22y%22%7Cz')
    expect(parsed.source?.url).toBe('https://example.org/?q=ok')
  })

  it('publishes a JSON Schema', () => {
    expect(metadataJsonSchema().required).toEqual(['title', 'language'])
  })

  it('ships the generated JSON Schema, up to date (npm run schemas)', () => {
    const shipped = readFileSync(new URL('../metadata.schema.json', import.meta.url), 'utf8')
    expect(shipped).toBe(`${JSON.stringify(metadataJsonSchema(), undefined, 2)}\n`)
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

  it('derives the same identifier from the same title, date and source', () => {
    const one = deriveIdentifier({ title: 'T', datePublished: '2024-01-01' })
    expect(one).toMatch(/^urn:uuid:[0-9a-f-]{36}$/)
    expect(deriveIdentifier({ title: 'T', datePublished: '2024-01-01' })).toBe(one)
    expect(deriveIdentifier({ title: 'T', datePublished: '2024-01-02' })).not.toBe(one)
  })

  it('keeps each keyword once, in order, with its first spelling', () => {
    expect(uniqueKeywords(['Abai', ' poetry ', 'abai', '', 'Poetry', 'Almaty'])).toEqual(['Abai', 'poetry', 'Almaty'])
  })

  it('gives a renderer the metadata of a file, or says which plugin to run', () => {
    const file = new VFile({ path: 'a.md' })
    expect(() => requireMetadata(file, 'the PDF edition')).toThrow(
      /a\.md: no metadata; run @colophon\/remark-metadata before rendering the PDF edition/,
    )
    file.data.metadata = sample
    expect(requireMetadata(file, 'the PDF edition')).toBe(sample)
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
    // xast-util-to-xml escapes `&` and `<` in text (as character references) and nothing else.
    expect(opf).toContain('<dc:title id="title">Build on the Past &#x26; &#x3C;Greater> "Strides"</dc:title>')
    expect(texts(opf, 'dc:title')).toEqual([sample.title])
    expect(opf).toContain('<dc:identifier id="pub-id">urn:uuid:00000000-0000-5000-8000-000000000000</dc:identifier>')
    expect(opf).toContain('<meta refines="#title" property="title-type">main</meta>')
    expect(opf).toContain('<dc:creator id="creator-1">Xi Jinping</dc:creator>')
    expect(opf).toContain('<meta refines="#creator-1" property="role" scheme="marc:relators">aut</meta>')
    expect(opf).toContain('<meta refines="#creator-1" property="display-seq">1</meta>')
    expect(opf).toContain('<dc:language>en</dc:language>')
    expect(opf).toContain('<dc:date>2022-09-14T10:45+08:00</dc:date>')
    expect(opf).toContain('<dc:source>Kazakhstanskaya Pravda, 2022-09-13</dc:source>')
    expect(opf).toContain('<dc:publisher>Colophon Press</dc:publisher>')
    expect(opf).toContain('<meta property="dcterms:modified">2022-09-14T02:45:00Z</meta>')
    // One element a line, so a caller can indent them.
    expect(opf.split('\n').every((line) => /^<(dc:[a-z]+|meta)[ >].*<\/\1>$/.test(line))).toBe(true)
  })

  it('OPF: translators, editors, subtitle, license and rights', () => {
    const opf = toOpf(
      metadataSchema.parse({
        title: 'T',
        subtitle: 'S',
        language: 'kk',
        contributors: [
          { name: 'John Smith', kind: 'translator' },
          { name: 'Ann Lee', kind: 'editor' },
        ],
        rights: '© 2024 Example',
        license: 'https://creativecommons.org/licenses/by/4.0/',
      }),
      { date },
    )
    expect(opf).toContain(
      '<dc:title id="subtitle">S</dc:title>\n<meta refines="#subtitle" property="title-type">subtitle</meta>',
    )
    expect(opf).toContain('<dc:contributor id="contributor-1">John Smith</dc:contributor>')
    expect(opf).toContain('<meta refines="#contributor-1" property="role" scheme="marc:relators">trl</meta>')
    expect(opf).toContain('<meta refines="#contributor-2" property="role" scheme="marc:relators">edt</meta>')
    expect(opf).toContain('<dc:rights>© 2024 Example</dc:rights>')
    expect(opf).toContain('<meta property="dcterms:license">https://creativecommons.org/licenses/by/4.0/</meta>')
  })

  it('PDF Info and XMP', () => {
    const info = toPdfInfo(sample, { date })
    expect(info).toMatchObject({ Title: sample.title, Author: 'Xi Jinping', Keywords: 'China, Kazakhstan' })
    const xmp = toXmp(sample, { date, pdfUa: true })
    expect(xmp.startsWith('<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta')).toBe(true)
    expect(xmp.endsWith('</x:xmpmeta>\n<?xpacket end="w"?>')).toBe(true)
    expect(xmp).toContain('<rdf:li xml:lang="x-default">Build on the Past &#x26; &#x3C;Greater> "Strides"</rdf:li>')
    expect(xmp).toContain('<rdf:Seq><rdf:li>Xi Jinping</rdf:li></rdf:Seq>')
    expect(xmp).toContain('<dc:language><rdf:Bag><rdf:li>en</rdf:li></rdf:Bag></dc:language>')
    expect(xmp).toContain('<rdf:Description rdf:about="" xml:lang="en" xmlns:dc="http://purl.org/dc/elements/1.1/"')
    expect(xmp).toContain('<xmp:CreateDate>2022-09-14T02:45:00Z</xmp:CreateDate>')
    expect(xmp).toContain('<pdf:Producer>Colophon (pdfkit)</pdf:Producer>')
    expect(xmp).toContain('<pdfuaid:part>1</pdfuaid:part>')
    expect(toXmp(sample, { date })).not.toContain('pdfuaid:part>')
  })
})

describe('keywords in every mapping', () => {
  const date = new Date('2024-01-01T00:00:00Z')
  const described = metadataSchema.parse({
    title: 'T',
    language: 'en',
    keywords: ['Abai', 'poetry, Kazakh'],
    subjects: ['Literature', 'abai'],
  })

  it('JSON-LD `keywords`, and subjects as `about`', () => {
    expect(toJsonLd(described)).toMatchObject({
      keywords: 'Abai, poetry, Kazakh',
      about: [
        { '@type': 'Thing', name: 'Literature' },
        { '@type': 'Thing', name: 'abai' },
      ],
    })
    expect(toJsonLd(metadataSchema.parse({ title: 'T', language: 'en' }))).not.toHaveProperty('keywords')
  })

  it('OPF: one `dc:subject` per subject and keyword, each once', () => {
    expect(texts(toOpf(described, { date }), 'dc:subject')).toEqual(['Literature', 'abai', 'poetry, Kazakh'])
  })

  it('PDF Info `Keywords`, and the same in XMP', () => {
    expect(toPdfInfo(described, { date }).Keywords).toBe('Abai, poetry, Kazakh')
    const xmp = toXmp(described, { date })
    expect(texts(xmp, 'pdf:Keywords')).toEqual(['Abai, poetry, Kazakh'])
    expect(texts(xmp, 'rdf:li').slice(1, 4)).toEqual(['Literature', 'abai', 'poetry, Kazakh'])
    expect(toPdfInfo(metadataSchema.parse({ title: 'T', language: 'en' }), { date })).not.toHaveProperty('Keywords')
  })
})

describe('bookMetadata', () => {
  const article = (title: string, date: string, author: string, keywords: string[] = []): Metadata =>
    metadataSchema.parse({
      title,
      language: 'en',
      datePublished: date,
      authors: [{ name: author }],
      keywords,
      wordCount: 100,
      mentions: [{ name: 'Al-Farabi', type: 'Person' }],
      corrections: { count: 2, byKind: { person: 2 } },
    })

  it('completes the book from its articles', () => {
    const book = bookMetadata(
      [
        article('One', '2024-01-01', 'A', ['Steppe']),
        article('Two', '2024-03-01', 'B', ['steppe', 'Wind']),
        article('Three', '2024-02-01', 'A'),
      ],
      { title: 'A book', publisher: { name: 'Press' } },
    )
    expect(book).toMatchObject({
      title: 'A book',
      language: 'en',
      authors: [{ name: 'A' }, { name: 'B' }],
      datePublished: '2024-03-01',
      keywords: ['Steppe', 'Wind'],
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
