import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { editionPlugin, resolveAssets } from '@colophon/article-hast'
import { bookMetadata } from '@colophon/metadata'
import { epubEdition, renderEpub, renderEpubBook } from '@colophon/render-epub'
import type { Root } from 'hast'
import JSZip from 'jszip'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { unified } from 'unified'
import { visit } from 'unist-util-visit'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { epubcheck } from '../../../scripts/conformance.js'
import { readEpub } from '../../../scripts/inspect.js'
import { exampleMetadata, exampleText, processForTest } from '../../../scripts/test-pipeline.js'
import { have, needs } from '../../../scripts/tools.js'

const outputDir = fileURLToPath(new URL('../test-output/', import.meta.url))
const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url))
const date = new Date('2024-01-02T03:04:05Z')

async function example() {
  return processForTest(exampleText, { metadata: exampleMetadata })
}

async function fromFixture(name: string) {
  const path = fixture(name)
  const processed = await processForTest(readFileSync(path, 'utf8'), { path })
  await resolveAssets(processed.hast, processed.file)
  return processed
}

function longArticle(): string {
  const sections = Array.from({ length: 24 }, (_, index) => {
    const sub = `### Detail ${index + 1}\n\nMore words about part ${index + 1}, and a [link back to the start](#part-1).\n`
    return `## Part ${index + 1}\n\nParagraph ${index + 1} of a long text about the steppe and its towns.\n\n${sub}`
  })
  return `---\ntitle: A long text\nlang: en\n---\n\n# A long text\n\n${sections.join('\n')}`
}

function save(name: string, bytes: Uint8Array): string {
  mkdirSync(outputDir, { recursive: true })
  const path = `${outputDir}${name}`
  writeFileSync(path, bytes)
  return path
}

const words = (value: string): string[] => [...(value.match(/[\p{L}\p{N}]+/gu) ?? [])]

describe('public API', () => {
  it('exports the renderers and the packaging pieces', async () => {
    expect(Object.keys(await import('@colophon/render-epub')).sort()).toEqual([
      'accessibilityMetadata',
      'articleParts',
      'defaultCss',
      'defaultFonts',
      'embedFonts',
      'epubEdition',
      'epubSettingsSchema',
      'generatedCover',
      'headingEntries',
      'messageSource',
      'navDocument',
      'ncxDocument',
      'outlineSvgText',
      'packageDocument',
      'packageEpub',
      'renderEpub',
      'renderEpubBook',
      'titlePage',
      'toXhtml',
    ])
  })
})

