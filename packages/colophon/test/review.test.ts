/// <reference lib="dom" />
// The review page: `colophon check --format html` and `report.html` beside the editions.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'colophon'
import { chromium } from 'playwright-core'
import { VFile } from 'vfile'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumLaunch, vnu } from '../../../scripts/conformance.js'
import { have, needs } from '../../../scripts/tools.js'
import { reviewPage } from '../src/lib/review.js'
import { cli, temporary } from './helpers.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const exampleDir = path.join(root, 'examples/xi-kazakhstan-2022')
const outputDir = fileURLToPath(new URL('../test-output/', import.meta.url))

interface JsonMessage {
  scope: string
  applied: boolean
}

/** The page and the JSON report of the first article, as the CLI gives them. */
async function firstArticle() {
  const html = await cli(['check', 'article.txt', '--format', 'html'], exampleDir)
  const json = await cli(['check', 'article.txt', '--format', 'json', '--max-messages', '0'], exampleDir)
  const messages = (JSON.parse(json.stdout) as Array<{ messages: JsonMessage[] }>)[0]?.messages ?? []
  return { html, messages }
}

describe('reviewPage', () => {
  it('escapes hostile source text and messages', () => {
    const source = 'Before <script>alert(1)</script> & "quoted" after.\n'
    const file = new VFile({ path: '/tmp/hostile.md', value: source })
    const start = source.indexOf('<script>')
    const message = file.message('Bad `<script>`', {
      place: {
        start: { line: 1, column: start + 1, offset: start },
        end: { line: 1, column: start + 9, offset: start + 8 },
      },
      ruleId: '<b>rule</b>',
      source: 'x"><img src=x onerror=alert(2)>',
    })
    message.expected = ['</ins><script>alert(3)</script>']
    message.url = 'javascript:alert(4)'
    Object.assign(message, { scope: 'fix', applied: true })
    const page = reviewPage([file], { cwd: '/tmp' })
    expect(page).not.toMatch(/<script|<img|<b>/i)
    expect(page).toContain('alert(1)&#60;/script&#62; &#38; &#34;quoted&#34;')
    expect(page).toContain('<del>&#60;script&#62;</del>')
    expect(page).toContain('<ins>&#60;/ins&#62;&#60;script&#62;alert(3)&#60;/script&#62;</ins>')
    expect(page).not.toContain('href=')
  })

  it('shows each kind apart, counts them, and lists changes without a place', () => {
    const file = new VFile({ path: '/tmp/a.md', value: 'One  two teh.\n' })
    const fix = file.message('Double space', {
      place: { start: { line: 1, column: 4, offset: 3 }, end: { line: 1, column: 6, offset: 5 } },
      ruleId: 'double-space',
    })
    fix.expected = [' ']
    Object.assign(fix, { scope: 'fix', applied: true })
    const suggestion = file.message('Consider `the`', {
      place: { start: { line: 1, column: 10, offset: 9 }, end: { line: 1, column: 13, offset: 12 } },
      ruleId: 'typo',
    })
    suggestion.expected = ['the']
    Object.assign(suggestion, { scope: 'suggest', applied: false })
    file.info('A note on the whole file', { ruleId: 'whole' })
    const page = reviewPage([file], { cwd: '/tmp' })
    expect(page).toContain('<strong data-count="fix">1</strong>')
    expect(page).toContain('<strong data-count="suggest">1</strong>')
    expect(page).toContain('<strong data-count="keep">1</strong>')
    expect(page).toMatch(
      /data-kind="fix"[^>]*><del><span class="space">␣ ␣<\/span><\/del><span class="arrow" aria-hidden="true"> → <\/span><ins><span class="space">␣<\/span><\/ins>/,
    )
    expect(page).toMatch(/data-kind="suggest"[^>]*><del>teh<\/del>/)
    expect(page).toContain('<h3>Without a place in the text</h3>')
    expect(page).toContain('<p>1 fix applied, 1 suggestion, 1 finding that changes nothing.</p>')
    expect(page).toContain('<strong data-count="keep">1</strong> finding that changes nothing</li>')
    // The source outside the changes is kept as it is.
    expect(page).toContain('>One<span class="change"')
  })

  it('shows a change inside a wider one inside it, and one across its end after it', () => {
    const source = 'He met Ali Farabbi "today" here.\n'
    const file = new VFile({ path: '/tmp/n.md', value: source })
    const at = (text: string) => source.indexOf(text)
    const place = (start: number, end: number) => ({
      start: { line: 1, column: start + 1, offset: start },
      end: { line: 1, column: end + 1, offset: end },
    })
    const outer = file.message('Sentence to check', { place: place(at('met'), at(' here')), ruleId: 'outer' })
    Object.assign(outer, { scope: 'keep', applied: false })
    const inner = file.message('Garbled name', { place: place(at('Ali'), at(' "')), ruleId: 'name' })
    inner.expected = ['Al-Farabi']
    Object.assign(inner, { scope: 'fix', applied: true })
    const across = file.message('Across', { place: place(at('today'), at('.')), ruleId: 'across' })
    Object.assign(across, { scope: 'suggest', applied: false })
    across.expected = ['now here']
    const page = reviewPage([file], { cwd: '/tmp' })
    const text = page.slice(
      page.indexOf('<div class="text"'),
      page.indexOf('</div>', page.indexOf('<div class="text"')),
    )
    // The name's change sits inside the finding's span, before the finding's note.
    expect(text).toMatch(
      /^<div class="text">He <span class="change" data-kind="keep"[^>]*><span class="found">met <span class="change" data-kind="fix"[^>]*><del>Ali Farabbi<\/del>/,
    )
    expect(text.indexOf('Garbled name')).toBeLessThan(text.indexOf('Sentence to check'))
    // The change across the finding's end follows it, and the source after both is kept once.
    expect(text.indexOf('Across')).toBeGreaterThan(text.indexOf('Sentence to check'))
    expect(text.match(/ here\./g)).toHaveLength(1)
    expect(text.match(/data-kind=/g)?.length).toBe(6)
  })
})

