import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { metadataSchema } from '@colophon/metadata'
import {
  type ContentDocument,
  navDocument,
  ncxDocument,
  type Publication,
  packageDocument,
  packageEpub,
  type Resource,
  toXhtml,
} from '@colophon/render-epub'
import { EPub } from 'epub-gen-memory'
import type { ElementContent } from 'hast'
import { fromHtml } from 'hast-util-from-html'
import JSZip from 'jszip'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { epubcheck } from '../../../scripts/conformance.js'
import { readEpub } from '../../../scripts/inspect.js'
import { have, needs } from '../../../scripts/tools.js'

const require = createRequire(import.meta.url)
// epub-gen-memory's downloader (local files and URLs): `retryFetch` calls its
// `default` through the CommonJS exports object, so a spy sees every call.
const fetchable: {
  default: (url: string, timeout: number) => Promise<Buffer>
} = require('epub-gen-memory/dist/lib/util/fetchable.js')

const outputDir = fileURLToPath(new URL('../test-output/', import.meta.url))
const date = new Date('2024-01-02T03:04:05Z')
const png = new Uint8Array(readFileSync(new URL('fixtures/images/steppe.png', import.meta.url)))
const css = 'body { margin: 0 }'

afterEach(() => {
  vi.restoreAllMocks()
})

/** Body children from an HTML fragment (parsed as a browser would). */
function body(html: string): ElementContent[] {
  return fromHtml(html, { fragment: true }).children as ElementContent[]
}

function publication(
  html: string,
  options: { title?: string; language?: string; resources?: Resource[]; tocTitle?: string } = {},
): Publication {
  const title = options.title ?? 'Wind farms on the steppe'
  const language = options.language ?? 'en'
  const document: ContentDocument = {
    id: 'article',
    filename: 'article.xhtml',
    title,
    language,
    body: [{ type: 'element', tagName: 'article', properties: { lang: language }, children: body(html) }],
    bodyType: 'bodymatter',
    toc: [{ title, href: 'article.xhtml', children: [] }],
    landmark: { type: 'bodymatter', title: 'Start of content' },
  }
  return {
    metadata: metadataSchema.parse({
      title,
      language,
      identifier: 'urn:uuid:8a1f3c2e-0b6d-4c1e-9f4a-2d3b5c6e7f80',
      authors: [{ name: 'Aigerim Nurlanovna' }],
      datePublished: '2024-07-02',
    }),
    date,
    documents: [document],
    resources: [{ id: 'css', filename: 'style.css', mediaType: 'text/css', data: css }, ...(options.resources ?? [])],
    tocTitle: options.tocTitle ?? 'Contents',
  }
}

const image: Resource = { id: 'image-5a0e', filename: 'images/5a0e7c1d2b3f4a69.png', mediaType: 'image/png', data: png }

/** epub-gen-memory as it comes: its normalization of one chapter. */
class Stock extends EPub {
  constructor(content: string) {
    super({ title: 'Stock', version: 3, verbose: false }, [{ title: 'Chapter', content }])
  }
  get normalized(): string {
    return this.content[0]?.content ?? ''
  }
  get imageNames(): string[] {
    return this.images.map((record) => `images/${record.id}.${record.extension}`)
  }
}

/** The attributes of every start tag `name` in an XML string. */
function startTags(xml: string, name: string): Array<Array<[string, string]>> {
  return [...xml.matchAll(new RegExp(`<${name}((?:\\s[^>]*?)?)/?>`, 'g'))].map((match) =>
    [...(match[1] ?? '').matchAll(/\s([^\s=]+)="([^"]*)"/g)].map((attribute) => [
      attribute[1] as string,
      attribute[2] as string,
    ]),
  )
}