describe('the example edition', () => {
  it('describes itself fully in the package document', async () => {
    const { hast, file } = await example()
    const files = await readEpub(await renderEpub(hast, file, { date }))
    const opf = files.get('OEBPS/content.opf') ?? ''
    expect(opf).toContain('xml:lang="en"')
    expect(opf).toContain('<dc:identifier id="pub-id">urn:uuid:')
    expect(opf).toContain(
      '<dc:title id="title">Build on the Past to Make Greater Strides in China-Kazakhstan Relations</dc:title>',
    )
    expect(opf).toContain('<dc:creator id="creator-1">Xi Jinping</dc:creator>')
    expect(opf).toContain('<dc:language>en</dc:language>')
    expect(opf).toContain('<dc:date>2022-09-14T10:45+08:00</dc:date>')
    expect(opf).toContain('<dc:source>Kazakhstanskaya Pravda, 2022-09-13</dc:source>')
    expect(opf).toContain('<meta property="dcterms:modified">2024-01-02T03:04:05Z</meta>')
    for (const property of [
      'accessMode',
      'accessModeSufficient',
      'accessibilityFeature',
      'accessibilityHazard',
      'accessibilitySummary',
    ]) {
      expect(opf).toContain(`<meta property="schema:${property}">`)
    }
    // What epub-gen-memory would have written.
    expect(opf).not.toContain('All rights reserved')
    expect(opf).not.toContain('epub-gen')
    expect(opf).not.toMatch(/<dc:description>\s*<\/dc:description>/)
  })

  it('has a table of contents, landmarks and the spine in reading order', async () => {
    const { hast, file } = await example()
    const files = await readEpub(await renderEpub(hast, file, { date, cover: 'generate' }))
    const nav = files.get('OEBPS/nav.xhtml') ?? ''
    // The article by the title its page shows; the title page is a landmark, not a contents entry.
    expect(nav).toMatch(
      /<li><a href="article\.xhtml">Xi Jinping published a signed article in Kazakh media<\/a>\s*<ol>/,
    )
    for (const landmark of ['cover', 'titlepage', 'bodymatter', 'backmatter'])
      expect(nav).toContain(`epub:type="${landmark}"`)
    const spine = [...(files.get('OEBPS/content.opf') ?? '').matchAll(/<itemref idref="([^"]+)"/g)].map(
      (match) => match[1],
    )
    expect(spine).toEqual(['cover', 'title-page', 'article', 'editorial-notes'])
    expect(files.get('OEBPS/toc.ncx')).toContain(
      '<navLabel><text>Xi Jinping published a signed article in Kazakh media</text></navLabel>',
    )
    expect(files.get('OEBPS/title-page.xhtml')).toContain('Originally published in')
    expect(files.get('OEBPS/article.xhtml')).not.toContain('Originally published in')
  })

  it('holds every word of the publication tree, in order, and the notes apart', async () => {
    const { hast, file } = await example()
    const files = await readEpub(await renderEpub(hast, file, { date }))
    const text = (name: string) =>
      (files.get(`OEBPS/${name}`) ?? '')
        .replace(/^[\s\S]*?<body[^>]*>/, '')
        .replace(/<[^>]+>/g, ' ')
        .replace(/&amp;/g, '&')
    const actual = words(`${text('title-page.xhtml')} ${text('article.xhtml')}`)
    const body = structuredClone(hast)
    visit(body, 'element', (node, index, parent) => {
      if (node.tagName === 'footer' && parent && index !== undefined) parent.children.splice(index, 1)
    })
    const texts: string[] = []
    visit(body, 'text', (node) => {
      texts.push(node.value)
    })
    const expected = words(texts.join(' '))
    expect(expected.length).toBeGreaterThan(1000)
    let at = 0
    for (const word of expected) {
      const found = actual.indexOf(word, at)
      expect(found, `"${word}" after word ${at}`).toBeGreaterThanOrEqual(0)
      at = found + 1
    }
    expect(text('article.xhtml')).not.toContain('Ali Farabbi')
    expect(files.get('OEBPS/editorial-notes.xhtml')).toContain('<del>Ali Farabbi</del> → <ins>Al-Farabi</ins>')
    expect(files.get('OEBPS/title-page.xhtml')).toContain('<time datetime="2022-09-14T10:45+08:00">')
  })

  it('leaves the notes out when asked', async () => {
    const { hast, file } = await example()
    const files = await readEpub(await renderEpub(hast, file, { date, editorialNotes: false }))
    expect(files.has('OEBPS/editorial-notes.xhtml')).toBe(false)
    expect(files.get('OEBPS/article.xhtml')).not.toContain('Editorial notes')
  })

  it('gives the same bytes twice, with fixed entry dates, mimetype first and stored', async () => {
    const { hast, file } = await example()
    const one = await renderEpub(hast, file, { date })
    const two = await renderEpub(hast, file, { date })
    expect(Buffer.from(one).equals(Buffer.from(two))).toBe(true)
    expect(new TextDecoder().decode(one.slice(30, 38))).toBe('mimetype')
    expect(one[8]).toBe(0)
    const zip = await JSZip.loadAsync(one)
    const dates = new Set(Object.values(zip.files).map((entry) => entry.date.toISOString()))
    expect(dates).toEqual(new Set(['2024-01-02T03:04:04.000Z'])) // DOS time has two-second steps
  })
})

