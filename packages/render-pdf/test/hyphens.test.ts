/** Hard hyphens survive text extraction: a compound broken at its own hyphen at a line's end keeps it. */
import { renderPdf } from '@colophon/render-pdf'
import { describe, expect, it } from 'vitest'
import { run } from '../../../scripts/conformance.js'
import { readPdf } from '../../../scripts/inspect.js'
import { have, needs } from '../../../scripts/tools.js'
import { article, date, fileWithMetadata, h, writeOutput } from './helpers.js'

const compounds = [
  'built-in',
  'well-known',
  'Kassym-Jomart',
  'state-of-the-art',
  'x-ray',
  'China-Kazakhstan',
  'long-term',
  'all-round',
  'mother-in-law',
  'self-evident',
  'e-mail',
  'up-to-date',
  'twenty-one',
  'T-shirt',
  'follow-up',
]
const fillers = ['word', 'the', 'comprehensive', 'and', 'cooperation']
/** A paragraph of compounds and words, so that lines end at compounds' own hyphens at many widths. */
const text = `${Array.from({ length: 8 }, (_, round) =>
  compounds.map((compound, index) => `${compound} ${fillers[(round + index) % fillers.length]}`).join(' '),
).join(' ')}.`
const source = text.split(' ')

/** Words of extracted text: a hyphen added at a break undone, a hyphen of the text kept (U+2010 read as a hyphen). */
function extractedWords(extracted: string): string[] {
  return extracted
    .replace(/\u00AD\n/g, '')
    .replace(/(?<=\p{L})([-\u2010])\n/gu, '$1')
    .replace(/\u2010/g, '-')
    .split(/\s+/)
    .filter(Boolean)
}

async function hyphenPdf(size: string): Promise<Uint8Array> {
  const tree = article(
    'en',
    h('h1', {}, 'Hyphens'),
    h('p', {}, text),
    h('p', {}, h('em', {}, text)),
    h('p', {}, h('strong', {}, text)),
  )
  return renderPdf(tree, await fileWithMetadata('Hyphens'), { date, size })
}

/** The source words of the three paragraphs, after the heading. */
const expected = ['Hyphens', ...source, ...source, ...source]

describe('hard hyphens in extracted text', () => {
  for (const size of ['A4', 'A5', 'A6']) {
    it(`gives back every compound with its hyphens to pdf.js (${size})`, async () => {
      const bytes = await hyphenPdf(size)
      const { text: extracted } = await readPdf(bytes)
      // Lines do end at compounds' own hyphens here, so the test tests something.
      expect(extracted).toMatch(/\p{L}\u2010\p{L}/u)
      expect(extractedWords(extracted)).toEqual(expected)
    })

    it.skipIf(!have('pdftotext'))(
      `gives back every compound with its hyphens to pdftotext (${size})${needs('pdftotext')}`,
      async () => {
        const path = writeOutput(`hyphens-${size}.pdf`, await hyphenPdf(size))
        const extracted = run('pdftotext', ['-enc', 'UTF-8', path, '-'])
        expect(extracted).toMatch(/\p{L}\u2010\n/u)
        // A hyphen inside a line is the text's own hyphen-minus; U+2010 only ends lines.
        expect(extracted).not.toMatch(/\u2010[^\n]/u)
        // Without the furniture pdftotext reads too (page numbers, the running header) and the title.
        const body = extracted
          .split('\n')
          .filter((line) => !/^(\d+|Hyphens)$/.test(line.trim()))
          .join('\n')
        expect(extractedWords(body)).toEqual(expected.slice(1))
      },
    )
  }
})
