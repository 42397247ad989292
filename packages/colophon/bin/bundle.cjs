// Loads the bundled command (dist/bundle, made by `npm run build`: see
// scripts/bundle-cli.js) for the launcher and for the workers of `--jobs`.
//
// The bundle is one CommonJS file holding the CLI and the project's
// packages. It is compiled with V8's code cache, written at build time by a
// training run: Node 20 has no compile cache of its own, and compiling the
// bundle's code was a third of a short command's time. V8 checks that the
// cache fits (its version, its flags); one that does not is ignored, and the
// code is compiled as usual. The cache's file name holds a hash of the
// bundle's contents, so a cache never meets another bundle.
'use strict'
const { readFileSync, renameSync, statSync, writeFileSync } = require('node:fs')
const { createRequire } = require('node:module')
const path = require('node:path')
const vm = require('node:vm')

/** Where `npm run build` writes the bundle. */
const bundleFolder = path.join(__dirname, '../dist/bundle')

/** The bundle's manifest (`bundle.json`): its file, its cache's file, and the project modules it holds. */
function readManifest(folder) {
  try {
    return JSON.parse(readFileSync(path.join(folder, 'bundle.json'), 'utf8'))
  } catch {
    return undefined
  }
}

/**
 * Whether the bundle may run: it and its chunks exist, `COLOPHON_NO_BUNDLE` is not set,
 * and none of the project's modules it holds is newer than it (rebuilt with
 * `tsc -b` since).
 */
function bundleIsFresh(folder = bundleFolder) {
  if (process.env.COLOPHON_NO_BUNDLE) return false
  const manifest = readManifest(folder)
  if (!manifest || typeof manifest.bundle !== 'string' || !Array.isArray(manifest.inputs)) return false
  const bundle = statSync(path.join(folder, manifest.bundle), { throwIfNoEntry: false })
  if (!bundle) return false
  for (const chunk of manifest.chunks ?? []) {
    if (!statSync(path.join(folder, chunk.file), { throwIfNoEntry: false })) return false
  }
  for (const input of manifest.inputs) {
    // An input that is not there (an installed package keeps only the bundle's inputs it ships) cannot be newer.
    const status = statSync(path.join(folder, input), { throwIfNoEntry: false })
    if (status && status.mtimeMs > bundle.mtimeMs) return false
  }
  return true
}

/**
 * A script's source. Bundles the manifest says are ASCII (all that
 * scripts/bundle-cli.js writes: see scripts/ascii-source.js) are read as
 * Latin-1, which gives the same string and takes half the time of UTF-8.
 */
function readSource(file, ascii) {
  return readFileSync(file, ascii ? 'latin1' : 'utf8')
}

/**
 * Compile a CommonJS file of the bundle with its code cache, run it with a
 * `require` of its own, and return its exports. With
 * `COLOPHON_WRITE_CODE_CACHE=1` (the build's training run), the code
 * compiled by the time the process exits is written to the cache.
 */
function runScript(file, cacheFile, ascii, require) {
  let cachedData
  try {
    cachedData = readFileSync(cacheFile)
  } catch {
    cachedData = undefined
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${readSource(file, ascii)}\n})`
  const script = new vm.Script(wrapper, { filename: file, cachedData })
  if (process.env.COLOPHON_WRITE_CODE_CACHE === '1') {
    process.once('exit', () => {
      const temporary = `${cacheFile}.${process.pid}.tmp`
      writeFileSync(temporary, script.createCachedData())
      renameSync(temporary, cacheFile)
    })
  }
  const module = { exports: {} }
  script.runInThisContext()(module.exports, require, module, file, path.dirname(file))
  return module.exports
}

/**
 * Run the bundle's code and return its exports (`main`, `runWorker`). The
 * bundle has no `import()`: it `require`s the packages it leaves external
 * (see scripts/bundle-cli.js), from node_modules, or from the chunks, the
 * bundles of an edition's packages, each run on the first `require` of one
 * of its packages.
 */
function loadBundle(folder = bundleFolder) {
  const manifest = readManifest(folder)
  const file = path.join(folder, manifest.bundle)
  const fromNodeModules = createRequire(file)
  const chunks = new Map()
  for (const chunk of manifest.chunks ?? []) {
    const entry = { file: path.join(folder, chunk.file), cache: path.join(folder, chunk.cache), exports: undefined }
    for (const specifier of chunk.specifiers) chunks.set(specifier, entry)
  }
  const require = (specifier) => {
    const chunk = chunks.get(specifier)
    if (!chunk) return fromNodeModules(specifier)
    chunk.exports ??= runScript(chunk.file, chunk.cache, manifest.ascii === true, fromNodeModules)
    return chunk.exports[specifier]
  }
  return runScript(
    file,
    path.join(folder, manifest.cache),
    manifest.ascii === true,
    Object.assign(require, fromNodeModules),
  )
}

exports.bundleIsFresh = bundleIsFresh
exports.loadBundle = loadBundle