describe('colophon check --format html', () => {
  it('writes one deterministic page per run, with a section per file', async () => {
    const { html, messages } = await firstArticle()
    expect(html.code).toBe(0)
    expect(html.stderr).toBe('')
    expect(html.stdout).toMatch(/^<!DOCTYPE html>\n<html lang="en">/)
    expect(html.stdout).not.toMatch(/https?:\/\/(?!.*dictionary)/)
    const changes = html.stdout.match(/<span class="change" data-kind="(?:fix|suggest)"/g) ?? []
    const expected = messages.filter((message) => message.applied || message.scope === 'suggest').length
    expect(expected).toBeGreaterThan(50)
    expect(changes).toHaveLength(expected)
    const again = await cli(['check', 'article.txt', '--format', 'html'], exampleDir)
    expect(again.stdout).toBe(html.stdout)
    const two = await cli(['check', 'article.txt', 'article.txt', '--format', 'html'], exampleDir)
    expect(two.stdout.match(/<section /g)).toHaveLength(2)
  })

  it('refuses html where it has no meaning', async () => {
    const folder = temporary()
    const result = await cli(
      ['build', path.join(exampleDir, 'article.txt'), '--format', 'html', '--out', folder],
      folder,
    )
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('html is for check')
  })
})

describe('report.html beside the editions', () => {
  it('is written atomically on request (--report-html), and not by default', async () => {
    const folder = temporary()
    const input = path.join(exampleDir, 'article.txt')
    const plain = await build({ inputs: [input], outDir: folder, formats: ['html'], cwd: folder })
    expect(plain.documents[0]?.editions.map((edition) => path.basename(edition.path))).toEqual([
      'article.html',
      'article.report.json',
    ])
    const result = await cli(['build', input, '--formats', 'html', '--report-html', '--out', folder], folder)
    expect(result.code).toBe(0)
    const files = readdirSync(folder).filter((name) => !name.startsWith('.'))
    expect(files.sort()).toEqual(['article.html', 'article.report.html', 'article.report.json'])
    const page = readFileSync(path.join(folder, 'article.report.html'), 'utf8')
    const check = await cli(['check', 'article.txt', '--format', 'html'], exampleDir)
    // The same changes as check shows (only the shown file name may differ).
    const marks = (text: string) => text.match(/<span class="change" data-kind="\w+"/g)?.length
    expect(marks(page)).toBe(marks(check.stdout))
    expect(readdirSync(folder).some((name) => name.includes('.tmp'))).toBe(false)
  })
})

