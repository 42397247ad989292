// The bundled command (scripts/bundle-cli.js): the same editions as the compiled modules, and
// the launcher (bin/colophon.cjs) runs it only while it is newer than every module it holds, with
// its code cache.
import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
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
    // From the package's folder, as `npm run build` runs it.
    const made = run(
      path.join(root, 'scripts/bundle-cli.js'),
      ['--outdir', bundle],
      path.join(root, 'packages/colophon'),
    )
    expect(made.code, made.stderr).toBe(0)
    // One file named by its contents, its code cache, the worker script and the manifest.
    const manifest = JSON.parse(readFileSync(path.join(bundle, 'bundle.json'), 'utf8')) as {
      bundle: string
      cache: string
      ascii: boolean
      chunks: Array<{ name: string; file: string; cache: string; specifiers: string[] }>
      inputs: string[]
    }
    expect(manifest.bundle).toMatch(/^colophon-[0-9a-f]{16}\.cjs$/)
    // The packages of the EPUB and PDF editions in bundles of their own, each with its own cache, loaded when
    // the edition is made.
    expect(manifest.chunks.map((chunk) => chunk.name)).toEqual(['epub', 'pdf'])
    const chunkFiles = manifest.chunks.flatMap((chunk) => [chunk.file, chunk.cache])
    expect(readdirSync(bundle).sort()).toEqual(
      ['bundle.json', manifest.bundle, manifest.cache, ...chunkFiles, 'worker.js'].sort(),
    )
    for (const chunk of manifest.chunks) {
      expect(chunk.file).toMatch(new RegExp(`^${chunk.name}-[0-9a-f]{16}\\.cjs$`))
      const source = readFileSync(path.join(bundle, chunk.file), 'utf8')
      for (const specifier of chunk.specifiers) expect(source).toContain(`${JSON.stringify(specifier)}: require_`)
    }
    expect(manifest.chunks.flatMap((chunk) => chunk.specifiers)).toEqual(
      expect.arrayContaining(['epub-gen-memory', 'jszip', 'pdfkit', 'fontkit']),
    )
    for (const cache of [manifest.cache, ...manifest.chunks.map((chunk) => chunk.cache)]) {
      expect(readFileSync(path.join(bundle, cache)).length).toBeGreaterThan(100_000)
    }
    expect(manifest.inputs.some((input) => input.endsWith('render-pdf/dist/lib/render.js'))).toBe(true)
    expect(manifest.inputs.some((input) => input.includes('node_modules'))).toBe(false)
    // Every input is a module on disk (the launcher compares their times with the bundle's).
    expect(manifest.inputs.filter((input) => !existsSync(path.join(bundle, input)))).toEqual([])
    // The bundle requires the packages it leaves external (it has no `import()`: code compiled by `vm.Script` cannot run one).
    const code = readFileSync(path.join(bundle, manifest.bundle), 'utf8')
    expect(code).toMatch(/require\("pdfkit"\)/)
    expect(code).toMatch(/require\("epub-gen-memory"\)/)
    // In ASCII (scripts/ascii-source.js), its patterns escaped: V8 holds it as a one-byte string, and the
    // loader reads it as Latin-1, as the manifest says it may.
    expect(manifest.ascii).toBe(true)
    expect(/[\u0080-\u{10FFFF}]/u.test(code)).toBe(false)
    expect(code).toContain(String.raw`\u201C`)
    // unist-util-visit-parents, without the name it gives the function of each node visited (see bundle-cli.js).
    expect(code).toContain('// node_modules/unist-util-visit-parents/lib/index.js')
    expect(code).not.toContain('Object.defineProperty(visit')

    // The launcher's loader, on this bundle.
    const runner = path.join(bundle, '..', 'run-bundle.js')
    const loader = pathToFileURL(path.join(root, 'packages/colophon/bin/bundle.cjs')).href
    writeFileSync(
      runner,
      `import { loadBundle } from '${loader}'\nprocess.exitCode = await loadBundle(${JSON.stringify(bundle)}).main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr })\n`,
    )
    const outBundle = temporary()
    const outModules = temporary()
    const sources = ['article.txt', '../anthology/02-wind-on-the-steppe.md']
    const bundled = run(runner, ['build', ...sources, '--out', outBundle, '--jobs', '2', '--quiet'], example)
    expect(bundled.code, bundled.stderr).toBe(0)
    const modules = run(
      path.join(root, 'packages/colophon/bin/colophon.cjs'),
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
    expect(run(runner, ['--version'], example).stdout).toMatch(/^\d+\.\d+\.\d+\n$/)
  }, 120_000)

  it('is run by the launcher only while no module it holds is newer, with or without a fitting cache', () => {
    // A package laid out as installed: the launcher and its loader, the modules' entry, and a bundle.
    const dir = temporary()
    mkdirSync(path.join(dir, 'bin'))
    mkdirSync(path.join(dir, 'dist/bundle'), { recursive: true })
    for (const file of ['colophon.cjs', 'bundle.cjs']) {
      copyFileSync(path.join(root, 'packages/colophon/bin', file), path.join(dir, 'bin', file))
    }
    writeFileSync(path.join(dir, 'package.json'), '{ "type": "module", "version": "1.2.3" }\n')
    writeFileSync(path.join(dir, 'dist/bin.js'), "process.stdout.write('modules')\n")
    writeFileSync(path.join(dir, 'dist/lib.js'), '\n')
    const bundle = 'dist/bundle/colophon-0123456789abcdef.cjs'
    writeFileSync(
      path.join(dir, bundle),
      "exports.main = async (args, io) => { io.stdout.write('bundle ' + args.join(' ') + (args[0] === 'chunk' ? ' ' + require('some-package').value + ' ' + require('node:path').sep : '')); return 3 }\n",
    )
    // A chunk: packages the bundle requires, from a bundle of their own.
    const chunk = 'dist/bundle/some-0123456789abcdef.cjs'
    writeFileSync(path.join(dir, chunk), "module.exports = { 'some-package': { value: 'from the chunk' } }\n")
    writeFileSync(
      path.join(dir, 'dist/bundle/bundle.json'),
      JSON.stringify({
        bundle: path.basename(bundle),
        cache: `${path.basename(bundle)}.cache`,
        chunks: [
          {
            name: 'some',
            file: path.basename(chunk),
            cache: `${path.basename(chunk)}.cache`,
            specifiers: ['some-package'],
          },
        ],
        inputs: ['../lib.js', '../gone.js'],
      }),
    )
    const launcher = path.join(dir, 'bin/colophon.cjs')
    const at = (file: string, seconds: number) => utimesSync(path.join(dir, file), seconds, seconds)
    at('dist/lib.js', 1_000)
    at(bundle, 2_000)
    expect(run(launcher, ['a', 'b'], dir)).toMatchObject({ stdout: 'bundle a b', code: 3 })
    expect(run(launcher, ['chunk'], dir)).toMatchObject({ stdout: `bundle chunk from the chunk ${path.sep}`, code: 3 })
    expect(run(launcher, ['--version'], dir).stdout).toBe('1.2.3\n')
    // A cache that does not fit (another V8, or not a cache at all) is ignored.
    writeFileSync(path.join(dir, `${bundle}.cache`), 'not a code cache')
    expect(run(launcher, ['a'], dir)).toMatchObject({ stdout: 'bundle a', code: 3 })
    expect(run(launcher, [], dir, { COLOPHON_NO_BUNDLE: '1' }).stdout).toBe('modules')
    // A chunk that is not there (a partial copy): the modules run.
    renameSync(path.join(dir, chunk), path.join(dir, `${chunk}.away`))
    expect(run(launcher, [], dir).stdout).toBe('modules')
    renameSync(path.join(dir, `${chunk}.away`), path.join(dir, chunk))
    expect(run(launcher, ['a'], dir).stdout).toBe('bundle a')
    // A module rebuilt after the bundle (`tsc -b` without `npm run build`): the modules run.
    at('dist/lib.js', 3_000)
    expect(run(launcher, [], dir).stdout).toBe('modules')
  })
})
