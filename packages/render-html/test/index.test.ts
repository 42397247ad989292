import { readFileSync } from 'node:fs'
import { editionPlugin } from '@colophon/article-hast'
import { bookMetadata } from '@colophon/metadata'
import { htmlEdition, renderHtml, renderHtmlBook } from '@colophon/render-html'
import type { Element } from 'hast'
import { fromHtml } from 'hast-util-from-html'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { unified } from 'unified'
import { visit } from 'unist-util-visit'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { exampleMetadata, exampleText, processForTest } from '../../../scripts/test-pipeline.js'

describe('public API', () => {
  it('exports the renderer', async () => {
    expect(Object.keys(await import('@colophon/render-html')).sort()).toEqual([
      'compileHtml',
      'defaultCss',
      'headElements',
      'htmlEdition',
      'htmlSettingsSchema',
      'messageSource',
      'renderHtml',
      'renderHtmlBook',
      'renderHtmlDocument',
    ])
  })
})

describe('renderHtml', () => {
  it('writes a complete document described by the metadata', async () => {
    const { hast, file } = await processForTest(exampleText, { metadata: exampleMetadata })
    const html = await renderHtml(hast, file)
    expect(
      html.startsWith('<!doctype html>\n<html lang="en">') || html.startsWith('<!doctype html><html lang="en">'),
    ).toBe(true)
    expect(html).toContain('<meta charset="utf-8">')
    expect(html).toContain('<title>Build on the Past to Make Greater Strides in China-Kazakhstan Relations</title>')
    expect(html).toContain('<script type="application/ld+json">')
    expect(html).toContain('<meta property="og:title"')
    expect(html).toContain('<main><article lang="en">')
    const body = html.slice(html.indexOf('<main>'), html.indexOf('<footer>'))
    expect(body).toContain('Al-Farabi')
    expect(body).not.toContain('Ali Farabbi')
    // The editorial notes say what changed.
    expect(html).toContain('<li><del>Ali Farabbi</del> → <ins><span class="name">Al-Farabi</span></ins>')
  })

  it('renders only the article as a fragment', async () => {
    const { hast, file } = await processForTest(exampleText, { metadata: exampleMetadata })
    const html = await renderHtml(hast, file, { fragment: true })
    expect(html.startsWith('<article lang="en">')).toBe(true)
  })

  it('keeps metadata text from closing the JSON-LD script', async () => {
    const { hast, file } = await processForTest('A title </script><script>alert(1)</script>\n\nBody text.\n')
    const html = await renderHtml(hast, file)
    const scripts: Element[] = []
    visit(fromHtml(html), 'element', (node) => {
      if (node.tagName === 'script') scripts.push(node)
    })
    expect(scripts.map((node) => node.properties.type)).toEqual(['application/ld+json'])
    expect(html).toContain('\\u003c/script>')
  })
})

const pipelineFixture = (name: string) => new URL(`../../pipeline/test/fixtures/${name}`, import.meta.url)

describe('general documents', () => {
  it('shows the title, author and date of a front-matter post', async () => {
    const path = pipelineFixture('front-matter-post/input.md').pathname
    const { hast, file } = await processForTest(readFileSync(path, 'utf8'), { path })
    const html = await renderHtml(hast, file)
    expect(html).toContain('<h1 id="a-walk-through-almaty" class="title">A Walk Through Almaty</h1>')
    expect(html).toContain('<time datetime="2024-05-02">May 2, 2024</time>')
    expect(html).toContain('<span class="author">Aigerim Sadykova</span>')
    // Not a news article: no notes about a missing headline, dateline or byline.
    expect(file.messages.map((message) => message.ruleId)).not.toContain('no-headline')
  })

  it('lists the chapters of a manuscript when asked', async () => {
    const path = pipelineFixture('manuscript/input.md').pathname
    const { hast, file } = await processForTest(readFileSync(path, 'utf8'), { path })
    const html = await renderHtml(hast, file, { contents: true })
    const nav = html.slice(html.indexOf('<nav class="contents"'), html.indexOf('</nav>'))
    expect(nav.match(/<li>/g)).toHaveLength(12)
    expect(nav).toContain('<a href="#chapter-12">Chapter 12</a>')
    expect(await renderHtml(hast, file)).not.toContain('<nav')
  })

  it('compiles a plain README from remark-rehype as a unified compiler, with only a title from its heading', async () => {
    const file = new VFile({ path: 'README.md', value: readFileSync(new URL('../README.md', import.meta.url), 'utf8') })
    await unified().use(remarkParse).use(remarkRehype).use(editionPlugin(htmlEdition)).process(file)
    const html = String(file.value)
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('<title>@colophon/render-html</title>')
    expect(html).toContain(
      '<h1 id="colophonrender-html" class="headline">@colophon/<span class="compound">render-html</span></h1>',
    )
    expect(file.data.edition?.format).toBe('html')
    // The language was not given: a warning, not an error.
    expect(file.messages.map((message) => [message.ruleId, message.fatal])).toContainEqual(['missing-language', false])
  })

  it('shows each article of a book under one title, in the contents and on its page', async () => {
    const a = await processForTest('A museum opens\n\nThe museum opened on Saturday.\n', { idPrefix: 'a1-' })
    const b = await processForTest('---\ntitle: Wind on the steppe\nauthor: Aigerim Nurlanovna\n---\n\nText.\n', {
      path: 'b.md',
      idPrefix: 'a2-',
    })
    const metadata = bookMetadata([a.file.data.metadata as never, b.file.data.metadata as never], {
      title: 'Anthology',
    })
    const { html } = await renderHtmlBook({ metadata, articles: [{ tree: a.hast }, { tree: b.hast }] })
    expect(html).toContain('<a href="#a2-wind-on-the-steppe">Wind on the steppe</a>')
    expect(html).toContain('<h2 id="a2-wind-on-the-steppe" class="title">Wind on the steppe</h2>')
    expect(html).toContain('<a href="#a1-a-museum-opens">A museum opens</a>')
    // The byline the contents list shows is on the article's page too.
    expect(html.match(/Aigerim Nurlanovna/g)?.length).toBeGreaterThanOrEqual(3) // head, contents, page
    expect(html.match(/<h1/g)).toHaveLength(1)
  })
})
