import { readFileSync } from 'node:fs'
import { generatedCover, outlineSvgText, renderEpub } from '@colophon/render-epub'
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

  it('draws the simple text of a given SVG cover as outlines, and leaves the rest live, saying so', () => {
    const left: string[] = []
    const svg = outlineSvgText(
      [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1600">',
        '<text x="100" y="300" font-family="Georgia, serif" font-size="80" font-weight="bold" fill="#fff">Steppe &amp; Road</text>',
        '<text x="500" y="500" font-size="40px" text-anchor="middle" fill-opacity="0.5">centred</text>',
        '<text x="100" y="700" font-family="Helvetica, sans-serif" font-size="40">In sans</text>',
        '<text x="100" y="800" font-size="40"><tspan>With</tspan> a span</text>',
        '<text x="100" y="900" font-size="40" class="title">Styled</text>',
        '<text x="100" y="1000" font-size="40">习近平</text>',
        '</svg>',
      ].join('\n'),
      { onLiveText: (text) => left.push(text) },
    )
    const { outlines } = parts(svg)
    expect(outlines).toHaveLength(2)
    expect(svg).toContain('<path fill="#fff" d="M')
    expect(svg).toContain('<path fill-opacity="0.5" fill="#000" d="M')
    expect(svg).not.toContain('Steppe')
    // Centred on x = 500: its outline spans both sides.
    const xs = [...(outlines[1] ?? '').matchAll(/(-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?)/g)].map((match) =>
      Number(match[1]),
    )
    expect(Math.min(...xs)).toBeLessThan(480)
    expect(Math.max(...xs)).toBeGreaterThan(520)
    expect(Math.abs(Math.min(...xs) + Math.max(...xs) - 1000)).toBeLessThan(10)
    expect(left).toEqual(['In sans', 'Styled', '习近平', 'With a span'])
    expect(parts(svg).live).toBe(4)
  })

  it('outlines the anthology’s own cover in the EPUB', async () => {
    const data = readFileSync(new URL('../../../examples/anthology/cover.svg', import.meta.url))
    const { hast, file } = await processForTest('# Steppe and Silk Road\n\nText.\n', { path: 'a.md' })
    const files = await readEpub(
      await renderEpub(hast, file, { date: new Date(0), cover: { data, mediaType: 'image/svg+xml' } }),
    )
    const svg = files.get('OEBPS/images/cover.svg') ?? ''
    expect(String(data)).toContain('<text')
    expect(parts(svg).live).toBe(0)
    // Its four lines of text are four more paths.
    expect(parts(svg).outlines.length).toBe(parts(String(data)).outlines.length + 4)
    expect(file.messages.filter((message) => message.ruleId === 'cover-live-text')).toEqual([])
  })
})