/** Text of XML character data (the predefined entities and character references). */
function decodeXml(value: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
  return value.replace(
    /&(?:#x([0-9a-f]+)|#(\d+)|([a-z]+));/gi,
    (reference, hex?: string, decimal?: string, name?: string) =>
      hex
        ? String.fromCodePoint(Number.parseInt(hex, 16))
        : decimal
          ? String.fromCodePoint(Number(decimal))
          : (named[name ?? ''] ?? reference),
  )
}

function save(name: string, bytes: Uint8Array): string {
  mkdirSync(outputDir, { recursive: true })
  const path = `${outputDir}${name}`
  writeFileSync(path, bytes)
  return path
}

/** Elements with attributes epub-gen-memory's allow-list (util/constants.js) drops. */
const attributeKinds = `
<p><time datetime="2024-07-02T12:21+06:00">2 July</time></p>
<ol start="3" reversed type="a"><li value="7">seventh</li><li>sixth</li></ol>
<table><caption>Output</caption><colgroup span="2"></colgroup>
<thead><tr><th id="year" scope="col" abbr="Yr">Year</th><th id="mw" scope="col">MW</th></tr></thead>
<tbody><tr><td headers="year">2024</td><td headers="mw">100</td></tr></tbody></table>
<figure><img src="images/5a0e7c1d2b3f4a69.png" alt="Turbines" width="1" height="1" srcset="images/5a0e7c1d2b3f4a69.png 1x"></figure>
<blockquote cite="https://example.org/source"><p>Quoted.</p></blockquote>
<p><q cite="https://example.org/q">short</q> <del datetime="2024-07-01" cite="https://example.org/why">old</del> <ins datetime="2024-07-02">new</ins></p>
<p data-edition="epub" data-note-id="n1" translate="no">data and translate</p>
<p><a href="#year" aria-current="page" hreflang="en">link</a> <data value="42">forty-two</data></p>
<div itemscope itemtype="https://schema.org/Place"><span itemprop="name">Zhanatas</span></div>
<p><span about="#zhanatas" property="name">RDFa of the user</span></p>
<details open><summary>More</summary><p>Inside.</p></details>
<p><abbr title="Megawatt&#10;(10⁶ W)">MW</abbr></p>
`

/** Each element and the attributes it must keep, as XML. */
const attributeExpectations: Array<[string, Array<[string, string]>]> = [
  ['time', [['datetime', '2024-07-02T12:21+06:00']]],
  [
    'ol',
    [
      ['start', '3'],
      ['reversed', ''],
      ['type', 'a'],
    ],
  ],
  ['li', [['value', '7']]],
  [
    'th',
    [
      ['id', 'year'],
      ['scope', 'col'],
      ['abbr', 'Yr'],
    ],
  ],
  ['td', [['headers', 'year']]],
  ['colgroup', [['span', '2']]],
  [
    'img',
    [
      ['src', 'images/5a0e7c1d2b3f4a69.png'],
      ['alt', 'Turbines'],
      ['width', '1'],
      ['height', '1'],
      ['srcset', 'images/5a0e7c1d2b3f4a69.png 1x'],
    ],
  ],
  ['blockquote', [['cite', 'https://example.org/source']]],
  ['q', [['cite', 'https://example.org/q']]],
  [
    'del',
    [
      ['datetime', '2024-07-01'],
      ['cite', 'https://example.org/why'],
    ],
  ],
  ['ins', [['datetime', '2024-07-02']]],
  [
    'p',
    [
      ['data-edition', 'epub'],
      ['data-note-id', 'n1'],
      ['translate', 'no'],
    ],
  ],
  [
    'a',
    [
      ['href', '#year'],
      ['aria-current', 'page'],
      ['hreflang', 'en'],
    ],
  ],
  ['data', [['value', '42']]],
  ['span', [['itemprop', 'name']]],
  [
    'span',
    [
      ['about', '#zhanatas'],
      ['property', 'name'],
    ],
  ],
  ['details', [['open', '']]],
  // Kept by its allow-list, but a raw line break would be read as a space.
  ['abbr', [['title', 'Megawatt&#10;(10⁶ W)']]],
]

function expectAttributes(xml: string) {
  for (const [name, expected] of attributeExpectations) {
    const tags = startTags(xml, name)
    const match = tags.find((attributes) =>
      expected.every(([key, value]) => attributes.some(([k, v]) => k === key && v === value)),
    )
    expect(match, `<${name}> with ${JSON.stringify(expected)} in ${JSON.stringify(tags)}`).toBeDefined()
    for (const attributes of tags) {
      const names = attributes.map(([key]) => key)
      expect(new Set(names).size, `<${name}> has each attribute once`).toBe(names.length)
    }
  }
}

describe('packageEpub: epub-gen-memory assembles the EPUB', () => {
  it('renders our templates from its chapters: OPF, nav, NCX and content documents', async () => {
    const input = publication('<p>Text.</p>')
    const files = await readEpub(await packageEpub(input))
    expect([...files.keys()]).toEqual([
      'mimetype',
      'META-INF/container.xml',
      'OEBPS/content.opf',
      'OEBPS/article.xhtml',
      'OEBPS/nav.xhtml',
      'OEBPS/style.css',
      'OEBPS/toc.ncx',
    ])
    // The same templates, rendered on their own, give the same documents.
    expect(files.get('OEBPS/content.opf')).toBe(packageDocument(input))
    expect(files.get('OEBPS/nav.xhtml')).toBe(navDocument(input))
    expect(files.get('OEBPS/toc.ncx')).toBe(ncxDocument(input))
    expect(files.get('OEBPS/article.xhtml')).toBe(toXhtml(input.documents[0] as ContentDocument))
    const chapter = files.get('OEBPS/article.xhtml') ?? ''
    expect(chapter).toContain(
      '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en" xml:lang="en">',
    )
    expect(chapter).toContain('<title>Wind farms on the steppe</title>')
    expect(chapter).toContain('<link rel="stylesheet" type="text/css" href="style.css"/>')
    expect(chapter).toContain('<body epub:type="bodymatter"><article lang="en"><p>Text.</p></article></body>')
    const opf = files.get('OEBPS/content.opf') ?? ''
    expect(opf).toContain('<dc:identifier id="pub-id">urn:uuid:8a1f3c2e-0b6d-4c1e-9f4a-2d3b5c6e7f80</dc:identifier>')
    expect(opf).toContain('<item id="article" href="article.xhtml" media-type="application/xhtml+xml"/>')
    expect(opf).toContain('<itemref idref="article"/>')
    // Nothing of its own templates.
    for (const text of ['epub-gen', 'BookId', 'All rights reserved', 'ibooks', 'Table of Contents']) {
      expect([...files.values()].join('\n')).not.toContain(text)
    }
    expect(files.get('OEBPS/style.css')).toBe(css)
  })

  it('passes user text to EJS as data only: `<%` in titles and text stays text', async () => {
    const ejs = '<%= 6 * 7 %> <%- "raw" %>'
    const input = publication(`<p>${ejs.replace(/</g, '&lt;')}</p>`, { title: `Title ${ejs}`, tocTitle: ejs })
    const files = await readEpub(await packageEpub(input))
    const all = [...files.values()].join('\n')
    expect(all).not.toMatch(/\b42\b/)
    expect(all).not.toContain('<%')
    expect(files.get('OEBPS/article.xhtml')).toContain('<p>&lt;%= 6 * 7 %&gt; &lt;%- &quot;raw&quot; %&gt;</p>')
    expect(files.get('OEBPS/nav.xhtml')).toContain('&lt;%= 6 * 7 %&gt; &lt;%- &#34;raw&#34; %&gt;')
    const title = /<dc:title id="title">([^<]*)<\/dc:title>/.exec(files.get('OEBPS/content.opf') ?? '')?.[1]
    expect(decodeXml(title ?? '')).toBe(`Title ${ejs}`)
  })

  it('nests the table of contents in the nav and the NCX', () => {
    const input = publication('<h2 id="a">A</h2><h3 id="b">B</h3>')
    const document = input.documents[0] as ContentDocument
    document.toc = [
      {
        title: 'Article',
        href: 'article.xhtml',
        children: [
          { title: 'A', href: 'article.xhtml#a', children: [{ title: 'B', href: 'article.xhtml#b', children: [] }] },
        ],
      },
    ]
    const nav = navDocument(input)
    expect(nav).toMatch(
      /<li><a href="article.xhtml">Article<\/a>\s*<ol>\s*<li><a href="article.xhtml#a">A<\/a>\s*<ol>\s*<li><a href="article.xhtml#b">B<\/a><\/li>\s*<\/ol>\s*<\/li>\s*<\/ol>\s*<\/li>/,
    )
    expect(nav).toContain('<li><a epub:type="bodymatter" href="article.xhtml">Start of content</a></li>')
    const ncx = ncxDocument(input)
    expect(ncx).toContain('<meta name="dtb:depth" content="3"/>')
    expect([...ncx.matchAll(/playOrder="(\d+)"/g)].map((match) => match[1])).toEqual(['1', '2', '3'])
    expect(ncx).toMatch(
      /<navPoint id="nav-2" playOrder="2">\s*<navLabel><text>A<\/text><\/navLabel>\s*<content src="article.xhtml#a"\/>\s*<navPoint id="nav-3"/,
    )
  })
})

describe('what epub-gen-memory would lose, and Colophon keeps', () => {
  it('(a) its allow-list drops datetime, start, reversed, value, scope, headers, abbr, width, height, cite, srcset, data-* …', () => {
    const normalized = new Stock(attributeKinds).normalized
    for (const name of ['datetime', 'start', 'reversed', 'value', 'scope', 'headers', 'abbr', 'width', 'height']) {
      expect(normalized).not.toContain(` ${name}=`)
    }
    for (const name of ['cite', 'srcset', 'data-edition', 'translate', 'aria-current', 'itemprop', 'span', 'open']) {
      expect(normalized).not.toContain(` ${name}=`)
    }
  })

  it('(a) keeps every attribute of every element kind in the final XHTML', async () => {
    const bytes = await packageEpub(publication(attributeKinds, { resources: [image] }))
    save('package-attributes.epub', bytes)
    const chapter = (await readEpub(bytes)).get('OEBPS/article.xhtml') ?? ''
    expectAttributes(chapter)
    // The marker is gone: the only `about` left is the user's own.
    expect(
      startTags(chapter, '[a-z]+')
        .flat()
        .filter(([key]) => key === 'about'),
    ).toEqual([['about', '#zhanatas']])
  })

  it('(e) its placeholder alt: an image with alt="" stays decorative, one without alt gets none', async () => {
    const html = '<img src="images/5a0e7c1d2b3f4a69.png" alt=""><img src="images/5a0e7c1d2b3f4a69.png">'
    expect(new Stock(html).normalized.match(/alt="image-placeholder"/g)).toHaveLength(2)
    const chapter = (await readEpub(await packageEpub(publication(html, { resources: [image] })))).get(
      'OEBPS/article.xhtml',
    )
    expect(chapter).not.toContain('image-placeholder')
    expect(startTags(chapter ?? '', 'img')).toEqual([
      [
        ['src', 'images/5a0e7c1d2b3f4a69.png'],
        ['alt', ''],
      ],
      [['src', 'images/5a0e7c1d2b3f4a69.png']],
    ])
  })

  it('(e) it removes an <img> without src: Colophon refuses it rather than lose it', async () => {
    expect(new Stock('<p><img alt="A picture"></p>').normalized).toBe('<p/>')
    await expect(packageEpub(publication('<p><img alt="A picture"></p>'))).rejects.toThrow(
      /<img> without src in article\.xhtml/,
    )
  })

  it('(b) it names images with random uuids; Colophon keeps its content-hash names, so two builds are byte-identical', async () => {
    const html = '<p><img src="images/5a0e7c1d2b3f4a69.png" alt="Turbines"></p>'
    const [one, two] = [new Stock(html).imageNames, new Stock(html).imageNames]
    expect(one?.[0]).toMatch(/^images\/[0-9a-f-]{36}\.png$/)
    expect(one).not.toEqual(two)

    const first = await packageEpub(publication(html, { resources: [image] }))
    const second = await packageEpub(publication(html, { resources: [image] }))
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true)
    const zip = await JSZip.loadAsync(first)
    expect(Object.keys(zip.files).filter((name) => name.startsWith('OEBPS/images/'))).toEqual([
      'OEBPS/images/5a0e7c1d2b3f4a69.png',
    ])
    expect(await zip.file('OEBPS/images/5a0e7c1d2b3f4a69.png')?.async('uint8array')).toEqual(png)
    expect(await zip.file('OEBPS/article.xhtml')?.async('string')).toContain(
      '<img src="images/5a0e7c1d2b3f4a69.png" alt="Turbines"/>',
    )
    expect(await zip.file('OEBPS/content.opf')?.async('string')).toContain(
      '<item id="image-5a0e" href="images/5a0e7c1d2b3f4a69.png" media-type="image/png"/>',
    )
  })

  it('(c) it fetches every image URL; Colophon writes bytes from memory and fetches nothing', async () => {
    const html = '<p><img src="images/5a0e7c1d2b3f4a69.png" alt="Turbines"></p>'
    const fetch = vi.spyOn(fetchable, 'default').mockRejectedValue(new Error('offline'))
    // Its own path: the relative URL goes to its downloader, and fails.
    await expect(new Stock(html).genEpub()).rejects.toThrow('offline')
    expect(fetch).toHaveBeenCalledWith('images/5a0e7c1d2b3f4a69.png', 20000)
    fetch.mockClear()

    const cover: Resource = { ...image, id: 'cover-image', filename: 'images/cover.png', properties: 'cover-image' }
    const input = publication(html, { resources: [image, cover] })
    input.documents.unshift({
      id: 'cover',
      filename: 'cover.xhtml',
      title: 'Cover',
      language: 'en',
      body: body('<section epub:type="cover"><img src="images/cover.png" alt="Cover"></section>'),
      toc: [],
      landmark: { type: 'cover', title: 'Cover' },
    })
    input.resources.push({
      id: 'font-1',
      filename: 'fonts/font-1.woff2',
      mediaType: 'font/woff2',
      data: new Uint8Array([1, 2, 3]),
    })
    const zip = await JSZip.loadAsync(await packageEpub(input))
    expect(fetch).not.toHaveBeenCalled()
    expect(await zip.file('OEBPS/images/cover.png')?.async('uint8array')).toEqual(png)
    expect(await zip.file('OEBPS/fonts/font-1.woff2')?.async('uint8array')).toEqual(new Uint8Array([1, 2, 3]))
    expect(await zip.file('OEBPS/content.opf')?.async('string')).toContain(
      '<item id="cover-image" href="images/cover.png" media-type="image/png" properties="cover-image"/>',
    )
  })

  it('(c) an image without bytes in the publication is an error, never a download', async () => {
    const fetch = vi.spyOn(fetchable, 'default').mockRejectedValue(new Error('offline'))
    await expect(
      packageEpub(publication('<p><img src="https://example.org/turbine.png" alt="x"></p>')),
    ).rejects.toThrow(/image `https:\/\/example\.org\/turbine\.png` has no bytes/)
    expect(fetch).not.toHaveBeenCalled()
  })

  it('(d) its serializer writes non-ASCII as character references; Colophon writes UTF-8 (Kazakh, Russian)', async () => {
    const text = 'Қазақстан Республикасы — «Жаңатас» жел электр станциясы; Россия: ёлка & <тег> 😀'
    const html = `<p title="Үкімет">${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`
    expect(new Stock(html).normalized).toContain('&#x49A;&#x430;&#x437;&#x430;&#x49B;')
    const bytes = await packageEpub(publication(html, { title: 'Жел электр стансалары', language: 'kk' }))
    save('package-kazakh.epub', bytes)
    const files = await readEpub(bytes)
    const chapter = files.get('OEBPS/article.xhtml') ?? ''
    expect(chapter).toContain(
      '<p title="Үкімет">Қазақстан Республикасы — «Жаңатас» жел электр станциясы; Россия: ёлка &amp; &lt;тег&gt; 😀</p>',
    )
    expect(chapter).toContain('lang="kk" xml:lang="kk"')
    for (const file of files.values()) expect(file).not.toMatch(/&#x?[0-9a-f]+;/i)
    expect(files.get('OEBPS/nav.xhtml')).toContain('<a href="article.xhtml">Жел электр стансалары</a>')
    expect(files.get('OEBPS/toc.ncx')).toContain('<text>Жел электр стансалары</text>')
  })

  it('(e) htmlparser2 lowercases SVG names and the allow-list drops viewBox: inline SVG comes back whole', async () => {
    const svg =
      '<figure><svg viewBox="0 0 10 10" width="10" height="10" role="img" aria-label="A square"><defs><linearGradient id="g"><stop offset="0" stop-color="#8a2f1b"></stop></linearGradient></defs><rect width="10" height="10" fill="url(#g)"></rect></svg></figure>'
    const normalized = new Stock(svg).normalized
    expect(normalized).toContain('<lineargradient')
    expect(normalized).not.toContain('viewBox')
    const bytes = await packageEpub(publication(svg))
    save('package-svg.epub', bytes)
    const files = await readEpub(bytes)
    const chapter = files.get('OEBPS/article.xhtml') ?? ''
    expect(chapter).toContain(
      '<svg role="img" aria-label="A square" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="10" height="10">',
    )
    expect(chapter).toContain('<linearGradient id="g"><stop offset="0" stop-color="#8a2f1b"/></linearGradient>')
    expect(files.get('OEBPS/content.opf')).toContain(
      '<item id="article" href="article.xhtml" media-type="application/xhtml+xml" properties="svg"/>',
    )
  })
})

describe('epubcheck on the EPUBs of these tests', () => {
  const cases: Array<[string, () => Promise<Uint8Array>]> = [
    [
      'attributes outside the allow-list',
      // epubcheck 4.2.6's HTML schema predates `abbr` on <th>.
      () => packageEpub(publication(attributeKinds.replace(' abbr="Yr"', ''), { resources: [image] })),
    ],
    [
      'Kazakh text',
      () =>
        packageEpub(
          publication('<p>Қазақстан Республикасы — «Жаңатас» жел электр станциясы.</p>', {
            title: 'Жел электр стансалары',
            language: 'kk',
          }),
        ),
    ],
    [
      'decorative and described images',
      () =>
        packageEpub(
          publication(
            '<p><img src="images/5a0e7c1d2b3f4a69.png" alt=""><img src="images/5a0e7c1d2b3f4a69.png" alt="Turbines"></p>',
            {
              resources: [image],
            },
          ),
        ),
    ],
    [
      'inline SVG',
      () =>
        packageEpub(
          publication(
            '<figure><svg viewBox="0 0 10 10" role="img" aria-label="A square"><defs><linearGradient id="g"><stop offset="0" stop-color="#8a2f1b"></stop></linearGradient></defs><rect width="10" height="10" fill="url(#g)"></rect></svg></figure>',
          ),
        ),
    ],
  ]
  it.skipIf(!have('epubcheck')).each(cases)(
    `%s: 0 fatals, 0 errors, 0 warnings${needs('epubcheck')}`,
    async (name, make) => {
      const path = save(`package-${name.replace(/[^a-z0-9]+/gi, '-')}.epub`, await make())
      const result = epubcheck(path)
      expect(result.messages, result.output).toEqual([])
      expect([result.fatals, result.errors, result.warnings]).toEqual([0, 0, 0])
    },
  )
})
