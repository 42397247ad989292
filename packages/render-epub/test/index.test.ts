import { mkdirSync, writeFileSync } from 'node:fs'
import { renderEpub } from '@colophon/render-epub'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import { epubcheck } from '../../../scripts/conformance.js'
import { exampleMetadata, exampleText, processForTest } from '../../../scripts/test-pipeline.js'
import { have, needs } from '../../../scripts/tools.js'

const outputDir = new URL('../test-output/', import.meta.url)

async function exampleEpub() {
  const { hast, file } = await processForTest(exampleText, { metadata: exampleMetadata })
  return { bytes: await renderEpub(hast, file, { date: new Date('2024-01-02T03:04:05Z') }), file }
}

describe('public API', () => {
  it('exports the renderer and the packaging pieces', async () => {
    expect(Object.keys(await import('@colophon/render-epub')).sort()).toEqual([
      'defaultCss',
      'headingEntries',
      'navDocument',
      'ncxDocument',
      'packageDocument',
      'packageEpub',
      'renderEpub',
      'toXhtml',
    ])
  })
})

describe('renderEpub', () => {
  it('writes mimetype first and stored, and our own package document', async () => {
    const { bytes } = await exampleEpub()
    expect(new TextDecoder().decode(bytes.slice(30, 38))).toBe('mimetype')
    expect(bytes[8]).toBe(0) // compression method of the first entry: stored
    const zip = await JSZip.loadAsync(bytes)
    const opf = await zip.file('OEBPS/content.opf')?.async('string')
    expect(opf).toContain('<dc:language>en</dc:language>')
    expect(opf).toContain('xml:lang="en"')
    expect(opf).toContain('<meta property="dcterms:modified">2024-01-02T03:04:05Z</meta>')
    expect(opf).not.toContain('All rights reserved')
    const chapter = await zip.file('OEBPS/article.xhtml')?.async('string')
    expect(chapter).toContain('<time datetime="2022-09-14T10:45+08:00">')
    expect(chapter).toContain('Al-Farabi')
    expect(chapter).not.toContain('Ali Farabbi')
  })

  it('gives the same bytes twice', async () => {
    const one = await exampleEpub()
    const two = await exampleEpub()
    expect(Buffer.from(one.bytes).equals(Buffer.from(two.bytes))).toBe(true)
  })

  it.skipIf(!have('epubcheck'))(
    `passes epubcheck with no fatals, errors or warnings${needs('epubcheck')}`,
    async () => {
      const { bytes } = await exampleEpub()
      mkdirSync(outputDir, { recursive: true })
      const path = new URL('example.epub', outputDir).pathname
      writeFileSync(path, bytes)
      const result = epubcheck(path)
      expect(result.messages, result.output).toEqual([])
      expect([result.fatals, result.errors, result.warnings]).toEqual([0, 0, 0])
    },
  )
})