describe('what epub-gen-memory does by default, and Colophon does not', () => {
  it('keeps attributes outside its allow-list (datetime, data-*)', async () => {
    const { hast, file } = await fromFixture('images.md')
    const article = hast.children[0]
    if (article?.type === 'element') article.properties.dataEdition = 'epub'
    const files = await readEpub(await renderEpub(hast, file, { date }))
    expect(files.get('OEBPS/article.xhtml')).toContain('data-edition="epub"')
    expect(files.get('OEBPS/title-page.xhtml')).toContain('<time datetime="2024-07-02T12:21+08:00">')
  })

  it('embeds local images under content-hash names with their media type, and never a remote one', async () => {
    const { hast, file } = await fromFixture('images.md')
    const bytes = await renderEpub(hast, file, { date })
    const zip = await JSZip.loadAsync(bytes)
    const images = Object.keys(zip.files).filter((name) => name.startsWith('OEBPS/images/'))
    expect(images).toEqual([expect.stringMatching(/^OEBPS\/images\/[0-9a-f]{16}\.png$/)])
    const opf = await zip.file('OEBPS/content.opf')?.async('string')
    expect(opf).toMatch(/<item id="image-[0-9a-f]{16}" href="images\/[0-9a-f]{16}\.png" media-type="image\/png"\/>/)
    expect(opf).toContain('<meta property="schema:accessibilityFeature">alternativeText</meta>')
    expect(file.messages.map((message) => message.ruleId)).toContain('remote-asset')
    expect(await zip.file('OEBPS/article.xhtml')?.async('string')).toContain('[A remote picture]')
  })

  it('nests the table of contents and splits long texts at a heading depth', async () => {
    const processed = await processForTest(longArticle(), { path: 'long.md' })
    const files = await readEpub(await renderEpub(processed.hast, processed.file, { date, split: 2 }))
    const chapters = [...files.keys()].filter((name) => /OEBPS\/article(-\d+)?\.xhtml$/.test(name))
    expect(chapters).toHaveLength(24)
    const nav = files.get('OEBPS/nav.xhtml') ?? ''
    expect(nav).toMatch(
      /<li><a href="article-2\.xhtml#part-2">Part 2<\/a>\s*<ol>\s*<li><a href="article-2\.xhtml#detail-2">Detail 2<\/a><\/li>/,
    )
    // A link into another part follows it there.
    expect(files.get('OEBPS/article-3.xhtml')).toContain('href="article.xhtml#part-1"')
  })

  it('embeds fonts only when asked, subset to the characters used', async () => {
    const { hast, file } = await example()
    const files = await readEpub(await renderEpub(hast, file, { date, embedFonts: true }))
    const fonts = [...files.keys()].filter((name) => name.startsWith('OEBPS/fonts/'))
    expect(fonts).toHaveLength(4)
    const zip = await JSZip.loadAsync(await renderEpub(hast, file, { date, embedFonts: true }))
    const size = (await zip.file(fonts[0] as string)?.async('uint8array'))?.byteLength ?? 0
    expect(size).toBeGreaterThan(1000)
    expect(size).toBeLessThan(100_000) // the whole face is 505 kB
    expect(files.get('OEBPS/style.css')).toContain('font-family: "Noto Serif"')
    expect(files.get('OEBPS/content.opf')).toContain('media-type="font/woff2"')
  })

  it('embeds no fonts (reading systems bring theirs) and keeps the stylesheet ours', async () => {
    const { hast, file } = await example()
    const files = await readEpub(await renderEpub(hast, file, { date, extraCss: 'p { color: black; }' }))
    expect([...files.keys()].some((name) => /\.(ttf|otf|woff2?)$/.test(name))).toBe(false)
    expect(files.get('OEBPS/style.css')).toContain('p { color: black; }')
  })
})

