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
 * Whether the bundle may run: it exists, `COLOPHON_NO_BUNDLE` is not set,
 * and none of the project's modules it holds is newer than it (rebuilt with
 * `tsc -b` since).
 */
function bundleIsFresh(folder = bundleFolder) {
  if (process.env.COLOPHON_NO_BUNDLE) return false
  const manifest = readManifest(folder)
  if (!manifest || typeof manifest.bundle !== 'string' || !Array.isArray(manifest.inputs)) return false
  const bundle = statSync(path.join(folder, manifest.bundle), { throwIfNoEntry: false })
  if (!bundle) return false
  for (const input of manifest.inputs) {
    // An input that is not there (an installed package keeps only the bundle's inputs it ships) cannot be newer.
    const status = statSync(path.join(folder, input), { throwIfNoEntry: false })
    if (status && status.mtimeMs > bundle.mtimeMs) return false
  }
  return true
}

/**
 * Run the bundle's code and return its exports (`main`, `runWorker`).
 * With `COLOPHON_WRITE_CODE_CACHE=1` (the build's training run), the code
 * compiled by the time the process exits is written to the cache.
 */
function loadBundle(folder = bundleFolder) {
  const manifest = readManifest(folder)
  const file = path.join(folder, manifest.bundle)
  const cacheFile = path.join(folder, manifest.cache)
  let cachedData
  try {
    cachedData = readFileSync(cacheFile)
  } catch {
    cachedData = undefined
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`
  // The bundle has no `import()`: it `require`s the packages it leaves external (see scripts/bundle-cli.js).
  const script = new vm.Script(wrapper, { filename: file, cachedData })
  if (process.env.COLOPHON_WRITE_CODE_CACHE === '1') {
    process.once('exit', () => {
      const temporary = `${cacheFile}.${process.pid}.tmp`
      writeFileSync(temporary, script.createCachedData())
      renameSync(temporary, cacheFile)
    })
  }
  const module = { exports: {} }
  script.runInThisContext()(module.exports, createRequire(file), module, file, folder)
  return module.exports
}

exports.bundleIsFresh = bundleIsFresh
exports.loadBundle = loadBundle
