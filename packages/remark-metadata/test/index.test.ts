import { readFileSync } from 'node:fs'
import * as metadataPackage from '@colophon/metadata'
import remarkArticle, { remarkArticleText } from '@colophon/remark-article'
import remarkMetadata, { deriveIdentifier, metadataJsonSchema, type Options } from '@colophon/remark-metadata'
import type { Entity } from '@colophon/remark-normalize'
import type { Root } from 'mdast'
import { toString as mdastToString } from 'mdast-util-to-string'
import remarkFrontmatter from 'remark-frontmatter'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'

async function describeText(value: string, options?: Options, path: string | undefined = 'input.txt') {
  const file = new VFile({ path, value })
  const processor = path?.endsWith('.md')
    ? unified().use(remarkParse).use(remarkArticle).use(remarkMetadata, options)
    : unified().use(remarkArticleText).use(remarkArticle, { timeZone: '+08:00' }).use(remarkMetadata, options)
  await processor.run(processor.parse(file), file)
  return file
}

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
      'stripXmlIllegal',
      'toDate',
      'toJsonLd',
      'toOpf',
      'toPdfInfo',
      'toW3cUtc',
      'toXmp',
      'wordsPerMinute',
      'xmlIllegal',
    ])
  })

  it('re-exports the schema, the mappings and the book metadata of @colophon/metadata', async () => {
    const api: Record<string, unknown> = await import('@colophon/remark-metadata')
    for (const [name, value] of Object.entries(metadataPackage)) {
      if (name !== 'uniqueKeywords') expect(api[name], name).toBe(value)
    }
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

  it('leaves a wire dateline out of the description', async () => {
    for (const [text, description] of [
      ['A museum opens\n\nTURKESTAN -- A museum opened on Saturday.\n\nMore.\n', 'A museum opened on Saturday.'],
      ['A museum opens\n\nTURKESTAN, March 15 (Xinhua) -- A museum opened.\n\nMore.\n', 'A museum opened.'],
      ['A museum opens\n\nTURKESTAN — A museum opened.\n', 'A museum opened.'],
      // Not a wire dateline: the paragraph is the description as it is.
      ['A museum opens\n\nNATO - the alliance - met.\n', 'NATO - the alliance - met.'],
    ] as const) {
      const file = await describeText(text, { defaults: { language: 'en' } })
      expect(file.data.metadata?.description, text).toBe(description)
    }
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
    ['canonical: not a url', /`url` is "not a url" but must be an absolute http\(s\) URL/],
    [`summary: ${'x'.repeat(201)}`, /`description` is "x+" but must be at most 200 characters/],
    ['lang: "english please"', /`language` is "english please" but must be a BCP 47 language tag/],
  ])('refuses front matter %s with a clear message naming the file', async (line, reason) => {
    const markdown = `---\n${line}\n${line.startsWith('lang') ? '' : 'lang: en\n'}---\n\n# Title\n`
    const error = await describeText(markdown, {}, 'bad.md').catch((caught: Error) => caught)
    expect(String(error)).toMatch(reason)
    expect(String(error)).toMatch(/^bad\.md:1:1-\d+:\d+: /)
  })
})

