import { generatedCover, renderEpub } from '@colophon/render-epub'
import { describe, expect, it } from 'vitest'
import { readEpub } from '../../../scripts/inspect.js'
import { processForTest } from '../../../scripts/test-pipeline.js'

/** Every `d` of the cover's outlines, and its live text. */
function parts(svg: string) {
  return {
    outlines: [...svg.matchAll(/<path [^>]*d="([^"]+)"/g)].map((match) => match[1] ?? ''),
    live: [...svg.matchAll(/<text[\s>]/g)].length,
  }
}

describe('generated cover', () => {
  it('draws the title and the authors as outlines, so no reading system substitutes a font', () => {
    const svg = generatedCover({
      title: 'Xi Jinping published a signed article in Kazakh media',
      authors: ['Xi Jinping'],
    })
    const { outlines, live } = parts(svg)
    expect(live).toBe(0)
    // The title, then the authors; each a path of many glyphs.
    expect(outlines).toHaveLength(2)
    for (const d of outlines) expect(d.match(/M/g)?.length ?? 0).toBeGreaterThan(8)
    // Title and aria-label keep the text for assistive technology.
    expect(svg).toContain('<title>Xi Jinping published a signed article in Kazakh media</title>')
    expect(svg).toContain('aria-label="Xi Jinping published a signed article in Kazakh media"')
    // Every outline point stays inside the frame.
    for (const d of outlines) {
      const numbers = [...d.matchAll(/-?\d+(?:\.\d+)?/g)].map((match) => Number(match[0]))
      for (const [index, value] of numbers.entries()) {
        expect(value).toBeGreaterThan(100)
        expect(value).toBeLessThan(index % 2 === 0 ? 1500 : 2460)
      }
    }
  })

  it('draws Cyrillic and Kazakh letters, and shrinks a long title to fit', () => {
    const kazakh = generatedCover({ title: 'Жел электр стансалары', authors: ['Әлия Бекова'] })
    expect(parts(kazakh).live).toBe(0)
    const long = generatedCover({
      title:
        'A Very Long Title of a Collection of Articles About the Silk Road, Its Cities, Its Merchants and Its Scholars Across Twelve Centuries',
      authors: [],
    })
    const { outlines, live } = parts(long)
    expect(live).toBe(0)
    expect(outlines).toHaveLength(1)
    const xs = [...(outlines[0] ?? '').matchAll(/(-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?)/g)].map((match) =>
      Number(match[1]),
    )
    expect(Math.max(...xs)).toBeLessThanOrEqual(140 + 1320 + 1)
  })

  it('keeps text the fonts cannot draw as live text, wrapped, and says so', () => {
    const left: string[] = []
    const svg = generatedCover(
      { title: '习近平在哈萨克斯坦媒体发表署名文章', authors: ['Xi Jinping'] },
      { onLiveText: (text) => left.push(text) },
    )
    expect(left).toEqual(['习近平在哈萨克斯坦媒体发表署名文章'])
    // Wrapped between characters: two lines, no spaces added.
    const spans = [...svg.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((match) => match[1])
    expect(spans.length).toBeGreaterThan(1)
    expect(spans.join('')).toBe('习近平在哈萨克斯坦媒体发表署名文章')
    // The authors, in Latin letters, are still outlines.
    expect(parts(svg).outlines).toHaveLength(1)
  })

  it('is the EPUB cover image, on a page of its own without margins', async () => {
    const { hast, file } = await processForTest(
      '---\ntitle: Жел электр стансалары\nlanguage: kk\nauthor: Әлия Бекова\n---\n\nМәтін.\n',
      { path: 'wind.md' },
    )
    const files = await readEpub(await renderEpub(hast, file, { date: new Date(0), cover: 'generate' }))
    const svg = files.get('OEBPS/images/cover.svg') ?? ''
    expect(parts(svg).live).toBe(0)
    expect(parts(svg).outlines.length).toBeGreaterThan(0)
    expect(files.get('OEBPS/cover.xhtml')).toMatch(/<body epub:type="cover" class="cover-page">/)
    expect(files.get('OEBPS/style.css')).toMatch(/body\.cover-page \{\s*margin: 0;/)
    expect(file.messages.filter((message) => message.ruleId === 'cover-live-text')).toEqual([])
  })
})
