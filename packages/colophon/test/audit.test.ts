import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cli, temporary } from './helpers.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const exampleDir = path.join(root, 'examples/xi-kazakhstan-2022')

interface CheckMessage {
  ruleId?: string
  source?: string
  line?: number
  column?: number
  actual?: string
  expected?: string[]
  scope?: string
  applied?: boolean
}

interface Correction {
  id: string
  kind: string
  applied: boolean
  before: string
  after: string
  position?: { start: { line: number; column: number; offset: number } }
}

/** The text of some HTML: tags dropped, the few entities the editions write decoded. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

describe('the audit trail of the first article', async () => {
  const check = await cli(['check', 'article.txt', '--format', 'json'], exampleDir)
  const out = temporary()
  const build = await cli(['build', 'article.txt', '--formats', 'html', '--out', out, '--full-report'], exampleDir)
  const [report] = JSON.parse(check.stdout) as Array<{ messages: CheckMessage[] }>
  const messages = report?.messages ?? []
  const built = JSON.parse(readFileSync(path.join(out, 'article.report.json'), 'utf8')) as {
    corrections: Correction[]
  }
  const applied = built.corrections.filter((item) => item.applied)
  const html = readFileSync(path.join(out, 'article.html'), 'utf8')

  it('runs', () => {
    expect(check.code).toBe(0)
    expect(build.code).toBe(0)
  })

  it('gives every message of check its scope and applied fields', () => {
    expect(messages.length).toBeGreaterThan(0)
    for (const message of messages) {
      expect(['fix', 'suggest', 'keep']).toContain(message.scope)
      expect(typeof message.applied).toBe('boolean')
      if (message.applied) expect(message.scope).toBe('fix')
    }
  })

  it('reports in check exactly the corrections the build applies, each once, at the same places', () => {
    const fromCheck = messages
      .filter((message) => message.applied)
      .map((message) => `${message.ruleId} ${message.line}:${message.column} ${message.expected?.[0]}`)
    const fromBuild = applied.map(
      (item) => `${item.id} ${item.position?.start.line}:${item.position?.start.column} ${item.after}`,
    )
    expect(fromCheck.sort()).toEqual(fromBuild.sort())
    expect(new Set(fromBuild).size).toBe(fromBuild.length)
    // The line-initial dash of the dash-led point is one of them.
    expect(messages.find((message) => message.ruleId === 'dash-lead')).toMatchObject({
      actual: '-',
      expected: ['— '],
      line: 21,
      column: 1,
      applied: true,
    })
  })

  it('states and lists in the editorial notes as many corrections as are applied', () => {
    const notes = /<section class="editorial-notes"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1] ?? ''
    const paragraphs = [...notes.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((match) => textOf(match[1] as string))
    const stated = (sentence: string | undefined) => Number(/\d+/.exec(sentence ?? '')?.[0])
    const typography = applied.filter((item) => item.kind === 'typography').length
    expect(stated(paragraphs[0])).toBe(applied.length - typography)
    expect(stated(paragraphs.at(-1))).toBe(typography)
    const listed = [...notes.matchAll(/<li>([\s\S]*?)<\/li>/g)].reduce(
      (sum, match) => sum + Number(/\(×\s*(\d+)\)/.exec(textOf(match[1] as string))?.[1] ?? 1),
      0,
    )
    expect(listed).toBe(applied.length - typography)
  })

  it('finds every applied change in the HTML edition, in the order of the text', () => {
    const body = textOf(html.slice(html.indexOf('<article'), html.indexOf('<section class="editorial-notes"')))
    const source = readFileSync(path.join(exampleDir, 'article.txt'), 'utf8')
    let cursor = 0
    const missing: string[] = []
    for (const item of [...applied].sort((a, b) => (a.position?.start.offset ?? 0) - (b.position?.start.offset ?? 0))) {
      // Spaces: the HTML may break a line where the source had one.
      const at = body.indexOf(item.after.trim() || item.after, cursor)
      if (at === -1) missing.push(`${item.id} ${JSON.stringify(item.after)}`)
      else cursor = at
      // Where the change is, the source reads what it replaced (the text as found by its pass).
      const offset = item.position?.start.offset ?? 0
      if (item.kind === 'typography') expect(source.slice(offset, offset + item.before.length)).toBe(item.before)
    }
    expect(missing).toEqual([])
    // The dash-led point starts with the em dash.
    expect(html).toMatch(/<p class="point">— In the past/)
  })
})
