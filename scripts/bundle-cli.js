#!/usr/bin/env node
// Bundle the `colophon` command (packages/colophon/dist/bundle.js: the CLI and
// the worker of `--jobs`) with esbuild into one CommonJS file in
// packages/colophon/dist/bundle, so that starting it reads one file instead of
// resolving and loading hundreds of modules; then run it once on the first
// article, all three editions, to write V8's code cache of what it compiled
// (packages/colophon/bin/bundle.cjs loads the bundle with it). The packages
// of the EPUB and PDF editions are bundles of their own, each with its own
// cache, loaded when the edition is made (`chunks` below). Packages that read
// files of their own by path (hyphenation patterns by language, WebAssembly)
// stay external and load from node_modules.
// `bin/colophon.cjs` runs the bundle unless one of its project modules is
// newer (listed in bundle.json), then the unbundled build.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { toAsciiSource } from './ascii-source.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const dist = path.join(root, 'packages/colophon/dist')
// `--outdir <folder>` writes the bundle elsewhere (tests); bin/colophon.cjs runs dist/bundle.
const flag = process.argv.indexOf('--outdir')
const outdir = flag === -1 ? path.join(dist, 'bundle') : path.resolve(process.argv[flag + 1] ?? '')

/**
 * An esbuild plugin that rewrites one module of a package in node_modules
 * (`file`: its path from node_modules, with `/`). `patch` gives the new
 * source, or `undefined` when the module is not as expected (another
 * version of the package): it is then bundled as it is.
 */
function patchModule(name, file, patch) {
  const filter = new RegExp(
    `[\\\\/]node_modules[\\\\/]${file
      .split('/')
      .map((part) => part.replaceAll('.', '\\.'))
      .join('[\\\\/]')}$`,
  )
  return {
    name,
    setup(plugin) {
      plugin.onLoad({ filter }, (args) => {
        const contents = patch(readFileSync(args.path, 'utf8'))
        return contents === undefined ? undefined : { contents, loader: 'js' }
      })
    },
  }
}

/**
 * zod's namespace export holds its 60-odd message locales (`z.locales`), which
 * the project never uses: its messages are English, zod's default. This keeps
 * English only (0.45 MB less code to read at every start).
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(plugin) {
    plugin.onLoad({ filter: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: "export { default as en } from './en.js'\n",
      resolveDir: path.join(root, 'node_modules/zod/v4/locales'),
    }))
  },
}

/**
 * `word-list` is an ES module that exports the path of its words file, found
 * from its own `import.meta.url`; a CommonJS bundle cannot `require` it on
 * every Node 20. This gives the same path, resolved from the bundle.
 */
const wordListPath = {
  name: 'word-list-path',
  setup(plugin) {
    plugin.onResolve({ filter: /^word-list$/ }, () => ({ path: 'word-list', namespace: 'word-list-path' }))
    plugin.onLoad({ filter: /.*/, namespace: 'word-list-path' }, () => ({
      contents:
        "const path = require('node:path')\nconst { resolve } = require\nexport default path.join(path.dirname(resolve('word-list')), 'words.txt')\n",
      loader: 'js',
    }))
  },
}

/**
 * tinyglobby's fdir loads picomatch with a `require` of its own, from
 * node_modules, at every start; the bundle holds picomatch already (tinyglobby
 * imports it), and this lets fdir use that copy.
 */
const fdirBundledPicomatch = patchModule('fdir-bundled-picomatch', 'fdir/dist/index.mjs', (source) => {
  const lookup = '__require.resolve("picomatch");\n\tpm = __require("picomatch");'
  return source.includes(lookup) ? source.replace(lookup, 'pm = require("picomatch");') : undefined
})

/**
 * unist-util-visit-parents names the function it makes for each node it
 * visits after the node (`node (paragraph)`, for stack traces), with a
 * string and a `defineProperty` per node: about 2.5 MB of a short article's
 * allocations, and more than the visit itself. In the bundle the functions
 * keep their own name; the visit is the same.
 */
const visitWithoutNames = patchModule('visit-without-names', 'unist-util-visit-parents/lib/index.js', (source) => {
  const naming = /\n {6}Object\.defineProperty\(visit, 'name', \{\n[^}]*\n {6}\}\)\n/
  return naming.test(source) ? source.replace(naming, '\n') : undefined
})