describe('books', () => {
  it('puts one chapter per article in order, each with its own byline and date', async () => {
    const articles = [await example(), await fromFixture('images.md'), await fromFixture('special-title.md')]
    const metadata = bookMetadata(
      articles.map(({ file }) => file.data.metadata as NonNullable<typeof file.data.metadata>),
      { title: 'Steppe & Silk Road: three articles', publisher: { name: 'Colophon Press' } },
    )
    const bytes = await renderEpubBook(
      { metadata, articles: articles.map(({ hast, file }) => ({ tree: hast, file })) },
      { date },
    )
    save('book.epub', bytes)
    const files = await readEpub(bytes)
    const spine = [...(files.get('OEBPS/content.opf') ?? '').matchAll(/<itemref idref="([^"]+)"/g)].map(
      (match) => match[1],
    )
    expect(spine).toEqual(['title-page', 'article-01', 'article-02', 'article-03', 'editorial-notes'])
    expect(files.get('OEBPS/article-01.xhtml')).toContain('<span class="author">Xi Jinping</span>')
    expect(files.get('OEBPS/article-02.xhtml')).toContain('<time datetime="2024-07-02T12:21+08:00">')
    expect(files.get('OEBPS/content.opf')).toMatch(
      /<dc:title id="title">Steppe (&amp;|&#x26;) Silk Road: three articles<\/dc:title>/,
    )
    // Each article under the one title its page and the book's contents show.
    const nav = files.get('OEBPS/nav.xhtml') ?? ''
    expect(nav).toContain('<a href="article-01.xhtml">Xi Jinping published a signed article in Kazakh media</a>')
    expect(files.get('OEBPS/article-01.xhtml')).toContain('Xi Jinping published a signed article in Kazakh media</h2>')
    expect(files.get('OEBPS/editorial-notes.xhtml')).toContain(
      '<h2>Xi Jinping published a signed article in Kazakh media</h2>',
    )
    expect(files.get('OEBPS/content.opf')).toContain('<dc:publisher>Colophon Press</dc:publisher>')
  })
})

const pipelineFixture = (name: string) =>
  fileURLToPath(new URL(`../../pipeline/test/fixtures/${name}`, import.meta.url))

async function manuscript() {
  const path = pipelineFixture('manuscript/input.md')
  return processForTest(readFileSync(path, 'utf8'), { path })
}

async function readme(): Promise<Uint8Array> {
  const file = new VFile({ path: 'README.md', value: readFileSync(new URL('../README.md', import.meta.url), 'utf8') })
  await unified()
    .use(remarkParse)
    .use(remarkRehype)
    .use(editionPlugin(epubEdition), { context: { date } })
    .process(file)
  return file.value as Uint8Array
}

describe('documents of other shapes', () => {
  it('shows the title, author and date of a front-matter post on its title page', async () => {
    const path = pipelineFixture('front-matter-post/input.md')
    const { hast, file } = await processForTest(readFileSync(path, 'utf8'), { path })
    const files = await readEpub(await renderEpub(hast, file, { date }))
    const page = files.get('OEBPS/title-page.xhtml') ?? ''
    expect(page).toContain('<h1 id="a-walk-through-almaty" class="title">A Walk Through Almaty</h1>')
    expect(page).toContain('<time datetime="2024-05-02">May 2, 2024</time>')
    expect(page).toContain('<span class="author">Aigerim Sadykova</span>')
  })

  it('gives a 12-chapter manuscript one file and one contents entry per chapter', async () => {
    const { hast, file } = await manuscript()
    const files = await readEpub(await renderEpub(hast, file, { date }))
    const chapters = [...files.keys()].filter((name) => /^OEBPS\/article(-\d+)?\.xhtml$/.test(name))
    expect(chapters).toHaveLength(12)
    const nav = files.get('OEBPS/nav.xhtml') ?? ''
    const toc = nav.slice(nav.indexOf('<nav epub:type="toc"'), nav.indexOf('</nav>'))
    const top = toc.match(/^ {8}<li>/gm) ?? []
    expect(top).toHaveLength(12)
    expect(toc).toContain('<a href="article-12.xhtml#chapter-12">Chapter 12</a>')
    expect(toc).toMatch(/Chapter 3<\/a>\s*<ol>\s*<li><a href="article-3\.xhtml#a-letter">A letter<\/a>/)
    const ncx = files.get('OEBPS/toc.ncx') ?? ''
    expect(ncx.match(/<navPoint /g)).toHaveLength(13) // 12 chapters and the letter in chapter 3
  })

  it('speaks the language of the publication in its navigation', async () => {
    const { hast, file } = await fromFixture('../../../render-html/test/fixtures/kazakh.md')
    const files = await readEpub(await renderEpub(hast, file, { date }))
    expect(files.get('OEBPS/nav.xhtml')).toContain('<h1 id="toc-title">Мазмұны</h1>')
    expect(files.get('OEBPS/content.opf')).toContain('Мәтінді тақырыптар мен мазмұн арқылы')
  })

  it('compiles a plain README from remark-rehype as a unified compiler, unlinking links out of the publication', async () => {
    const files = await readEpub(await readme())
    expect([...files.values()].join('')).not.toContain('href="../')
    expect(files.get('OEBPS/title-page.xhtml')).toContain('@colophon/render-epub</h1>')
    expect(files.get('OEBPS/content.opf')).toContain('<dc:title id="title">@colophon/render-epub</dc:title>')
  })
})