describe('schema file', () => {
  it('ships the generated JSON Schema here too, up to date (npm run schemas)', () => {
    const shipped = readFileSync(new URL('../metadata.schema.json', import.meta.url), 'utf8')
    expect(shipped).toBe(`${JSON.stringify(metadataJsonSchema(), undefined, 2)}\n`)
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

describe('keywords', () => {
  it('gathers `keywords`, `tags` and `subject` from the front matter, each once, in order', async () => {
    const markdown = [
      '---',
      'lang: en',
      'keywords: Abai, poetry',
      'tags: [Almaty, abai]',
      'subject: Kazakh literature; Poetry',
      'subjects: [Literature]',
      '---',
      '',
      '# Title',
      '',
    ].join('\n')
    const file = await describeText(markdown, {}, 'input.md')
    expect(file.data.metadata?.keywords).toEqual(['Abai', 'poetry', 'Almaty', 'Kazakh literature'])
    expect(file.data.metadata?.subjects).toEqual(['Literature'])
    expect(file.messages.map((message) => message.ruleId)).not.toContain('frontmatter-key')
  })

  it('accepts one keyword, a list, or a comma-separated string in each key', async () => {
    for (const [line, keywords] of [
      ['subject: Steppe', ['Steppe']],
      ['tags: [wind, solar]', ['wind', 'solar']],
      ['keywords: "wind , solar,wind"', ['wind', 'solar']],
    ] as const) {
      const file = await describeText(`---\nlang: en\n${line}\n---\n\n# Title\n`, {}, 'input.md')
      expect(file.data.metadata?.keywords, line).toEqual(keywords)
    }
  })

  it('removes repeats in the keywords of the configuration too', async () => {
    const file = await describeText('# Title\n', { metadata: { language: 'en', keywords: ['a', 'b', 'A'] } }, 'x.md')
    expect(file.data.metadata?.keywords).toEqual(['a', 'b'])
  })

  describe('keywordsFromMentions', () => {
    const entities: Entity[] = [
      { id: 'abai', name: 'Abai Qunanbaiuly', kind: 'person', sameAs: [], count: 2 },
      { id: 'almaty', name: 'Almaty', kind: 'place', sameAs: [], count: 1 },
    ]
    async function withEntities(markdown: string, options: Options) {
      const file = new VFile({ path: 'input.md', value: markdown })
      const processor = unified()
        .use(remarkParse)
        .use(remarkArticle)
        .use(() => (_tree, vfile) => {
          vfile.data.entities = entities
        })
        .use(remarkMetadata, options)
      await processor.run(processor.parse(file), file)
      return file
    }

    it('seeds the keywords with the mentions when nothing gives keywords', async () => {
      const file = await withEntities('# Title\n\nText.\n', {
        defaults: { language: 'en' },
        keywordsFromMentions: true,
      })
      expect(file.data.metadata?.keywords).toEqual(['Abai Qunanbaiuly', 'Almaty'])
      expect(file.data.metadataOrigins?.keywords).toBe('inferred')
    })

    it('leaves given keywords alone', async () => {
      const file = await withEntities('---\nlang: en\ntags: steppe\n---\n\n# Title\n', { keywordsFromMentions: true })
      expect(file.data.metadata?.keywords).toEqual(['steppe'])
    })

    it('is off by default', async () => {
      const file = await withEntities('# Title\n\nText.\n', { defaults: { language: 'en' } })
      expect(file.data.metadata?.mentions.map((mention) => mention.name)).toEqual(['Abai Qunanbaiuly', 'Almaty'])
      expect(file.data.metadata?.keywords).toEqual([])
    })
  })
})

describe('a document without a title', () => {
  const body = 'Some text that is not a headline because it is a long paragraph. '.repeat(4)

  it('is titled by its file name, with a warning', async () => {
    const file = await describeText(
      `${body}\n\n## A section\n\n## Another\n`,
      { defaults: { language: 'en' } },
      'notes/my-notes.md',
    )
    expect(file.data.metadata?.title).toBe('my-notes')
    expect(file.data.metadataOrigins?.title).toBe('inferred')
    const warning = file.messages.find((message) => message.ruleId === 'missing-title')
    expect(warning?.fatal).toBe(false)
    expect(warning?.source).toBe('colophon-metadata')
    expect(warning?.reason).toBe('The document has no title; it is titled `my-notes` from the file name')
    expect(file.data.metadata?.identifier).toBe(deriveIdentifier({ title: 'my-notes' }))
  })

  it('is `Untitled` without a file name either', async () => {
    const file = new VFile({ value: `${body}\n` })
    const processor = unified()
      .use(remarkParse)
      .use(remarkArticle)
      .use(remarkMetadata, { defaults: { language: 'en' } })
    await processor.run(processor.parse(file), file)
    expect(file.data.metadata?.title).toBe('Untitled')
    expect(file.messages.find((message) => message.ruleId === 'missing-title')?.reason).toBe(
      'The document has no title and no file name; it is titled `Untitled`',
    )
  })

  it('takes its first level-1 heading first, wherever it is', async () => {
    const file = await describeText(`${body}\n\n# The heading\n\nMore.\n`, { defaults: { language: 'en' } }, 'x.md')
    expect(file.data.metadata?.title).toBe('The heading')
    expect(file.messages.map((message) => message.ruleId)).not.toContain('missing-title')
  })

  it('is no error in plain text without a headline', async () => {
    const file = await describeText(`${body}\n${body}\n`, { defaults: { language: 'en' } }, 'long-line.txt')
    expect(file.data.metadata?.title).toBe('long-line')
  })
})

describe('front matter without remark-article', () => {
  it('reads the `yaml` node of remark-frontmatter', async () => {
    const file = new VFile({ path: 'post.md', value: '---\ntitle: From YAML\nlang: kk\ntags: [a, b]\n---\n\nText.\n' })
    const processor = unified().use(remarkParse).use(remarkFrontmatter).use(remarkMetadata)
    await processor.run(processor.parse(file), file)
    expect(file.data.metadata).toMatchObject({ title: 'From YAML', language: 'kk', keywords: ['a', 'b'] })
    expect(file.data.metadataOrigins).toMatchObject({ title: 'frontmatter', language: 'frontmatter' })
  })

  it('reads `file.data.matter` (vfile-matter)', async () => {
    const file = new VFile({ path: 'post.md', value: 'Text.\n' })
    Object.assign(file.data, { matter: { title: 'From matter', lang: 'en', date: new Date('2024-05-02T00:00:00Z') } })
    const processor = unified().use(remarkParse).use(remarkMetadata)
    await processor.run(processor.parse(file), file)
    expect(file.data.metadata).toMatchObject({ title: 'From matter', language: 'en', datePublished: '2024-05-02' })
  })

  it('prefers what remark-article parsed', async () => {
    const file = new VFile({ path: 'post.md', value: '---\ntitle: From YAML\nlang: en\n---\n\nText.\n' })
    Object.assign(file.data, { matter: { title: 'From matter' } })
    const processor = unified().use(remarkParse).use(remarkArticle).use(remarkMetadata)
    await processor.run(processor.parse(file), file)
    expect(file.data.metadata?.title).toBe('From YAML')
  })

  it('warns when front matter reaches it unparsed (remark-parse alone), instead of titling the document by a key', async () => {
    const file = new VFile({ path: 'post.md', value: '---\ntitle: A walk\nauthor: Ana\n---\n\nText.\n' })
    const processor = unified()
      .use(remarkParse)
      .use(remarkMetadata, { defaults: { language: 'en' } })
    await processor.run(processor.parse(file), file)
    expect(file.messages.map((message) => message.ruleId)).toContain('frontmatter-unparsed')
    expect(file.messages.find((message) => message.ruleId === 'frontmatter-unparsed')).toMatchObject({
      source: 'colophon-metadata',
      line: 1,
    })
    // A rule that opens a document, followed by text, is no front matter.
    const plain = new VFile({ path: 'rule.md', value: '---\n\nText: after a rule.\n' })
    await processor.run(processor.parse(plain), plain)
    expect(plain.messages.map((message) => message.ruleId)).not.toContain('frontmatter-unparsed')
  })

  it('fails on YAML that does not parse, with its place', async () => {
    const file = new VFile({ path: 'bad.md', value: '---\ntitle: [unclosed\n---\n\nText.\n' })
    const processor = unified().use(remarkParse).use(remarkFrontmatter).use(remarkMetadata)
    await expect(processor.run(processor.parse(file), file)).rejects.toThrow(/Invalid YAML front matter/)
    expect(file.messages[0]).toMatchObject({ ruleId: 'frontmatter-yaml', source: 'colophon-metadata', line: 1 })
  })
})

describe('front matter that is not a mapping, and hostile YAML', () => {
  async function parsed(value: string, path = 'doc.md') {
    const file = new VFile({ path, value })
    const processor = unified()
      .use(remarkParse)
      .use(remarkArticle)
      .use(remarkMetadata, { defaults: { language: 'en' } })
    const tree = (await processor.run(processor.parse(file), file)) as Root
    return { tree, file }
  }

  it('case CommonMark 96: a `---` block whose YAML is a string is read as Markdown, with a warning', async () => {
    const { tree, file } = await parsed('---\nFoo\n---\nBar\n---\nBaz\n')
    expect(tree.children.map((node) => [node.type, node.position?.start.line])).toEqual([
      ['thematicBreak', 1],
      ['heading', 2],
      ['heading', 4],
      ['paragraph', 6],
    ])
    expect(tree.children.map((node) => mdastToString(node))).toEqual(['', 'Foo', 'Bar', 'Baz'])
    expect(file.data.frontmatter).toBeUndefined()
    expect(file.messages.filter((message) => message.ruleId === 'frontmatter-not-mapping').map(String)).toEqual([
      'doc.md:1:1-3:4: The `---` block at the start is not YAML front matter (its YAML is a string, not a mapping of keys to values); it is read as Markdown',
    ])
  })

  it('reads a `---` block whose YAML is a list as Markdown too', async () => {
    const { tree } = await parsed('---\n- a\n- b\n---\n\nText.\n')
    expect(tree.children.map((node) => node.type)).toEqual(['thematicBreak', 'list', 'thematicBreak', 'paragraph'])
  })

  it('stops on a YAML alias bomb in front matter with a clear error naming the file', async () => {
    const levels = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for (const [index, name] of [...'bcdefghi'].entries()) {
      const previous = 'abcdefghi'[index]
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`)
    }
    const error = await parsed(`---\n${levels.join('\n')}\n---\n\n# Title\n`, 'bomb.md').catch((caught) => caught)
    expect(String(error)).toMatch(/^bomb\.md:1:1-11:4: Invalid YAML front matter: .*alias/i)
    expect(error).toMatchObject({ ruleId: 'frontmatter-yaml', fatal: true })
  })
})
