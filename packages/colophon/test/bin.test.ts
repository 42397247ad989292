/** The command's entry: `--version` answers without loading the pipeline. */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const bin = fileURLToPath(new URL('../bin/colophon.cjs', import.meta.url))
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }

describe('colophon --version', () => {
  it('prints the package version, as -v does, without loading the CLI and its editions', () => {
    for (const flag of ['--version', '-v']) {
      const result = spawnSync(process.execPath, [bin, flag], { encoding: 'utf8' })
      expect(result.status).toBe(0)
      expect(result.stdout).toBe(`${version}\n`)
    }
    // The modules loaded (NODE_DEBUG=esm lists each one): none of the CLI's.
    const traced = spawnSync(process.execPath, [bin, '--version'], {
      encoding: 'utf8',
      env: { ...process.env, NODE_DEBUG: 'esm' },
    })
    expect(traced.stdout).toBe(`${version}\n`)
    expect(traced.stderr).not.toMatch(/cli\.js|pdfkit|render-pdf|render-epub/)
  })
})