describe('edge cases', () => {
  it('makes an EPUB of a document that is nothing but its title', async () => {
    const { hast, file } = await processForTest('---\ntitle: Empty\n---\n', { path: 'empty.md' })
    const files = await readEpub(await renderEpub(hast, file, { date }))
    expect(files.get('OEBPS/article.xhtml')).toContain('Empty</h1>')
    expect(files.get('OEBPS/nav.xhtml')).toContain('<a href="article.xhtml">Empty</a>')
  })

  it('follows a link from one article of a book to another', async () => {
    const a = await processForTest('---\ntitle: Alpha\n---\n\nSee [beta](#a2-beta).\n', {
      path: 'a.md',
      idPrefix: 'a1-',
    })
    const b = await processForTest('---\ntitle: Beta\n---\n\nText.\n', { path: 'b.md', idPrefix: 'a2-' })
    const metadata = bookMetadata([a.file.data.metadata as never, b.file.data.metadata as never], { title: 'Two' })
    const files = await readEpub(
      await renderEpubBook({ metadata, articles: [{ tree: a.hast }, { tree: b.hast }] }, { date }),
    )
    expect(files.get('OEBPS/article-01.xhtml')).toContain('<a href="article-02.xhtml#a2-beta">beta</a>')
  })
})

describe('links', () => {
  it('keeps links to what the publication holds, and unlinks the rest with a warning', async () => {
    const { hast, file } = await processForTest(
      '---\ntitle: Links\n---\n\n## A section\n\n[here](#a-section), [nowhere](#nowhere), [web](https://example.org/), [file](../other.md).\n',
      { path: 'links.md' },
    )
    const files = await readEpub(await renderEpub(hast, file, { date }))
    const body = files.get('OEBPS/article.xhtml') ?? ''
    expect(body).toContain('<a href="#a-section">here</a>, nowhere, <a href="https://example.org/">web</a>, file.')
    expect(
      file.messages.filter((message) => message.ruleId === 'unresolved-link').map((message) => message.reason),
    ).toEqual([
      'Link `#nowhere` points to nothing in the publication; the EPUB keeps its text without the link',
      'Link `../other.md` points outside the publication; the EPUB keeps its text without the link',
    ])
  })
})

