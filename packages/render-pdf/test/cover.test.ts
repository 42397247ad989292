/** A cover image on a page of its own before the first, full bleed, unnumbered. */
import { readFileSync } from 'node:fs'
import { renderPdfBook } from '@colophon/render-pdf'
import { describe, expect, it } from 'vitest'
import { run } from '../../../scripts/conformance.js'
import { readPdf } from '../../../scripts/inspect.js'
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
    // The contents page has its folio.
    expect(plain.facts.artifacts[0]).toMatch(/(^|\s)1$/)
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

  it('leaves out a cover that is not PNG or JPEG, with a message', async () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    const plain = await bookWith(undefined)
    const covered = await bookWith(svg)
    expect(covered.facts.pages.length).toBe(plain.facts.pages.length)
    const messages = covered.files[0]?.messages.filter((message) => message.ruleId === 'image-unsupported') ?? []
    expect(messages.map((message) => message.reason)).toEqual([
      'The cover is not a PNG or JPEG image; the PDF edition has no cover page',
    ])
  })

  it.skipIf(!have('qpdf'))(`writes a valid file with a cover${needs('qpdf')}`, async () => {
    const { bytes } = await bookWith(new Uint8Array(readFileSync(fixture('figure.png'))))
    const path = writeOutput('book-cover.pdf', bytes)
    expect(run('qpdf', ['--check', path])).toContain('No syntax or stream encoding errors found')
  })
})