/**
 * The packages of the EPUB edition (epub-gen-memory and the ~190 modules it
 * loads, jszip, ejs) and of the PDF edition (pdfkit, fontkit, svg-to-pdfkit),
 * each in a bundle of its own with a code cache of its own, loaded when the
 * edition is made: resolving and compiling them from node_modules took about
 * 140 ms (EPUB) and 60 ms (PDF) more, and in the main bundle they would add
 * to every command's start. The main bundle leaves them external;
 * bin/bundle.cjs's `require` answers them from these bundles.
 */
const chunks = [
  {
    name: 'epub',
    // Resolved as the package that imports them resolves them.
    from: path.join(root, 'packages/render-epub'),
    specifiers: ['epub-gen-memory', 'epub-gen-memory/dist/lib/util/constants.js', 'jszip', 'ejs'],
  },
  {
    name: 'pdf',
    from: path.join(root, 'packages/render-pdf'),
    specifiers: ['pdfkit', 'fontkit', 'svg-to-pdfkit'],
  },
]

/** esbuild's output in ASCII (see ascii-source.js), or the build stops with the reason. */
function ascii(text, name) {
  let written
  try {
    written = toAsciiSource(text, name)
  } catch (error) {
    console.error(`cannot write ${name} in ASCII: ${error.message}`)
    process.exit(1)
  }
  // The loader reads the bundles as Latin-1 (the manifest's `ascii`): a byte outside ASCII would be misread.
  if (/[\u0080-\u{10FFFF}]/u.test(written)) {
    console.error(`cannot write ${name} in ASCII: characters outside ASCII are left`)
    process.exit(1)
  }
  return written
}

/** A file named by its contents, as its code cache is: a cache never meets another file. */
function writeNamed(prefix, contents) {
  const name = `${prefix}-${createHash('sha256').update(contents).digest('hex').slice(0, 16)}.cjs`
  writeFileSync(path.join(outdir, name), contents)
  return name
}

/**
 * node-fetch (epub-gen-memory's) tries `require('encoding')`, an optional
 * package, in a `try`: esbuild would leave it as a `require` of the bundle,
 * of a package that is not a dependency. In the bundle it fails as it does
 * when the package is not installed.
 */
const optionalMissing = {
  name: 'optional-missing',
  setup(plugin) {
    plugin.onResolve({ filter: /^encoding$/ }, (args) => ({ path: args.path, namespace: 'optional-missing' }))
    plugin.onLoad({ filter: /.*/, namespace: 'optional-missing' }, (args) => ({
      contents: `throw Object.assign(new Error(${JSON.stringify(`Cannot find module '${args.path}'`)}), { code: 'MODULE_NOT_FOUND' })\n`,
      loader: 'js',
    }))
  },
}

/**
 * pdfkit finds its own files (its standard fonts, through its package's
 * imports; the ICC profile of PDF/A) from its `__filename`: in a bundle it
 * is the bundle's, so it is resolved to pdfkit's own module at run time.
 */
const pdfkitOwnFilename = patchModule('pdfkit-own-filename', 'pdfkit/js/pdfkit.js', (source) =>
  source.replaceAll('__filename', 'require["resolve"]("pdfkit")'),
)

