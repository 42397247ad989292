#!/usr/bin/env node
// The `colophon` command. A committed file, so npm links it at install time.
// It runs the bundled CLI (dist/bundle, made by `npm run build`: one file,
// compiled with a code cache, see bundle.cjs) unless one of the project's
// modules it holds is newer than it (sources rebuilt with `tsc -b` since),
// then the compiled modules; it says how to build them when they are missing
// (a fresh clone before `npm run build`). COLOPHON_NO_BUNDLE=1 skips the
// bundle. CommonJS, as is its loader: Node starts a CommonJS entry without
// setting up its ES module loader (about 10 ms), and the bundle needs none.
'use strict'
const { existsSync, readFileSync } = require('node:fs')
const path = require('node:path')
const { pathToFileURL } = require('node:url')

const args = process.argv.slice(2)
const entry = path.join(__dirname, '../dist/bin.js')

async function run() {
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
    // Answered before anything else is loaded.
    process.stdout.write(`${JSON.parse(readFileSync(path.join(__dirname, '../package.json'), 'utf8')).version}\n`)
    return
  }
  const { bundleIsFresh, loadBundle } = require('./bundle.cjs')
  if (bundleIsFresh()) {
    const { main } = loadBundle()
    process.exitCode = await main(args, { stdout: process.stdout, stderr: process.stderr })
  } else if (existsSync(entry)) {
    await import(pathToFileURL(entry).href)
  } else {
    process.stderr.write('colophon: the CLI is not built yet; run `npm run build` (or `npm run ebooks`) first\n')
    process.exit(2)
  }
}

run()
