// The bundled command (scripts/bundle-cli.js): the same editions as the compiled modules, and
// the launcher (bin/colophon.js) runs it only while it is newer than every module it holds.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { temporary } from './helpers.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const example = path.join(root, 'examples/xi-kazakhstan-2022')

function run(script: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [script, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000', ...env },
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('the bundled command', () => {
  it('writes the same editions as the compiled modules, with its workers', () => {
    // Inside the project, where the external packages resolve from node_modules as in an installed package.
    const bundle = fileURLToPath(new URL('../test-output/bundle', import.meta.url))
    const made = run(path.join(root, 'scripts/bundle-cli.js'), ['--outdir', bundle], root)
    expect(made.code, made.stderr).toBe(0)
    // The renderers are chunks of their own, loaded when an edition asks for them.
    expect(readdirSync(bundle).filter((name) => name.startsWith('chunk-')).length).toBeGreaterThan(3)
    const inputs = JSON.parse(readFileSync(path.join(bundle, 'inputs.json'), 'utf8')) as string[]
    expect(inputs.some((input) => input.endsWith('render-pdf/dist/lib/render.js'))).toBe(true)
    expect(inputs.some((input) => input.includes('node_modules'))).toBe(false)

    const outBundle = temporary()
    const outModules = temporary()
    const sources = ['article.txt', '../anthology/02-wind-on-the-steppe.md']
    const bundled = run(
      path.join(bundle, 'bin.js'),
      ['build', ...sources, '--out', outBundle, '--jobs', '2', '--quiet'],
      example,
    )
    expect(bundled.code, bundled.stderr).toBe(0)
    const modules = run(
      path.join(root, 'packages/colophon/bin/colophon.js'),
      ['build', ...sources, '--out', outModules, '--quiet'],
      example,
      { COLOPHON_NO_BUNDLE: '1' },
    )
    expect(modules.code, modules.stderr).toBe(0)
    const files = readdirSync(outModules).filter((name) => !name.startsWith('.'))
    expect(files.length).toBe(8)
    for (const name of files) {
      expect(readFileSync(path.join(outBundle, name)).equals(readFileSync(path.join(outModules, name))), name).toBe(
        true,
      )
    }
    expect(run(path.join(bundle, 'bin.js'), ['--version'], example).stdout).toMatch(/^\d+\.\d+\.\d+\n$/)
  }, 120_000)

  it('is run by the launcher only while no module it holds is newer', () => {
    // A package laid out as installed: the launcher, the modules' entry, and a bundle.
    const dir = temporary()
    mkdirSync(path.join(dir, 'bin'))
    mkdirSync(path.join(dir, 'dist/bundle'), { recursive: true })
    copyFileSync(path.join(root, 'packages/colophon/bin/colophon.js'), path.join(dir, 'bin/colophon.js'))
    writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n')
    writeFileSync(path.join(dir, 'dist/bin.js'), "process.stdout.write('modules')\n")
    writeFileSync(path.join(dir, 'dist/lib.js'), '\n')
    writeFileSync(path.join(dir, 'dist/bundle/bin.js'), "process.stdout.write('bundle')\n")
    writeFileSync(path.join(dir, 'dist/bundle/inputs.json'), JSON.stringify(['../lib.js', '../gone.js']))
    const launcher = path.join(dir, 'bin/colophon.js')
    const at = (file: string, seconds: number) => utimesSync(path.join(dir, file), seconds, seconds)
    at('dist/lib.js', 1_000)
    at('dist/bundle/bin.js', 2_000)
    expect(run(launcher, [], dir).stdout).toBe('bundle')
    expect(run(launcher, [], dir, { COLOPHON_NO_BUNDLE: '1' }).stdout).toBe('modules')
    // A module rebuilt after the bundle (`tsc -b` without `npm run build`): the modules run.
    at('dist/lib.js', 3_000)
    expect(run(launcher, [], dir).stdout).toBe('modules')
  })
})
