import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { resolveAssets, toArticleHast } from '@colophon/article-hast'
import remarkArticle from '@colophon/remark-article'
import remarkMetadata from '@colophon/remark-metadata'
import type { Element, Root as HastRoot } from 'hast'
import { phrasing } from 'hast-util-phrasing'
import { toHtml } from 'hast-util-to-html'
import type { Root } from 'mdast'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { visit } from 'unist-util-visit'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { normalizeHref } from '../src/lib/sanitize.js'

const fixtures = new URL('fixtures/', import.meta.url)

async function hastOf(name: string, options: Parameters<typeof toArticleHast>[2] = {}) {
  const path = fileURLToPath(new URL(name, fixtures))
  const file = new VFile({ path, value: readFileSync(path, 'utf8') })
  const processor = unified().use(remarkParse).use(remarkArticle).use(remarkMetadata)
  const tree = (await processor.run(processor.parse(file), file)) as Root
  return { hast: toArticleHast(tree, file, options), file }
}

function elementsOf(tree: HastRoot | Element): Element[] {
  const found: Element[] = []
  visit(tree, 'element', (node) => {
    found.push(node)
  })
  return found
}

describe('hostile input', () => {
  it('keeps nothing executable', async () => {
    const { hast } = await hastOf('hostile.md')
    const all = elementsOf(hast)
    expect(all.filter((node) => ['script', 'iframe', 'style', 'object', 'embed'].includes(node.tagName))).toEqual([])
    for (const node of all) {
      for (const [name, value] of Object.entries(node.properties)) {
        expect(name.toLowerCase().startsWith('on'), `${node.tagName} ${name}`).toBe(false)
        expect(name).not.toBe('style')
        if (name === 'href' || name === 'src') expect(String(value)).not.toMatch(/^\s*(?:javascript|data|vbscript):/i)
      }
    }
    const html = toHtml(hast)
    expect(html).toContain('<a href="https://example.org/">safe</a>')
    expect(html).toContain('<b>kept bold</b>')
    expect(html).toContain('A paragraph with handlers.')
  })

  it('drops raw HTML when asked', async () => {
    const { hast } = await hastOf('hostile.md', { rawHtml: 'drop' })
    const html = toHtml(hast)
    expect(html).not.toContain('A paragraph with handlers.')
    expect(html).not.toContain('<b>')
  })
})

describe('ids', () => {
  it('makes raw ids valid XML names and unique, and follows links to them', async () => {
    const file = new VFile({
      path: 'x.md',
      value: '# Title\n\n<p id="1st">one</p>\n\n<p id="title">two</p>\n\n[to one](#1st)\n',
    })
    const processor = unified().use(remarkParse).use(remarkArticle)
    const tree = (await processor.run(processor.parse(file), file)) as Root
    const html = toHtml(toArticleHast(tree, file, { footer: false }))
    expect(html).toContain('<h1 id="title" class="headline">')
    expect(html).toContain('<p id="id-1st">one</p>')
    expect(html).toContain('<p id="title-1">two</p>')
    expect(html).toContain('<a href="#id-1st">to one</a>')
  })
})