describe('CommonMark examples that made invalid EPUBs', () => {
  const config = { metadata: { title: 'CommonMark example' } }
  const build = async (markdown: string) => {
    const { hast, file } = await processForTest(markdown, { path: 'example.md', ...config })
    const bytes = await renderEpub(hast, file, { date })
    return { bytes, files: await readEpub(bytes), file }
  }

  it('case CommonMark 214: a link to a file outside the publication in the title block is unlinked on the title page', async () => {
    const { files, file } = await build('# [Foo]\n[foo]: /url\n> bar\n')
    expect(files.get('OEBPS/title-page.xhtml')).toContain('Foo')
    expect([...files.values()].join('')).not.toContain('href="/url"')
    expect(file.messages.map((message) => message.reason)).toContain(
      'Link `/url` points outside the publication; the EPUB keeps its text without the link',
    )
  })

  it('case CommonMark 21, 31: a document whose only content is a link out of the publication still has its contents', async () => {
    const tree: Root = {
      type: 'root',
      children: [{ type: 'element', tagName: 'a', properties: { href: '/bar%5C/)' }, children: [] }],
    }
    const file = new VFile({ path: 'example.md' })
    file.data.metadata = { title: 'CommonMark example', language: 'en' } as never
    const files = await readEpub(await renderEpub(tree, file, { date }))
    expect(files.get('OEBPS/nav.xhtml')).toContain('<a href="article.xhtml">CommonMark example</a>')
    expect(files.get('OEBPS/article.xhtml')).not.toContain('href="/bar')
  })

  it('case CommonMark 79: headings without text are not entries of the navigation', async () => {
    const { files } = await build('## \n#\n### ###\n')
    expect(files.get('OEBPS/nav.xhtml')).not.toMatch(/<a [^>]*>\s*<\/a>/)
    expect(files.get('OEBPS/toc.ncx')).not.toMatch(/<text>\s*<\/text>/)
  })

  it('case CommonMark 629: `]]>` in a metadata field is escaped in the package document', async () => {
    const { files } = await build('foo <![CDATA[>&<]]>\n')
    const opf = files.get('OEBPS/content.opf') ?? ''
    expect(opf).toContain('<dc:description>')
    expect(opf).not.toContain(']]>')
  })

  it.skipIf(!have('epubcheck'))(`each of them passes epubcheck${needs('epubcheck')}`, async () => {
    for (const [number, markdown] of [
      [214, '# [Foo]\n[foo]: /url\n> bar\n'],
      [79, '## \n#\n### ###\n'],
      [629, 'foo <![CDATA[>&<]]>\n'],
    ] as const) {
      const result = epubcheck(save(`commonmark-${number}.epub`, (await build(markdown)).bytes))
      expect(result.messages, result.output).toEqual([])
    }
  })
})

describe('epubcheck', () => {
  const cases: Array<[string, () => Promise<Uint8Array>]> = [
    [
      'the example, with a generated cover',
      async () => {
        const { hast, file } = await example()
        return renderEpub(hast, file, { date, cover: 'generate' })
      },
    ],
    [
      'a 12-chapter manuscript',
      async () => {
        const { hast, file } = await manuscript()
        return renderEpub(hast, file, { date })
      },
    ],
    ['a plain README from remark-rehype', readme],
    [
      'a fixture with images',
      async () => {
        const { hast, file } = await fromFixture('images.md')
        return renderEpub(hast, file, { date })
      },
    ],
    [
      'a long text split in parts',
      async () => {
        const { hast, file } = await processForTest(longArticle(), { path: 'long.md' })
        return renderEpub(hast, file, { date, split: 2 })
      },
    ],
    [
      'a title with &, < and quotes',
      async () => {
        const { hast, file } = await fromFixture('special-title.md')
        return renderEpub(hast, file, { date, cover: 'generate' })
      },
    ],
    [
      'the example with embedded fonts',
      async () => {
        const { hast, file } = await example()
        return renderEpub(hast, file, { date, embedFonts: true })
      },
    ],
    [
      'a three-article book',
      async () => {
        const articles = [await example(), await fromFixture('images.md'), await fromFixture('special-title.md')]
        const metadata = bookMetadata(
          articles.map(({ file }) => file.data.metadata as NonNullable<typeof file.data.metadata>),
          { title: 'Three <articles> & "more"' },
        )
        return renderEpubBook(
          { metadata, articles: articles.map(({ hast, file }) => ({ tree: hast, file })) },
          { date, cover: 'generate' },
        )
      },
    ],
  ]
  it.skipIf(!have('epubcheck')).each(cases)(
    `%s: 0 fatals, 0 errors, 0 warnings${needs('epubcheck')}`,
    async (name, make) => {
      const path = save(`${name.replace(/[^a-z0-9]+/gi, '-')}.epub`, await make())
      const result = epubcheck(path)
      expect(result.messages, result.output).toEqual([])
      expect([result.fatals, result.errors, result.warnings]).toEqual([0, 0, 0])
    },
  )
})
