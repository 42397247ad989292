// Conformance with a public suite: every example of the CommonMark spec,
// as a document with a title from the configuration, builds all three
// editions (or stops with a user error), and the editions pass the Nu HTML
// checker, qpdf and epubcheck (on a sample here; `.ci/run` checks every
// EPUB). The run is scripts/commonmark.js; here it runs the sources.
import { buildDocument, createContext, UserError } from 'colophon'
import { beforeAll, describe, expect, it } from 'vitest'
import { examples, type Report, runCommonmark, summarize } from '../../../../scripts/commonmark.js'
import { have, needs } from '../../../../scripts/tools.js'

/** EPUBs epubcheck reads in `npm test` (a deterministic sample; CI checks all). */
const epubSample = 64

let report: Report

beforeAll(async () => {
  report = await runCommonmark({
    colophon: { createContext, buildDocument, UserError },
    tools: { vnu: have('vnu'), qpdf: have('qpdf'), epubcheck: have('epubcheck') },
    epubcheck: epubSample,
  })
  // The counts, in the test output.
  console.log(summarize(report).join('\n'))
}, 15 * 60_000)

describe('CommonMark conformance: every example of the spec', () => {
  it('runs all 652 examples of CommonMark 0.31.2', () => {
    expect(report.spec).toBe('0.31.2')
    expect(examples).toHaveLength(652)
    expect(report.examples).toBe(652)
  })

  it('builds all three editions of each example: no internal error, and no user error for valid Markdown', () => {
    expect(report.internalErrors).toEqual([])
    expect(report.userErrors).toEqual([])
    expect(report.built).toHaveLength(652)
  })

  it('keeps the text of each example, or says what it removed', () => {
    expect(report.text.checked).toBe(report.built.length)
    expect(report.text.failed).toEqual([])
  })

  it.skipIf(!have('vnu'))(`every HTML edition passes the Nu HTML checker with 0 errors${needs('vnu')}`, () => {
    expect(report.html.checked).toBe(report.built.length)
    expect(report.html.failed).toEqual([])
  })

  it.skipIf(!have('qpdf'))(`every PDF edition passes qpdf --check${needs('qpdf')}`, () => {
    expect(report.pdf.checked).toBe(report.built.length)
    expect(report.pdf.failed).toEqual([])
  })

  it.skipIf(!have('epubcheck'))(
    `a sample of ${epubSample} EPUB editions passes epubcheck with 0 errors${needs('epubcheck')}`,
    () => {
      expect(report.epub.checked).toBe(Math.min(epubSample, report.built.length))
      expect(report.epub.failed).toEqual([])
    },
  )
})
