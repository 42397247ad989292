import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'

const css = await readFile(new URL('../assets/article.css', import.meta.url), 'utf8')

describe('article.css', () => {
  it('sets the editorial notes ragged right', () => {
    expect(css).toMatch(/\.editorial-notes \{[^}]*text-align: left;/)
  })
  it('prints on A4', () => {
    expect(css).toMatch(/@page \{[^}]*size: A4;/)
  })
})
