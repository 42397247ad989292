import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { editionPlugin } from '@colophon/article-hast'
import { pdfEdition } from '@colophon/render-pdf/edition'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { run } from '../../../scripts/conformance.js'
import { readPdf } from '../../../scripts/inspect.js'
import { have, needs } from '../../../scripts/tools.js'
import { date, writeOutput } from './helpers.js'

const readme = fileURLToPath(new URL('../README.md', import.meta.url))

async function readmePdf() {
  const file = new VFile({ path: readme, value: readFileSync(readme, 'utf8') })
  await unified().use(remarkParse).use(remarkRehype).use(editionPlugin(pdfEdition), { context: { date } }).process(file)
  return file
}

describe('pdfEdition', () => {
  it('describes the edition for the registry', () => {
    expect(pdfEdition).toMatchObject({ format: 'pdf', extension: 'pdf', mediaType: 'application/pdf' })
    expect(pdfEdition.settingsSchema.parse({})).toEqual({ size: 'A4', tagged: true })
    expect(pdfEdition.settingsSchema.parse({ size: [400, 600], margins: 36 })).toMatchObject({ size: [400, 600] })
  })

  it('rejects an unknown paper size, naming the sizes it knows', () => {
    const result = pdfEdition.settingsSchema.safeParse({ size: 'A11' })
    expect(result.success).toBe(false)
    const message = result.error?.issues.map((issue) => issue.message).join('\n') ?? ''
    expect(message).toMatch(/paper size/)
    for (const name of ['A4', 'A5', 'LETTER', 'LEGAL']) expect(message).toContain(name)
    expect(pdfEdition.settingsSchema.safeParse({ size: 'letter' }).success).toBe(true)
    expect(pdfEdition.settingsSchema.safeParse({ papersize: 'A4' }).success).toBe(false)
  })

  it('compiles a plain README from remark-rehype through the unified plugin', async () => {
    const file = await readmePdf()
    expect(file.value).toBeInstanceOf(Uint8Array)
    expect(file.data.edition?.format).toBe('pdf')
    const { info, outline, text } = await readPdf(file.value as Uint8Array)
    // Nothing but the text: the title from its first heading, said in a message.
    expect(info).toMatchObject({ Title: '@colophon/render-pdf', Language: 'en' })
    expect(outline?.[0]?.title).toBe('@colophon/render-pdf')
    expect(outline?.[0]?.items.map((item) => item.title)).toContain('API')
    expect(text).toContain('Knuth and Plass')
    expect(file.messages.map((message) => message.ruleId)).toContain('missing-language')
  })

  it('sets pdf.cover on a first page of its own, and refuses a missing cover file before building', async () => {
    const baseDir = fileURLToPath(new URL('fixtures/', import.meta.url))
    const build = async (settings: Record<string, unknown>) => {
      const file = new VFile({ path: readme, value: readFileSync(readme, 'utf8') })
      await unified()
        .use(remarkParse)
        .use(remarkRehype)
        .use(editionPlugin(pdfEdition), { ...settings, context: { date, baseDir } })
        .process(file)
      return readPdf(file.value as Uint8Array)
    }
    const plain = await build({})
    const covered = await build({ cover: 'figure.png' })
    expect(covered.pages.length).toBe(plain.pages.length + 1)
    expect(covered.pages[0]).toBe('')
    expect(covered.pages.slice(1)).toEqual(plain.pages)
    await expect(
      pdfEdition.prepare?.(pdfEdition.settingsSchema.parse({ cover: 'none.png' }), { baseDir }),
    ).rejects.toThrow(/pdf\.cover: cover image .*none\.png not found/)
  })

  it.skipIf(!have('qpdf'))(`gives a valid file for the README${needs('qpdf')}`, async () => {
    const path = writeOutput('readme.pdf', (await readmePdf()).value as Uint8Array)
    expect(run('qpdf', ['--check', path])).toContain('No syntax or stream encoding errors found')
  })
})
