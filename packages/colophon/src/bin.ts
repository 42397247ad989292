#!/usr/bin/env node
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const args = process.argv.slice(2)
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  // Answered before the pipeline, the editions and their fonts are loaded.
  // By the package's name, so the bundled CLI (another folder) finds it too.
  const manifestPath = createRequire(import.meta.url).resolve('colophon/package.json')
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string }
  process.stdout.write(`${manifest.version}\n`)
} else {
  const { main } = await import('./lib/cli.js')
  process.exitCode = await main(args, { stdout: process.stdout, stderr: process.stderr })
}
