/**
 * Hostile dictionaries and long paragraphs, through the CLI: patterns that
 * backtrack forever, alias bombs, cycles of rules, megabyte paragraphs.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, temporary } from '../helpers.js'

function write(dir: string, name: string, text: string): string {
  writeFileSync(path.join(dir, name), text)
  return name
}

const rule = (id: string, match: string, replace: string) =>
  `  - id: ${id}\n    match: ${match}\n    replace: ${replace}\n    kind: term\n    note: test\n`

describe('case 3: catastrophic regular expressions in dictionaries', () => {
  it('case 3: builds at once with a nested-quantifier pattern and guard', { timeout: 30_000 }, async () => {
    const dir = temporary()
    write(
      dir,
      'redos.yaml',
      `name: redos\nentries:\n${rule('nested', '{ regex: "(a+)+$" }', 'A')}${rule('guarded', 'Foo', 'Bar')}    context: { before: { none: ["/(a+)+ $/"] } }\n`,
    )
    const input = write(dir, 'article.md', `# Title\n\nText ${'a'.repeat(40)}b Foo and ${'a'.repeat(40)}b\n`)
    const { code, stderr } = await cli(
      ['build', input, '--out', 'dist', '--formats', 'html', '--dictionary', 'redos.yaml', '--no-default-dictionary'],
      dir,
    )
    expect(stderr).not.toContain('internal error')
    expect(code).toBe(0)
    expect(readFileSync(path.join(dir, 'dist/article.html'), 'utf8')).toContain(`${'a'.repeat(40)}b Bar and`)
  })

  it('case 3: refuses a lookahead with exit 2, naming the file, line, entry and field', async () => {
    const dir = temporary()
    write(dir, 'ahead.yaml', `name: ahead\nentries:\n${rule('dollar', '{ regex: "US \\\\$(?=\\\\d)" }', 'US$')}`)
    const input = write(dir, 'article.md', '# Title\n\nUS $5.\n')
    const { code, stderr } = await cli(['check', input, '--dictionary', 'ahead.yaml'], dir)
    expect(code).toBe(2)
    expect(stderr).toMatch(
      /ahead\.yaml:4:\d+: invalid dictionary: `entries\[0\] \(id dollar\)\.match\.regex` the lookahead/,
    )
    expect(stderr).not.toContain('internal error')
    expect(stderr).not.toMatch(/\n\s+at /)
  })
})

describe('case 9: message positions in long paragraphs', () => {
  it('case 9: checks a paragraph of over a megabyte, with the position of its last finding', {
    timeout: 180_000,
  }, async () => {
    const dir = temporary()
    const line = 'The delegates said "we agree" and Ali Farabbi replied before the talks went on.'
    const text = `# Title\n\n${Array.from({ length: 14_000 }, () => line).join('\n')} Ali Farabbi\n`
    expect(text.length).toBeGreaterThan(1_000_000)
    const input = write(dir, 'long.md', text)
    const { code, stdout } = await cli(['check', input, '--format', 'json', '--max-messages', '0'], dir)
    expect(code).toBe(0)
    type Point = { line: number; column: number; offset: number }
    const [report] = JSON.parse(stdout) as Array<{
      messages: Array<{ ruleId: string; place: { start: Point; end: Point } }>
    }>
    const farabi = (report?.messages ?? []).filter((message) => message.ruleId === 'al-farabi')
    expect(farabi.length).toBe(14_001)
    const offset = text.lastIndexOf('Ali Farabbi')
    expect(farabi.at(-1)?.place).toEqual({
      start: { line: 14_002, column: line.length + 2, offset },
      end: { line: 14_002, column: line.length + 13, offset: offset + 11 },
    })
  })
})

describe('case 12: bad dictionary files', () => {
  it('case 12: a YAML alias bomb in a dictionary is a user error naming the file, exit 2', async () => {
    const dir = temporary()
    const levels = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]']
    for (const name of 'bcdefghi') {
      const previous = String.fromCharCode(name.charCodeAt(0) - 1)
      levels.push(`${name}: &${name} [${Array.from({ length: 9 }, () => `*${previous}`).join(', ')}]`)
    }
    write(dir, 'bomb.yaml', `name: bomb\n${levels.join('\n')}\nentries: []\n`)
    const input = write(dir, 'article.md', '# Title\n\nText.\n')
    const { code, stderr } = await cli(
      ['build', input, '--out', 'dist', '--formats', 'html', '--dictionary', 'bomb.yaml'],
      dir,
    )
    expect(code).toBe(2)
    expect(stderr).toContain('bomb.yaml: cannot read dictionary: its aliases')
    expect(stderr).not.toContain('internal error')
  })

  it('case 12: invalid YAML and an invalid entry name the file, the line and the field, exit 2', async () => {
    const dir = temporary()
    const input = write(dir, 'article.md', '# Title\n\nText.\n')
    write(dir, 'broken.yaml', 'name: broken\nentries:\n  - id: a\n    match: [unclosed\n')
    const broken = await cli(['check', input, '--dictionary', 'broken.yaml'], dir)
    expect(broken.code).toBe(2)
    expect(broken.stderr).toMatch(/broken\.yaml:\d+:\d+: cannot parse dictionary/)
    write(
      dir,
      'wrong.yaml',
      `name: wrong\nentries:\n${rule('fine', 'Foo', 'Bar')}${rule('bad', 'Baz', 'Qux')}    caseSensitive: maybe\n`,
    )
    const wrong = await cli(['check', input, '--dictionary', 'wrong.yaml'], dir)
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toMatch(/wrong\.yaml:13:\d+: invalid dictionary: `entries\[1\] \(id bad\)\.caseSensitive`/)
  })
})

describe('case 13: cycles of rules', () => {
  it('case 13: a three-rule cycle is refused with exit 2, naming the entries', async () => {
    const dir = temporary()
    write(
      dir,
      'cycle.yaml',
      `name: cycle\nentries:\n${rule('a', 'Xenon', 'Yttrium')}${rule('b', 'Yttrium', 'Zinc')}${rule('c', 'Zinc', 'Xenon')}`,
    )
    const input = write(dir, 'article.md', '# Title\n\nXenon.\n')
    const { code, stderr } = await cli(['check', input, '--dictionary', 'cycle.yaml', '--no-default-dictionary'], dir)
    expect(code).toBe(2)
    expect(stderr).toContain('`a` -> `b` -> `c` -> `a`')
    expect(stderr).toContain('(in dictionary `cycle`)')
  })
})
