#!/usr/bin/env node
// The `colophon` command. A committed file, so npm links it at install time;
// it runs the compiled CLI, and says how to build it when it is missing (a
// fresh clone before `npm run build`).
import { existsSync } from 'node:fs'

const entry = new URL('../dist/bin.js', import.meta.url)
if (!existsSync(entry)) {
  process.stderr.write('colophon: the CLI is not built yet; run `npm run build` (or `npm run ebooks`) first\n')
  process.exit(2)
}
await import(entry.href)
