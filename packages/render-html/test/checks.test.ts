/// <reference lib="dom" />
// Conformance of the HTML edition: the Nu HTML checker and axe-core in
// Chromium, on the example's edition and on every HTML fixture.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { editionPlugin, resolveAssets } from '@colophon/article-hast'
import { bookMetadata, type Metadata } from '@colophon/metadata'
import { htmlEdition, renderHtml, renderHtmlBook } from '@colophon/render-html'
import { chromium } from 'playwright-core'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumLaunch, run, vnu } from '../../../scripts/conformance.js'
import { exampleMetadata, exampleText, processForTest } from '../../../scripts/test-pipeline.js'
import { have, needs } from '../../../scripts/tools.js'

const outputDir = fileURLToPath(new URL('../test-output/', import.meta.url))
const fixtures = new URL('fixtures/', import.meta.url)

/** Render the example and every Markdown fixture into test-output/. */
async function renderAll(): Promise<Record<string, string>> {
  mkdirSync(outputDir, { recursive: true })
  const files: Record<string, string> = {}
  const example = await processForTest(exampleText, { metadata: exampleMetadata })
  files.example = `${outputDir}example.html`
  writeFileSync(files.example, await renderHtml(example.hast, example.file))
  for (const name of readdirSync(fixtures).filter((entry) => entry.endsWith('.md'))) {
    const path = fileURLToPath(new URL(name, fixtures))
    const { hast, file } = await processForTest(readFileSync(path, 'utf8'), { path })
    await resolveAssets(hast, file)
    const target = `${outputDir}${name.replace(/\.md$/, '.html')}`
    writeFileSync(target, await renderHtml(hast, file))
    files[name.replace(/\.md$/, '')] = target
  }
  // Documents of other shapes: a front-matter post, a manuscript with chapters, a book, a README from remark-rehype.
  for (const name of ['front-matter-post', 'manuscript']) {
    const path = fileURLToPath(new URL(`../../pipeline/test/fixtures/${name}/input.md`, import.meta.url))
    const { hast, file } = await processForTest(readFileSync(path, 'utf8'), { path })
    files[name] = `${outputDir}${name}.html`
    writeFileSync(files[name], await renderHtml(hast, file, { contents: true }))
  }
  const articles = [
    await processForTest(exampleText, { metadata: exampleMetadata, idPrefix: 'a1-' }),
    await processForTest(readFileSync(fileURLToPath(new URL('kazakh.md', fixtures)), 'utf8'), {
      path: fileURLToPath(new URL('kazakh.md', fixtures)),
      idPrefix: 'a2-',
    }),
  ]
  const metadata = bookMetadata(
    articles.map(({ file }) => file.data.metadata as Metadata),
    { title: 'Two articles', language: 'en' },
  )
  files.book = `${outputDir}book.html`
  writeFileSync(
    files.book,
    (await renderHtmlBook({ metadata, articles: articles.map(({ hast, file }) => ({ tree: hast, file })) })).html,
  )
  const readme = new VFile({ path: 'README.md', value: readFileSync(new URL('../README.md', import.meta.url), 'utf8') })
  await unified().use(remarkParse).use(remarkRehype).use(editionPlugin(htmlEdition)).process(readme)
  files.readme = `${outputDir}readme.html`
  writeFileSync(files.readme, String(readme.value))
  return files
}

let rendered: Record<string, string> = {}
beforeAll(async () => {
  rendered = await renderAll()
})

describe('the Nu HTML checker', () => {
  it.skipIf(!have('vnu'))(`reports 0 errors and 0 warnings on every edition${needs('vnu')}`, () => {
    const messages = vnu(Object.values(rendered))
    expect(messages.map((message) => `${message.url}:${message.lastLine}: ${message.type} ${message.message}`)).toEqual(
      [],
    )
  })
})