rmSync(outdir, { recursive: true, force: true })
mkdirSync(outdir, { recursive: true })
const common = {
  // Paths in the bundle and its metafile are relative to the repository, whichever folder the build runs in
  // (`npm run build` runs it from packages/colophon): the same sources give the same bundle.
  absWorkingDir: root,
  write: false,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
}
const result = await build({
  ...common,
  entryPoints: [path.join(dist, 'bundle.js')],
  outdir,
  metafile: true,
  // Resolved by bin/bundle.cjs's `require`, from the bundle's folder, as an installed package's are
  // (those of the chunks from their own bundles).
  external: ['subset-font', 'hyphen', 'jiti', ...chunks.flatMap((chunk) => chunk.specifiers)],
  plugins: [zodEnglishOnly, wordListPath, fdirBundledPicomatch, visitWithoutNames],
  // `import()` of an external package becomes `require`: code compiled by `vm.Script` has no module loader of its own.
  // Node 20 has the regular expressions esbuild would otherwise turn into `new RegExp()` calls (with unicode
  // property escapes or lookbehind): a literal is parsed once, a `new RegExp()` in a function at every call.
  supported: { 'dynamic-import': false, 'regexp-unicode-property-escapes': true, 'regexp-lookbehind-assertions': true },
  // The modules find their files from `import.meta.url`: in the bundle, the bundle's own.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "var __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
})
const bundle = writeNamed('colophon', ascii(result.outputFiles[0].text, 'the bundle'))
const chunkFiles = []
for (const chunk of chunks) {
  const built = await build({
    ...common,
    // An object of the packages' exports, by the specifier the main bundle requires.
    stdin: {
      contents: `module.exports = {\n${chunk.specifiers.map((specifier) => `  ${JSON.stringify(specifier)}: require(${JSON.stringify(specifier)}),`).join('\n')}\n}\n`,
      resolveDir: chunk.from,
      sourcefile: `${chunk.name}-chunk.js`,
    },
    plugins: [optionalMissing, pdfkitOwnFilename],
  })
  const file = writeNamed(chunk.name, ascii(built.outputFiles[0].text, `the ${chunk.name} bundle`))
  chunkFiles.push({ name: chunk.name, file, cache: `${file}.cache`, specifiers: chunk.specifiers })
}
// The project's own modules, which `tsc -b` may rebuild without rebuilding the bundle. (Third-party
// modules change with `npm install`, which keeps their published times: `npm run build` after it.)
const inputs = Object.keys(result.metafile.inputs)
  .filter((input) => !input.split(/[\\/]/).includes('node_modules') && !input.includes(':'))
  .map((input) => path.relative(outdir, path.resolve(root, input)))
  .sort()
writeFileSync(
  path.join(outdir, 'bundle.json'),
  `${JSON.stringify({ bundle, cache: `${bundle}.cache`, ascii: true, chunks: chunkFiles, inputs }, undefined, 2)}\n`,
)
// The worker script of `--jobs`: the bundle's `runWorker`.
const loader = path.join(root, 'packages/colophon/bin/bundle.cjs')
const loaderFromBundle = path.relative(outdir, loader).split(path.sep).join('/')
writeFileSync(
  path.join(outdir, 'worker.js'),
  `// The worker script of \`colophon build --jobs N\` in the bundled command.
import { fileURLToPath } from 'node:url'
import { loadBundle } from '${loaderFromBundle}'

await loadBundle(fileURLToPath(new URL('.', import.meta.url))).runWorker()
`,
)

// The training run: the first article in all three editions, through the launcher's loader.
const training = mkdtempSync(path.join(tmpdir(), 'colophon-bundle-'))
const run = spawnSync(
  process.execPath,
  [
    '--input-type=module',
    '-e',
    `import { loadBundle } from ${JSON.stringify(pathToFileURL(loader).href)}; const { main } = loadBundle(${JSON.stringify(outdir)}); process.exitCode = await main(process.argv.slice(1), { stdout: process.stdout, stderr: process.stderr })`,
    'build',
    path.join(root, 'examples/xi-kazakhstan-2022/article.txt'),
    '--out',
    training,
    '--quiet',
  ],
  { env: { ...process.env, COLOPHON_WRITE_CODE_CACHE: '1' }, encoding: 'utf8' },
)
rmSync(training, { recursive: true, force: true })
if (run.status !== 0) {
  console.error(`the bundle's training run failed (${run.status}):\n${run.stderr}`)
  process.exit(1)
}
const megabytes = (file) => `${(statSync(path.join(outdir, file)).size / 1e6).toFixed(1)} MB`
console.log(
  `bundled the colophon command: ${Object.keys(result.metafile.inputs).length} modules (${inputs.length} of the project's) into ${path.relative(root, path.join(outdir, bundle))} (${megabytes(bundle)}, code cache ${megabytes(`${bundle}.cache`)}); ${chunkFiles.map((chunk) => `the ${chunk.name} edition's packages into ${chunk.file} (${megabytes(chunk.file)}, code cache ${megabytes(chunk.cache)})`).join('; ')}`,
)
