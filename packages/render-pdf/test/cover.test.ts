/** A cover image on a page of its own before the first, full bleed, unnumbered. */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { renderPdfBook } from '@colophon/render-pdf'
import { describe, expect, it } from 'vitest'
import { run } from '../../../scripts/conformance.js'
import { pdfFonts, readPdf } from '../../../scripts/inspect.js'
import { have, needs } from '../../../scripts/tools.js'
import { date, example, fixture, kazakh, streams, writeOutput } from './helpers.js'

async function articles() {
  return [await example('a1-'), await kazakh('a2-')].map(({ hast, file }) => ({ tree: hast, file }))
}

async function bookWith(cover: Uint8Array | undefined) {
  const parts = await articles()
  const metadata = { ...(parts[0]?.file.data.metadata as NonNullable<(typeof parts)[0]['file']['data']['metadata']>) }
  metadata.title = 'Two articles'
  const bytes = await renderPdfBook(
    { metadata, articles: parts },
    { date, ...(cover ? { cover: { data: cover, mediaType: 'image/png' } } : {}) },
  )
  return { bytes, facts: await readPdf(bytes), files: parts.map((part) => part.file) }
}

describe('a cover', () => {
  it('sets the cover full bleed on a first page of its own, unnumbered, and keeps the numbers of the rest', async () => {
    const plain = await bookWith(undefined)
    const covered = await bookWith(new Uint8Array(readFileSync(fixture('figure.png'))))
    expect(covered.facts.pages.length).toBe(plain.facts.pages.length + 1)
    // The title page has none; the contents page has its folio, 2.
    expect(plain.facts.artifacts[0]).toBe('')
    expect(plain.facts.artifacts[1]).toMatch(/(^|\s)2$/)
    // The cover page has no text (the image is an artifact) and no page number.
    expect(covered.facts.pages[0]).toBe('')
    expect(covered.facts.artifacts[0]).toBe('')
    // The pages after it are the same pages, numbered as before: the contents' numbers hold.
    expect(covered.facts.pages.slice(1)).toEqual(plain.facts.pages)
    expect(covered.facts.artifacts.slice(1)).toEqual(plain.facts.artifacts)
    // Destinations move one page on (links and the outline go to them).
    for (const [name, page] of Object.entries(plain.facts.destinations)) {
      expect(covered.facts.destinations[name], name).toBe(page + 1)
    }
    // The image is scaled to cover the A4 page: its width and height at least the page's.
    const first = streams(covered.bytes).find((stream) => /\/I\d+ Do/.test(stream)) as string
    expect(first).toContain('/Artifact')
    const [, width, height, x] = (/([\d.]+) 0 0 (-?[\d.]+) (-?[\d.]+) -?[\d.]+ cm\s*\/I\d+ Do/.exec(first) ?? []).map(
      Number,
    )
    expect(width).toBeGreaterThanOrEqual(595.28 - 0.01)
    expect(Math.abs(height as number)).toBeGreaterThanOrEqual(841.89 - 0.01)
    expect(x).toBeLessThanOrEqual(0)
    expect((x as number) + (width as number)).toBeGreaterThanOrEqual(595.28 - 0.01)
    // Clipped to the page.
    expect(first).toContain('0 0 595.28 841.89 re\nW n')
  })

  it('leaves out a cover that is not PNG, JPEG or SVG, with a message', async () => {
    const gif = new TextEncoder().encode('GIF89a\x01\x00\x01\x00')
    const plain = await bookWith(undefined)
    const covered = await bookWith(gif)
    expect(covered.facts.pages.length).toBe(plain.facts.pages.length)
    const messages = covered.files[0]?.messages.filter((message) => message.ruleId === 'image-unsupported') ?? []
    expect(messages.map((message) => message.reason)).toEqual([
      'The cover is not a PNG, JPEG or SVG image; the PDF edition has no cover page',
    ])
  })

  it('draws an SVG cover as vector graphics, its text in the embedded text family', async () => {
    const svg = new Uint8Array(readFileSync(new URL('../../../examples/anthology/cover.svg', import.meta.url)))
    const plain = await bookWith(undefined)
    const covered = await bookWith(svg)
    expect(covered.facts.pages.length).toBe(plain.facts.pages.length + 1)
    expect(covered.files.flatMap((file) => file.messages).filter((m) => m.ruleId === 'image-unsupported')).toEqual([])
    // The cover page: its text real text but an artifact (the title is the document's text on the next pages), no page number.
    expect(covered.facts.pages[0]).toBe('')
    expect(covered.facts.artifacts[0]?.split('\n')).toEqual([
      'Steppe and',
      'Silk Road',
      'an anthology',
      'Colophon examples',
    ])
    expect(covered.facts.pages.slice(1)).toEqual(plain.facts.pages)
    // Its content: the background filled, curves, and text in the bold and regular faces of the text family.
    const page = streams(covered.bytes).find((stream) => stream.includes('/Artifact') && / c\n/.test(stream)) as string
    expect(page).toBeDefined()
    expect(page).toContain('0 0 595.28 841.89 re\nW n')
    expect(page).toMatch(/BT[\s\S]*Tf[\s\S]*ET/)
    const fonts = pdfFonts(covered.bytes)
    expect(fonts.some((font) => /NotoSerif-Bold$/.test(font.name))).toBe(true)
    // No font of the PDF reader's own (a standard 14 Helvetica): every one embedded.
    expect(fonts.filter((font) => !font.embedded)).toEqual([])
    // The same bytes on a second run.
    const again = await bookWith(svg)
    expect(Buffer.from(again.bytes).equals(Buffer.from(covered.bytes))).toBe(true)
  })

  it.skipIf(!have('pdftoppm'))(`renders the SVG cover page with ink on it${needs('pdftoppm')}`, async () => {
    const svg = new Uint8Array(readFileSync(new URL('../../../examples/anthology/cover.svg', import.meta.url)))
    const { bytes } = await bookWith(svg)
    const path = writeOutput('book-svg-cover.pdf', bytes)
    const result = spawnSync('pdftoppm', ['-gray', '-r', '20', '-f', '1', '-l', '1', path])
    expect(result.status).toBe(0)
    const pgm = result.stdout as Buffer
    // P5 header: magic, width, height, maximum, then one byte a pixel.
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 40).toString('latin1')) as RegExpExecArray
    const pixels = pgm.subarray(header[0].length)
    let dark = 0
    for (const value of pixels) if (value < 128) dark++
    // The cover's dark blue ground fills most of the page.
    expect(dark / pixels.length).toBeGreaterThan(0.4)
  })

  it.skipIf(!have('qpdf'))(`writes a valid file with a cover${needs('qpdf')}`, async () => {
    const { bytes } = await bookWith(new Uint8Array(readFileSync(fixture('figure.png'))))
    const path = writeOutput('book-cover.pdf', bytes)
    expect(run('qpdf', ['--check', path])).toContain('No syntax or stream encoding errors found')
  })
})