describe('axe-core in Chromium', () => {
  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined
  beforeAll(async () => {
    if (have('chromium')) browser = await chromium.launch(chromiumLaunch)
  })
  afterAll(async () => {
    await browser?.close()
  })

  for (const scheme of ['light', 'dark'] as const) {
    it.skipIf(!have('chromium'))(
      `finds no violations in the example, ${scheme} scheme, and screenshots the first screen${needs('chromium')}`,
      async () => {
        const page = await (browser as NonNullable<typeof browser>).newPage({ viewport: { width: 1280, height: 800 } })
        await page.emulateMedia({ colorScheme: scheme })
        await page.goto(`file://${rendered.example}`)
        await page.addScriptTag({ content: axeSource })
        const result = (await page.evaluate(() =>
          (window as unknown as { axe: { run(): Promise<unknown> } }).axe.run(),
        )) as { violations: Array<{ id: string; help: string; nodes: unknown[] }> }
        await page.screenshot({ path: `${outputDir}example-${scheme}.png` })
        expect(result.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([])
        await page.close()
      },
    )
  }

  it.skipIf(!have('chromium', 'pdftoppm'))(
    `prints well: a PDF printed by Chromium, page 1 rendered to PNG${needs('chromium', 'pdftoppm')}`,
    async () => {
      const page = await (browser as NonNullable<typeof browser>).newPage()
      await page.goto(`file://${rendered.example}`)
      await page.emulateMedia({ media: 'print' })
      await page.pdf({ path: `${outputDir}example-print.pdf`, format: 'A4', printBackground: false })
      await page.close()
      run('pdftoppm', [
        '-png',
        '-r',
        '60',
        '-f',
        '1',
        '-l',
        '1',
        `${outputDir}example-print.pdf`,
        `${outputDir}example-print`,
      ])
      const text = run('pdftotext', [`${outputDir}example-print.pdf`, '-']).replace(/\s+/g, ' ')
      expect(text).toContain('Build on the Past to Make Greater Strides')
    },
  )

  it.skipIf(!have('chromium'))(
    `keeps every marked name on one line on a phone, and titles off the edge${needs('chromium')}`,
    async () => {
      const page = await (browser as NonNullable<typeof browser>).newPage({ viewport: { width: 390, height: 1600 } })
      for (const name of ['example', 'book']) {
        await page.goto(`file://${rendered[name]}`)
        const found = await page.evaluate(() =>
          Array.from(document.querySelectorAll('main .name, main .compound, main .phrase')).map((node) => ({
            text: node.textContent,
            lines: new Set(Array.from(node.getClientRects()).map((rect) => Math.round(rect.top))).size,
          })),
        )
        expect(found.some((item) => item.text === 'Kassym-Jomart Tokayev')).toBe(true)
        expect(found.filter((item) => item.lines !== 1)).toEqual([])
        // Nothing is wider than the screen.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
      }
      await page.screenshot({ path: `${outputDir}example-phone.png` })
      await page.close()
    },
  )

  it.skipIf(!have('chromium'))(`prints on the paper of the option${needs('chromium')}`, async () => {
    const example = await processForTest(exampleText, { metadata: exampleMetadata })
    const page = await (browser as NonNullable<typeof browser>).newPage()
    for (const [paper, size] of [
      ['letter', [612, 792]],
      ['A5', [419.53, 595.28]],
    ] as const) {
      await page.setContent(await renderHtml(example.hast, example.file, { paper }))
      const pdf = await page.pdf({ preferCSSPageSize: true })
      const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(Buffer.from(pdf).toString('latin1'))
      expect(Number(box?.[1])).toBeCloseTo(size[0], 0)
      expect(Number(box?.[2])).toBeCloseTo(size[1], 0)
    }
    await page.close()
  })

  it.skipIf(!have('chromium'))(`runs nothing from the hostile fixture${needs('chromium')}`, async () => {
    const page = await (browser as NonNullable<typeof browser>).newPage()
    const dialogs: string[] = []
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message())
      await dialog.dismiss()
    })
    await page.goto(`file://${rendered.hostile}`)
    for (const link of await page.locator('a').all()) await link.click({ trial: true }).catch(() => undefined)
    await page.waitForTimeout(200)
    expect(dialogs).toEqual([])
    expect(await page.evaluate(() => document.scripts.length)).toBe(1) // the JSON-LD
    expect(await page.title()).toBe('A title </script><script>alert("title")</script>')
    await page.close()
  })
})