describe('the Nu HTML checker', () => {
  it.skipIf(!have('vnu'))(`finds no error or warning on the first article's review page${needs('vnu')}`, async () => {
    const { html } = await firstArticle()
    mkdirSync(outputDir, { recursive: true })
    const file = path.join(outputDir, 'review-vnu.html')
    writeFileSync(file, html.stdout)
    expect(vnu([file]).map((message) => `${message.lastLine}: ${message.type} ${message.message}`)).toEqual([])
  })
})

describe('the review page in Chromium', () => {
  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined
  let file = ''
  let expected = 0
  beforeAll(async () => {
    if (!have('chromium')) return
    const { html, messages } = await firstArticle()
    mkdirSync(outputDir, { recursive: true })
    file = path.join(outputDir, 'review.html')
    writeFileSync(file, html.stdout)
    expected = messages.filter((message) => message.applied || message.scope === 'suggest').length
    browser = await chromium.launch(chromiumLaunch)
  })
  afterAll(async () => {
    await browser?.close()
  })

  it.skipIf(!have('chromium'))(
    `shows every change of the first article, with 0 axe violations${needs('chromium')}`,
    async () => {
      const page = await (browser as NonNullable<typeof browser>).newPage({ viewport: { width: 1280, height: 900 } })
      await page.goto(`file://${file}`)
      const counted = await page.evaluate(() => ({
        fix: document.querySelectorAll('.change[data-kind="fix"]').length,
        suggest: document.querySelectorAll('.change[data-kind="suggest"]').length,
        struck: document.querySelectorAll('.change del').length,
        inserted: document.querySelectorAll('.change ins').length,
      }))
      expect(counted.fix + counted.suggest).toBe(expected)
      expect(counted.inserted).toBeGreaterThanOrEqual(expected - 1)
      await page.addScriptTag({ content: axeSource })
      const result = (await page.evaluate(() =>
        (window as unknown as { axe: { run(): Promise<unknown> } }).axe.run(),
      )) as { violations: Array<{ id: string; help: string }> }
      expect(result.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([])
      await page.close()
    },
  )

  it.skipIf(!have('chromium'))(
    `shows a change's reason on keyboard focus, and filters by kind and rule${needs('chromium')}`,
    async () => {
      const page = await (browser as NonNullable<typeof browser>).newPage({ viewport: { width: 1280, height: 900 } })
      await page.goto(`file://${file}`)
      // Tab past the filters' checkboxes to the first change.
      const boxes = await page.locator('input[type="checkbox"]').count()
      for (let index = 0; index <= boxes; index++) await page.keyboard.press('Tab')
      const focused = await page.evaluate(() => {
        const active = document.activeElement as HTMLElement
        const note = active.querySelector('.note') as HTMLElement
        return { kind: active.dataset.kind, display: getComputedStyle(note).display, text: note.textContent }
      })
      expect(focused.kind).toMatch(/fix|suggest|keep/)
      expect(focused.display).toBe('block')
      expect(focused.text).toMatch(/Rule /)
      await page.screenshot({ path: path.join(outputDir, 'review-focus.png') })
      const shown = () =>
        page.evaluate(
          () =>
            Array.from(document.querySelectorAll<HTMLElement>('.change')).filter((item) => item.offsetParent !== null)
              .length,
        )
      const all = await shown()
      await page.uncheck('#kind-fix')
      const withoutFixes = await shown()
      expect(withoutFixes).toBe(all - (await page.locator('.change[data-kind="fix"]').count()))
      await page.check('#kind-fix')
      await page.uncheck('#rule-r0')
      expect(await shown()).toBeLessThan(all)
      await page.close()
    },
  )
})
