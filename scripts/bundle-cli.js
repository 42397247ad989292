#!/usr/bin/env node
// Bundle the `colophon` command (packages/colophon/dist/bin.js and its
// worker) with esbuild into packages/colophon/dist/bundle, so that starting
// it reads a few files instead of resolving and loading hundreds of modules.
// The editions' renderers stay in chunks loaded only when asked for; packages
// that read files of their own (fonts, WebAssembly, data) stay external and
// load from node_modules. `bin/colophon.js` runs the bundle unless one of its
// inputs is newer (listed in inputs.json), then the unbundled build.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const dist = path.join(root, 'packages/colophon/dist')
// `--outdir <folder>` writes the bundle elsewhere (tests); bin/colophon.js runs dist/bundle.
const flag = process.argv.indexOf('--outdir')
const outdir = flag === -1 ? path.join(dist, 'bundle') : path.resolve(process.argv[flag + 1] ?? '')
rmSync(outdir, { recursive: true, force: true })
mkdirSync(outdir, { recursive: true })
const result = await build({
  entryPoints: { bin: path.join(dist, 'bin.js'), worker: path.join(dist, 'lib/worker.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Chunks are named by their content: the same build gives the same files.
  chunkNames: 'chunk-[hash]',
  metafile: true,
  logLevel: 'warning',
  external: [
    'pdfkit',
    'fontkit',
    'svg-to-pdfkit',
    'subset-font',
    'epub-gen-memory',
    'jszip',
    'ejs',
    'hyphen',
    'word-list',
    'jiti',
  ],
  // CommonJS modules in the bundle require Node's built-in modules.
  banner: {
    js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
  },
})
// The project's own modules, which `tsc -b` may rebuild without rebuilding the bundle. (Third-party
// modules change with `npm install`, which keeps their published times: `npm run build` after it.)
const inputs = Object.keys(result.metafile.inputs)
  .filter((input) => !input.split(/[\\/]/).includes('node_modules'))
  .map((input) => path.relative(outdir, path.resolve(root, input)))
  .sort()
writeFileSync(path.join(outdir, 'inputs.json'), `${JSON.stringify(inputs)}\n`)
console.log(
  `bundled the colophon command: ${Object.keys(result.metafile.inputs).length} modules (${inputs.length} of the project's) into ${path.relative(root, outdir)}`,
)
