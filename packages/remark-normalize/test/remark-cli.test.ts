/**
 * The plugin in remark-cli, as examples/remark-cli configures it: findings
 * are warnings with their places, `--frail` fails on them, nothing is
 * rewritten.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const example = fileURLToPath(new URL('../../../examples/remark-cli/', import.meta.url))
const remark = fileURLToPath(new URL('../../../node_modules/remark-cli/cli.js', import.meta.url))

/** Run remark-cli in the example folder (it loads the built package, as a user's project would). */
function run(...args: string[]) {
  const result = spawnSync(process.execPath, [remark, ...args, '--quiet', '--no-stdout', '--no-color'], {
    cwd: example,
    encoding: 'utf8',
  })
  return { code: result.status, stderr: result.stderr }
}

describe('remark-cli with .remarkrc.mjs', () => {
  it('reports what the dictionaries would change, with places, and --frail fails on it', () => {
    const before = readFileSync(`${example}story.md`, 'utf8')
    const { code, stderr } = run('story.md', '--frail')
    expect(code).toBe(1)
    expect(stderr).toMatch(/3:15-3:23\s+warning\s+`Chimkent` should be `Shymkent`\s+shymkent\s+colophon-normalize/)
    expect(stderr).toMatch(/4:16-4:27\s+warning\s+`Ali Farabbi` should be `Al-Farabi`\s+al-farabi\s+colophon-normalize/)
    expect(readFileSync(`${example}story.md`, 'utf8')).toBe(before)
  })

  it('passes a clean file, and without --frail a file with findings', () => {
    expect(run('clean.md', '--frail')).toEqual({ code: 0, stderr: '' })
    expect(run('story.md').code).toBe(0)
  })
})
