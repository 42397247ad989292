import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'

const css = await readFile(new URL('../assets/article.css', import.meta.url), 'utf8')

/** The declarations of the rule whose selector list is exactly `selector`. */
function rule(selector: string): string | undefined {
  const escaped = selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(?:^|\\n)${escaped} \\{([^}]*)\\}`).exec(css)?.[1]
}

describe('article.css', () => {
  it('sets the editorial notes ragged right', () => {
    expect(css).toMatch(/\.editorial-notes \{[^}]*text-align: left;/)
  })
  it('prints on A4', () => {
    expect(css).toMatch(/@page \{[^}]*size: A4;/)
  })
  it('keeps marked names, compounds and phrases on one line', () => {
    expect(rule('.name,\n.compound,\n.phrase')).toContain('white-space: nowrap;')
  })
  it('balances titles: headings, subtitles and contents entries', () => {
    expect(rule('h1,\nh2,\nh3,\nh4')).toContain('text-wrap: balance;')
    expect(rule('.title-block .subtitle,\nnav.contents li')).toContain('text-wrap: balance;')
  })
  it('shows a replacement as in every edition: the wrong form struck thin in grey, the right one plain', () => {
    const del = rule('del') ?? ''
    expect(del).toContain('text-decoration: line-through;')
    expect(del).toContain('text-decoration-thickness: 1px;')
    expect(del).toContain('color: var(--struck);')
    expect(css).toMatch(/:root \{[^}]*--struck: #595959;/)
    const ins = rule('ins') ?? ''
    expect(ins).toContain('text-decoration: none;')
    expect(ins).not.toContain('font-weight')
  })
})