describe('resolveAssets', () => {
  it('reads local images relative to the document, with their media type', async () => {
    const { hast, file } = await hastOf('hostile.md')
    await resolveAssets(hast, file)
    const image = elementsOf(hast).find((node) => node.tagName === 'img')
    expect(image?.data?.asset).toMatchObject({ source: 'images/steppe.png', mediaType: 'image/png' })
    expect(image?.data?.asset?.name).toMatch(/^[0-9a-f]{16}\.png$/)
  })

  it('refuses remote images unless allowed, keeping the alt text', async () => {
    const file = new VFile({ path: 'x.md', value: '# T\n\n![remote steppe](https://example.org/steppe.png)\n' })
    const processor = unified().use(remarkParse).use(remarkArticle)
    const tree = (await processor.run(processor.parse(file), file)) as Root
    const hast = toArticleHast(tree, file, { footer: false })
    await resolveAssets(hast, file)
    expect(toHtml(hast)).toContain('<span class="image-alt">[remote steppe]</span>')
    expect(file.messages.map((message) => [message.ruleId, message.reason])).toContainEqual([
      'remote-asset',
      'Remote image `https://example.org/steppe.png` is not fetched; allow remote assets to include it',
    ])
  })

  it('reports a missing file and a file that is not an image, keeping the alt text', async () => {
    const missing = new VFile({ path: fileURLToPath(new URL('x.md', fixtures)) })
    const hast: HastRoot = {
      type: 'root',
      children: [
        { type: 'element', tagName: 'img', properties: { src: 'images/nope.png', alt: 'Nope' }, children: [] },
      ],
    }
    await resolveAssets(hast, missing)
    expect(missing.messages.map(String)).toEqual([
      expect.stringMatching(/Cannot read image `images\/nope.png` \(file not found\); its alt text stands in for it/),
    ])
    expect(toHtml(hast)).toBe('<span class="image-alt">[Nope]</span>')
    const wrong = new VFile({ path: fileURLToPath(new URL('x.md', fixtures)) })
    const other: HastRoot = {
      type: 'root',
      children: [
        { type: 'element', tagName: 'img', properties: { src: 'images/not-an-image.png', alt: 'x' }, children: [] },
      ],
    }
    await resolveAssets(other, wrong)
    expect(wrong.messages[0]?.ruleId).toBe('unsupported-asset')
  })

  it('fetches remote images when allowed, and fails when they cannot be fetched', async () => {
    const png = readFileSync(new URL('images/steppe.png', fixtures))
    const server = createServer((request, response) => {
      if (request.url === '/steppe.png') response.writeHead(200, { 'content-type': 'image/png' }).end(png)
      else response.writeHead(404).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const image = (src: string): HastRoot => ({
        type: 'root',
        children: [{ type: 'element', tagName: 'img', properties: { src, alt: 'a' }, children: [] }],
      })
      const good = image(`${base}/steppe.png`)
      await resolveAssets(good, new VFile({ path: 'x.md' }), { allowRemote: true })
      expect((good.children[0] as Element).data?.asset?.mediaType).toBe('image/png')
      await expect(
        resolveAssets(image(`${base}/gone.png`), new VFile({ path: 'x.md' }), { allowRemote: true }),
      ).rejects.toThrow(/Cannot fetch image `http:\/\/127\.0\.0\.1:\d+\/gone\.png`: HTTP 404/)
    } finally {
      server.close()
    }
  })
})

/** A Markdown document's article (no footer) as HTML, with its file. */
async function article(markdown: string, options: Parameters<typeof toArticleHast>[2] = {}) {
  const file = new VFile({ path: 'doc.md', value: markdown })
  const processor = unified().use(remarkParse).use(remarkArticle)
  const tree = (await processor.run(processor.parse(file), file)) as Root
  const hast = toArticleHast(tree, file, { footer: false, ...options })
  return { hast, html: toHtml(hast), file }
}

/** Rule, line and reason of each message. */
const said = (file: VFile) => file.messages.map((message) => [message.ruleId, message.line, message.reason])

describe('raw HTML keeps its text, or says what it removed', () => {
  it('case CommonMark 151: text after an unmatched end tag stays, in a paragraph', async () => {
    const { html } = await article('</div>\n*foo*\n')
    expect(html).toContain('<p>*foo*</p>')
  })

  it('case CommonMark 163: an element the editions do not allow goes, its text stays, with a warning', async () => {
    const { html, file } = await article('<Warning>\n*bar*\n</Warning>\n')
    expect(html).toContain('<p>*bar*</p>')
    expect(html).not.toContain('<warning')
    expect(said(file)).toContainEqual([
      'raw-html-unwrapped',
      1,
      'Removed raw HTML `<warning>`, which the editions do not allow; its content is kept',
    ])
  })

  it('case CommonMark 171: the text of a <textarea> stays', async () => {
    const { html } = await article('<textarea>\n\n*foo*\n\n_bar_\n\n</textarea>\n')
    expect(html).toMatch(/<p>\*foo\*\s+_bar_<\/p>/)
  })

  it('case CommonMark 178: a <style> goes with its rules, with a warning naming it and its line', async () => {
    const { html, file } = await article('Text.\n\n<style>p{color:red;}</style>\n')
    expect(html).not.toContain('color:red')
    expect(html).toContain('<p>Text.</p>')
    expect(said(file)).toContainEqual([
      'raw-html-removed',
      3,
      'Removed raw HTML `<style>` and its content: the editions keep no scripts, styles or templates',
    ])
  })

  it('counts repeated removals once per element', async () => {
    const { file } = await article('<font>a</font> <font>b</font> <font>c</font>\n')
    expect(said(file).filter(([rule]) => rule === 'raw-html-unwrapped')).toEqual([
      [
        'raw-html-unwrapped',
        1,
        'Removed raw HTML `<font>` (3 times), which the editions do not allow; its content is kept',
      ],
    ])
  })

  it('says where raw HTML was left out when asked to drop it', async () => {
    const { html, file } = await article('# T\n\n<div>\nhidden\n</div>\n', { rawHtml: 'drop' })
    expect(html).not.toContain('hidden')
    expect(said(file)).toContainEqual(['raw-html-removed', 3, 'Left out raw HTML (`rawHtml: drop`)'])
  })

  it('wraps inline elements left at the top level in a paragraph, but not a link holding a block', async () => {
    const inline = await article('<a href="/x">\nlink\n')
    expect(inline.html).toContain('<p><a href="/x">\nlink</a></p>')
    const block = await article('<a href="/y">\n<div>block</div>\n</a>\n')
    const top = (block.hast.children[0] as Element).children.filter((node): node is Element => node.type === 'element')
    expect(top.map((node) => node.tagName)).toEqual(['header', 'a'])
  })
})

describe('raw HTML repaired where HTML5 and EPUB 3 forbid what it makes', () => {
  it('case CommonMark 148: a paragraph inside raw <pre> is taken apart, its text kept', async () => {
    const { hast, html } = await article('<table><tr><td>\n<pre>\n**Hello**,\n\n_world_.\n</pre>\n</td></tr></table>\n')
    const pre = elementsOf(hast).find((node) => node.tagName === 'pre')
    expect(pre && elementsOf(pre).filter((node) => node !== pre && !phrasing(node))).toEqual([])
    expect(html).toMatch(/<pre>\s*\*\*Hello\*\*,\s*<em>world<\/em>\.\s*<\/pre>/)
  })

  it('case CommonMark 191: a table row without cells goes; the text the parser moved out of the table stays', async () => {
    const { html } = await article('<table>\n\n  <tr>\n\n    <td>\n      Hi\n    </td>\n\n  </tr>\n\n</table>\n')
    expect(html).not.toMatch(/<tr>\s*<\/tr>/)
    expect(html).toContain('Hi')
  })
})

describe('link targets', () => {
  it('case CommonMark 344, 631, 642, 643: spaces, line breaks, backslashes and backticks of raw HTML are percent-encoded', async () => {
    const hrefOf = async (markdown: string) => /href="([^"]*)"/.exec((await article(markdown)).html)?.[1]
    expect(await hrefOf('<a href="`">`\n')).toBe('%60')
    expect(await hrefOf('foo <a href="\\*">\n')).toBe('%5C*')
    expect(await hrefOf('<a href="foo  \nbar">\n')).toBe('foo%20%20%0Abar')
    expect(await hrefOf('<a href="foo\\\nbar">\n')).toBe('foo%5C%0Abar')
  })

  it('keeps what is already percent-encoded, and encodes a % that starts no escape', () => {
    expect(normalizeHref('https://example.org/a%20b?q=caf%C3%A9#x')).toBe('https://example.org/a%20b?q=caf%C3%A9#x')
    expect(normalizeHref('#100%')).toBe('#100%25')
    expect(normalizeHref('/wiki/Ürümqi')).toBe('/wiki/%C3%9Cr%C3%BCmqi')
    expect(normalizeHref('mailto:a@example.org')).toBe('mailto:a@example.org')
  })

  it('case CommonMark 600: a web address without a valid host is no link; its text stays, with a warning', async () => {
    const { html, file } = await article('<https://../>\n')
    expect(html).toContain('<p>https://../</p>')
    expect(html).not.toContain('href')
    expect(said(file)).toContainEqual([
      'invalid-link',
      1,
      'Link target `https://../` is not a valid URL; its text is kept without the link',
    ])
    expect(normalizeHref('http://')).toBeUndefined()
    expect(normalizeHref('https://a..b/')).toBeUndefined()
    expect(normalizeHref('https://example.org./')).toBe('https://example.org./')
  })
})
