import {
  articlesOf,
  articleTitle,
  type Edition,
  EditionSettingsError,
  editionPlugin,
  editionSettings,
  isBook,
  labelsFor,
  publicationMetadata,
  toArticleHast,
  toBookHast,
  toPublication,
} from '@colophon/article-hast'
import remarkArticle from '@colophon/remark-article'
import remarkMetadata from '@colophon/remark-metadata'
import type { Element, Root } from 'hast'
import { toHtml } from 'hast-util-to-html'
import type { Root as MdastRoot } from 'mdast'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'

async function publication(value: string, path = 'doc.md'): Promise<{ tree: Root; file: VFile; html: string }> {
  const file = new VFile({ path, value })
  const processor = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkArticle)
    .use(remarkMetadata, { defaults: { language: 'en' } })
  const mdast = (await processor.run(processor.parse(file), file)) as MdastRoot
  const tree = toArticleHast(mdast, file)
  return { tree, file, html: toHtml(tree) }
}

describe('the title block', () => {
  it('comes from the front matter when the text has no headline', async () => {
    const { html } = await publication(
      '---\ntitle: A post\nsubtitle: On walking\nauthor: [{name: Ana, role: Editor}, Bo]\ndate: 2024-05-02\n---\n\nText.\n',
    )
    expect(html).toContain(
      '<header class="title-block"><h1 id="a-post" class="title">A post</h1><p class="subtitle">On walking</p><p class="date"><time datetime="2024-05-02">May 2, 2024</time></p><p class="byline"><span class="author">Ana</span>, <span class="role">Editor</span></p><p class="byline"><span class="author">Bo</span></p></header>',
    )
  })

  it('says where the original appeared once, in the title block, and links only http(s)', async () => {
    const { html } = await publication(
      '---\ntitle: T\nsource: {name: The Paper, url: "https://paper.example/a", date: 2023-01-02}\n---\n\nText.\n',
    )
    expect(html.match(/Originally published in/g)).toHaveLength(1)
    expect(html).toContain(
      '<p class="source">Originally published in <a href="https://paper.example/a"><cite>The Paper</cite></a>, <time datetime="2023-01-02">January 2, 2023</time>.</p></header>',
    )
  })

  it('makes the only h1 of the text the headline, and h1s of the text chapters when there are several', async () => {
    expect((await publication('# Only\n\nText.\n')).html).toContain('<h1 id="only" class="headline">Only</h1>')
    const { html } = await publication('---\ntitle: Book\n---\n\n# One\n\nA.\n\n# Two\n\nB.\n')
    expect(html).toContain('<h1 id="book" class="title">Book</h1>')
    expect(html).toContain(
      '<section class="chapter" aria-labelledby="one"><h2 id="one">One</h2><p>A.</p></section><section class="chapter" aria-labelledby="two"><h2 id="two">Two</h2><p>B.</p></section>',
    )
  })

  it('keeps a single top-level heading out of chapters', async () => {
    const { html } = await publication('---\ntitle: T\n---\n\n## Only section\n\nText.\n')
    expect(html).not.toContain('class="chapter"')
  })
})

describe('what HTML5 and EPUB 3 accept', () => {
  it('closes up heading levels that skip, and says so', async () => {
    const { html, file } = await publication('# Tool\n\n### Skipped\n\n##### Deeper\n\n## Back\n')
    expect(html).toContain('<h2 id="skipped">Skipped</h2><h3 id="deeper">Deeper</h3><h2 id="back">Back</h2>')
    expect(file.messages.filter((message) => message.ruleId === 'heading-levels').map(String)).toEqual([
      'doc.md:1:1: 2 headings moved up so that no heading skips a level',
    ])
  })

  it('turns table cell alignment into classes and drops presentational attributes of raw HTML', async () => {
    const { html } = await publication(
      '| a | b |\n| :-: | --: |\n| 1 | 2 |\n\n<div align="center"><img src="x.png" width="20" hspace="3"><table border="1"><tr><td valign="top" width="9">c</td></tr></table></div>\n',
    )
    expect(html).toMatch(/<th class="align-center">a<\/th>\s*<th class="align-right">b<\/th>/)
    expect(html).toContain('<div><img src="x.png" width="20"><table><tbody><tr><td>c</td></tr></tbody></table></div>')
  })
})

describe('ids and links', () => {
  it('points a link at the first element of a repeated id, and survives fragments that are not valid percent-encoding', async () => {
    const { html } = await publication(
      'Text <a id="x">first</a> <a id="x">second</a> <a id="1x">renamed</a> <a href="#x">to x</a> <a href="#100%">odd</a>.\n',
    )
    expect(html).toContain('<a id="x">first</a> <a id="x-1">second</a> <a id="id-1x">renamed</a> <a href="#x">to x</a>')
    expect(html).toContain('<a href="#100%25">odd</a>')
  })

  it('gives headings of raw HTML ids, and keeps a leading dateline in the title block', async () => {
    const { html } = await publication(
      '---\ntitle: T\ndate: 2024-01-02\n---\n\n2024-01-02\n\nText.\n\n<h2>Raw heading</h2>\n',
    )
    expect(html).toContain('<h2 id="raw-heading">Raw heading</h2>')
    expect(html).toMatch(/<header class="title-block"><h1 id="t" class="title">T<\/h1><p class="dateline">/)
    expect(html).not.toContain('<p class="date">')
  })
})

