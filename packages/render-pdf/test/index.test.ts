import { mkdirSync, writeFileSync } from 'node:fs'
import { renderPdf } from '@colophon/render-pdf'
import { describe, expect, it } from 'vitest'
import { run } from '../../../scripts/conformance.js'
import { readPdf } from '../../../scripts/inspect.js'
import { exampleMetadata, exampleText, processForTest } from '../../../scripts/test-pipeline.js'
import { have, needs } from '../../../scripts/tools.js'

const outputDir = new URL('../test-output/', import.meta.url)

async function examplePdf() {
  const { hast, file } = await processForTest(exampleText, { metadata: exampleMetadata })
  return renderPdf(hast, file, { date: new Date('2024-01-02T03:04:05Z') })
}

function writeOutput(name: string, bytes: Uint8Array): string {
  mkdirSync(outputDir, { recursive: true })
  const path = new URL(name, outputDir).pathname
  writeFileSync(path, bytes)
  return path
}

describe('public API', () => {
  it('exports the renderer', async () => {
    expect(Object.keys(await import('@colophon/render-pdf')).sort()).toEqual(['messageSource', 'renderPdf'])
  })
})

describe('renderPdf', () => {
  it('writes a PDF with the metadata dates pinned', async () => {
    const bytes = await examplePdf()
    const text = Buffer.from(bytes).toString('latin1')
    expect(text.startsWith('%PDF-1.7')).toBe(true)
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true)
    // CreationDate and ModDate, and no other date.
    expect(text.match(/\(D:\d+Z\)/g)).toEqual(['(D:20240102030405Z)', '(D:20240102030405Z)'])
    expect(text).not.toContain('/Helvetica')
  })

  it('carries the metadata in the Info dictionary and an XMP packet', async () => {
    const { info, xmp } = await readPdf(await examplePdf())
    const title = 'Build on the Past to Make Greater Strides in China-Kazakhstan Relations'
    expect(info).toMatchObject({ Title: title, Language: 'en', Creator: 'Colophon', Producer: 'Colophon (pdfkit)' })
    expect(xmp['dc:title']).toBe(title)
    expect(xmp['xmp:createdate']).toBe('2024-01-02T03:04:05Z')
  })

  it('gives the same bytes twice', async () => {
    const one = await examplePdf()
    const two = await examplePdf()
    expect(Buffer.from(one).equals(Buffer.from(two))).toBe(true)
  })

  it.skipIf(!have('qpdf'))(`passes qpdf --check${needs('qpdf')}`, async () => {
    const path = writeOutput('example.pdf', await examplePdf())
    expect(run('qpdf', ['--check', path])).toContain('No syntax or stream encoding errors found')
  })

  it.skipIf(!have('pdftotext'))(`has extractable, normalized text${needs('pdftotext')}`, async () => {
    const path = writeOutput('example.pdf', await examplePdf())
    const text = run('pdftotext', ['-enc', 'UTF-8', path, '-']).replace(/\s+/g, ' ')
    expect(text).toContain('Al-Farabi')
    expect(text).not.toContain('Ali Farabbi')
    expect(text).toContain('Kazakhstanskaya Pravda')
  })
})
