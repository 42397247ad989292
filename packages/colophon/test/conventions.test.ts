/**
 * The command line as pandoc, remark-cli and textlint users expect it:
 * standard input and output, NO_COLOR, a config found upward, per-command
 * help, one-line argument errors, and --quiet/--frail/--format everywhere.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cli, temporary } from './helpers.js'

const bin = fileURLToPath(new URL('../bin/colophon.cjs', import.meta.url))
const story = '# Notes\n\nAli Farabbi was born near Chimkent.\n'
const stdin = (text: string) => ({ stdin: Readable.from([Buffer.from(text)]) })
// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape of a colour code
const colourCode = /\u001B\[/

describe('standard input and output', () => {
  it('normalize - reads standard input (the installed command, through a pipe)', () => {
    const result = spawnSync(process.execPath, [bin, 'normalize', '-'], { input: 'Ali Farabbi\n', encoding: 'utf8' })
    expect(result.status).toBe(0)
    expect(result.stdout).toBe('Al-Farabi\n')
  })

  it('check - reads standard input, named and read as --stdin-filename says', async () => {
    const dir = temporary()
    const markdown = await cli(['check', '-', '--format', 'json'], dir, stdin(story))
    const [file] = JSON.parse(markdown.stdout)
    expect(file.path).toBe('stdin.md')
    expect(file.messages.map((message: { ruleId: string }) => message.ruleId)).toContain('al-farabi')
    const text = await cli(['check', '-', '--stdin-filename', 'wire.txt'], dir, stdin(story))
    expect(text.stdout).toMatch(/^wire\.txt\n/)
    // Plain text: the first line is the headline, so no dateline is found after it.
    expect(text.stdout).toContain('no-dateline')
    const mixed = await cli(['check', '-', 'other.md'], dir, stdin(story))
    expect(mixed.code).toBe(2)
    expect(mixed.stderr).toBe('colophon: `-` (standard input) must be the only input\n')
  })

  it('build -o - writes the one edition asked for to standard output, and nothing to the folder', async () => {
    const dir = temporary()
    writeFileSync(path.join(dir, 'a.md'), story)
    const html = await cli(['build', 'a.md', '-o', '-', '--formats', 'html'], dir)
    expect(html.code).toBe(0)
    expect(html.stdout).toMatch(/^<!doctype html>/)
    expect(html.stdout).toContain('Al-Farabi')
    expect(readdirSync(dir)).toEqual(['a.md'])
    const chunks: Array<string | Uint8Array> = []
    const code = await (await import('colophon')).main(['build', 'a.md', '--out', '-', '--formats', 'epub'], {
      stdout: { write: (chunk) => chunks.push(chunk) },
      stderr: { write: () => undefined },
      cwd: dir,
    })
    expect(code).toBe(0)
    expect(
      Buffer.from(chunks[0] as Uint8Array)
        .subarray(0, 2)
        .toString(),
    ).toBe('PK')
    const two = await cli(['build', 'a.md', '-o', '-', '--formats', 'html,pdf'], dir)
    expect(two.code).toBe(2)
    expect(two.stderr).toBe(
      'colophon: --out - writes one edition to standard output: add --formats with one of html, pdf, epub\n',
    )
  })
})

describe('colour', () => {
  it('follows NO_COLOR, FORCE_COLOR and --color / --no-color', async () => {
    const dir = temporary()
    writeFileSync(path.join(dir, 'a.md'), story)
    const run = async (env: NodeJS.ProcessEnv, ...flags: string[]) =>
      (await cli(['check', 'a.md', ...flags], dir, { env })).stdout
    expect(await run({ FORCE_COLOR: '1' })).toMatch(colourCode)
    expect(await run({ FORCE_COLOR: '1', NO_COLOR: '1' })).not.toMatch(colourCode)
    expect(await run({ FORCE_COLOR: '1' }, '--no-color')).not.toMatch(colourCode)
    expect(await run({ NO_COLOR: '1' }, '--color')).toMatch(colourCode)
    expect(await run({})).not.toMatch(colourCode)
  })

  it('NO_COLOR=1 output of the installed command has no escape codes', () => {
    const result = spawnSync(process.execPath, [bin, 'normalize', '-'], {
      input: story,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '1' },
    })
    expect(result.stdout + result.stderr).not.toMatch(colourCode)
  })
})

describe('the configuration is found upward', () => {
  it('from a folder below the one that holds it, as .remarkrc is', async () => {
    const dir = temporary()
    writeFileSync(path.join(dir, 'colophon.config.yaml'), 'sources: [articles/*.md]\n')
    mkdirSync(path.join(dir, 'articles'))
    writeFileSync(path.join(dir, 'articles/a.md'), story)
    const { code, stdout } = await cli(['check', '--print-config'], path.join(dir, 'articles'))
    expect(code).toBe(0)
    expect(JSON.parse(stdout).configFile).toBe(path.join(dir, 'colophon.config.yaml'))
    const checked = await cli(['check', '--format', 'json'], path.join(dir, 'articles'))
    expect(JSON.parse(checked.stdout).map((file: { path: string }) => file.path)).toEqual(['a.md'])
  })
})

describe('help and argument errors', () => {
  it('colophon <command> --help prints that command’s help', async () => {
    const build = await cli(['build', '--help'], temporary())
    expect(build.code).toBe(0)
    expect(build.stdout).toMatch(/^Usage:\n {2}colophon build/)
    expect(build.stdout).toContain('--formats')
    expect(build.stdout).not.toContain('--stdin-filename')
    const check = await cli(['help', 'check'], temporary())
    expect(check.stdout).toContain('--stdin-filename')
    expect(check.stdout).not.toContain('--formats')
  })

  it('an unknown or incomplete option is one clean line, exit 2', async () => {
    expect(await cli(['build', '--bogus'], temporary())).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'colophon: unknown option --bogus; see `colophon build --help`\n',
    })
    expect((await cli(['check', '--config'], temporary())).stderr).toBe(
      'colophon: --config needs a value; see `colophon check --help`\n',
    )
  })
})

describe('--quiet, --frail and --format on every command that reports', () => {
  it('build, check and normalize take them', async () => {
    const dir = temporary()
    writeFileSync(path.join(dir, 'a.md'), story)
    // Warnings: the missing-title kind of a document without a heading.
    writeFileSync(path.join(dir, 'b.md'), 'Ali Farabbi.\n')
    const build = await cli(['build', 'b.md', '--formats', 'html', '--frail', '--format', 'json'], dir)
    expect(build.code).toBe(1)
    expect(JSON.parse(build.stdout).documents).toHaveLength(1)
    expect((await cli(['build', 'b.md', '--formats', 'html', '--quiet'], dir)).stderr).toBe('')
    const normalize = await cli(['normalize', 'b.md', '--frail', '--format', 'json'], dir)
    expect(normalize.code).toBe(1)
    expect(JSON.parse(normalize.stderr)[0].messages[0].ruleId).toBe('missing-title')
    expect((await cli(['normalize', 'b.md', '--quiet'], dir)).stderr).toBe('')
    // Plain text: notes that no dateline or byline was found.
    writeFileSync(path.join(dir, 'c.txt'), story)
    const loud = await cli(['check', 'c.txt'], dir)
    const quiet = await cli(['check', 'c.txt', '--quiet'], dir)
    expect(loud.stdout).toContain('info')
    expect(quiet.stdout).not.toContain(' info ')
    expect(quiet.stdout).toContain('warning')
  })
})
