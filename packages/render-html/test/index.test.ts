import { renderHtml } from '@colophon/render-html'
import type { Element } from 'hast'
import { fromHtml } from 'hast-util-from-html'
import { visit } from 'unist-util-visit'
import { describe, expect, it } from 'vitest'
import { exampleMetadata, exampleText, processForTest } from '../../../scripts/test-pipeline.js'

describe('public API', () => {
  it('exports the renderer', async () => {
    expect(Object.keys(await import('@colophon/render-html')).sort()).toEqual([
      'defaultCss',
      'headElements',
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
    expect(html).toContain('<li><del>Ali Farabbi</del> → <ins>Al-Farabi</ins>')
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
