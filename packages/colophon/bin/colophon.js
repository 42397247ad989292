#!/usr/bin/env node
// The `colophon` command. A committed file, so npm links it at install time.
// It runs the bundled CLI (dist/bundle, made by `npm run build`: a few files
// to load instead of hundreds of modules) unless one of the bundle's inputs
// is newer than it (sources rebuilt with `tsc -b` since), then the compiled
// modules; it says how to build them when they are missing (a fresh clone
// before `npm run build`). COLOPHON_NO_BUNDLE=1 skips the bundle.
import { existsSync, readFileSync, statSync } from 'node:fs'

const bundle = new URL('../dist/bundle/bin.js', import.meta.url)
const entry = new URL('../dist/bin.js', import.meta.url)

function bundleIsFresh() {
  if (process.env.COLOPHON_NO_BUNDLE || !existsSync(bundle)) return false
  try {
    const built = statSync(bundle).mtimeMs
    const inputs = JSON.parse(readFileSync(new URL('../dist/bundle/inputs.json', import.meta.url), 'utf8'))
    for (const input of inputs) {
      // An input that is not there (an installed package keeps only the bundle's inputs it ships) cannot be newer.
      const status = statSync(new URL(input, bundle), { throwIfNoEntry: false })
      if (status && status.mtimeMs > built) return false
    }
    return true
  } catch {
    return false
  }
}

if (bundleIsFresh()) await import(bundle.href)
else if (existsSync(entry)) await import(entry.href)
else {
  process.stderr.write('colophon: the CLI is not built yet; run `npm run build` (or `npm run ebooks`) first\n')
  process.exit(2)
}
