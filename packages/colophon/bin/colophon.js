#!/usr/bin/env node
// The `colophon` command. A committed file, so npm links it at install time.
// It runs the bundled CLI (dist/bundle, made by `npm run build`: one file,
// compiled with a code cache, see bundle.js) unless one of the project's
// modules it holds is newer than it (sources rebuilt with `tsc -b` since),
// then the compiled modules; it says how to build them when they are missing
// (a fresh clone before `npm run build`). COLOPHON_NO_BUNDLE=1 skips the
// bundle.
import { existsSync, readFileSync } from 'node:fs'

const args = process.argv.slice(2)
const entry = new URL('../dist/bin.js', import.meta.url)

if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  // Answered before anything else is loaded.
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`)
} else {
  const { bundleIsFresh, loadBundle } = await import('./bundle.js')
  if (bundleIsFresh()) {
    const { main } = loadBundle()
    process.exitCode = await main(args, { stdout: process.stdout, stderr: process.stderr })
  } else if (existsSync(entry)) {
    await import(entry.href)
  } else {
    process.stderr.write('colophon: the CLI is not built yet; run `npm run build` (or `npm run ebooks`) first\n')
    process.exit(2)
  }
}
