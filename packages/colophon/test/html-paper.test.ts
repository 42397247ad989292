import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'colophon'
import { describe, expect, it } from 'vitest'

const input = fileURLToPath(new URL('../../../examples/xi-kazakhstan-2022/article.txt', import.meta.url))

async function pageSize(name: string, editions: Record<string, unknown>): Promise<string | undefined> {
  const out = fileURLToPath(new URL(`../test-output/html-paper/${name}/`, import.meta.url))
  await build({ inputs: [input], outDir: out, formats: ['html'], editions, force: true })
  const html = readFileSync(path.join(out, 'article.html'), 'utf8')
  return /@page \{[^}]*size: ([^;]+);/.exec(html)?.[1]
}

describe('the paper of the HTML edition', () => {
  it('is A4 by default, the PDF edition’s paper when CSS names it, and its own when set', async () => {
    expect(await pageSize('default', {})).toBe('A4')
    expect(await pageSize('pdf-letter', { pdf: { size: 'LETTER' } })).toBe('letter')
    expect(await pageSize('pdf-points', { pdf: { size: [420, 595] } })).toBe('420pt 595pt')
    expect(await pageSize('own', { pdf: { size: 'LETTER' }, html: { paper: 'a5' } })).toBe('A5')
    // A paper CSS cannot name (RA4) leaves the HTML edition on A4.
    expect(await pageSize('pdf-ra4', { pdf: { size: 'RA4' } })).toBe('A4')
  })
})