describe('publicationMetadata and toPublication', () => {
  it('completes a tree from remark-rehype: title from the heading, language English, both warnings', async () => {
    const file = new VFile({ path: 'readme.md', value: '# Tool\n\nIt works.\n\n## Install\n\nnpm i tool\n' })
    const processor = unified().use(remarkParse).use(remarkRehype)
    const hast = (await processor.run(processor.parse(file), file)) as Root
    const tree = toPublication(hast, file)
    expect(toHtml(tree)).toMatch(
      /^<article lang="en"><header class="title-block"><h1 id="tool" class="headline">Tool<\/h1><\/header>/,
    )
    expect(file.data.metadata?.title).toBe('Tool')
    expect(file.messages.map((message) => [message.ruleId, message.fatal])).toEqual([
      ['missing-title', false],
      ['missing-language', false],
    ])
    // A publication tree passes as it is.
    expect(toPublication(tree, file)).toBe(tree)
  })

  it('takes the file name, then "Untitled", when nothing gives a title; drops an invalid field with a warning', () => {
    const named = new VFile({ path: 'notes/field-notes.md' })
    expect(publicationMetadata(named).title).toBe('field-notes')
    const bare = new VFile()
    bare.data.metadata = { title: '', language: 'kk', url: 'not a url' } as never
    const metadata = publicationMetadata(bare)
    expect([metadata.title, metadata.language, metadata.url]).toEqual(['Untitled', 'kk', undefined])
    expect(bare.messages.map((message) => message.ruleId)).toEqual(['missing-title', 'invalid-metadata'])
    expect(metadata.identifier).toMatch(/^urn:uuid:/)
  })
})

describe('books', () => {
  it('hold a title block, contents listing each article by the title its page shows, and the articles a level down', async () => {
    const one = await publication('# First story\n\nText.\n', 'one.md')
    const two = await publication('---\ntitle: Second\nauthor: Ana\nlanguage: kk\n---\n\n## Part\n\nText.\n', 'two.md')
    const file = new VFile()
    file.data.metadata = { ...(one.file.data.metadata as object), title: 'Collected', authors: [] } as never
    const book = toBookHast([one.tree, two.tree], publicationMetadata(file))
    expect(isBook(book)).toBe(true)
    const articles = articlesOf(book)
    expect(articles.map((article) => articleTitle(article).text)).toEqual(['First story', 'Second'])
    const html = toHtml(book)
    expect(html).toContain('<li><a href="#first-story">First story</a></li>')
    expect(html).toContain('<li><a href="#second">Second</a><span class="contents-authors">Ana</span></li>')
    expect(html.match(/<h1/g)).toHaveLength(1)
    expect((articles[1] as Element).properties.lang).toBe('kk')
    expect(html).toContain('<h3 id="part">Part</h3>')
  })

  it('word the contents in the book language', () => {
    expect(labelsFor('kk').contents).toBe('Мазмұны')
    expect(labelsFor('ru-RU').contents).toBe('Содержание')
    expect(labelsFor('fr', { contents: 'Sommaire' }).contents).toBe('Sommaire')
  })
})

describe('editionPlugin', () => {
  const echo: Edition<{ upper: boolean }, { upper?: boolean | undefined }> = {
    format: 'echo',
    extension: 'txt',
    mediaType: 'text/plain',
    description: 'the title, for tests',
    settingsSchema: z.object({ upper: z.boolean().default(false) }).strict(),
    async compile(tree, _file, settings) {
      const title = articleTitle(articlesOf(tree)[0] as Element).text
      return { data: settings.upper ? title.toUpperCase() : title, assets: [] }
    },
  }

  it('makes an edition a unified compiler of any hast tree', async () => {
    const file = new VFile({ path: 'x.md', value: '# Hello\n\nWorld.\n' })
    await unified().use(remarkParse).use(remarkRehype).use(editionPlugin(echo), { upper: true }).process(file)
    expect(file.value).toBe('HELLO')
    expect(file.data.edition?.format).toBe('echo')
  })

  it('throws EditionSettingsError for settings that are not valid', () => {
    expect(() => editionSettings(echo, { upper: 'yes' })).toThrow(EditionSettingsError)
  })

  it('names a setting the edition does not take', () => {
    expect(() =>
      unified()
        .use(editionPlugin(echo), { upper: 'yes' } as never)
        .freeze(),
    ).toThrow(/Edition setting `echo.upper`/)
  })
})
