#!/usr/bin/env node
import { readFileSync } from 'node:fs'

const args = process.argv.slice(2)
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  // Answered before the pipeline, the editions and their fonts are loaded.
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  process.stdout.write(`${manifest.version}\n`)
} else {
  const { main } = await import('./lib/cli.js')
  process.exitCode = await main(args, { stdout: process.stdout, stderr: process.stderr })
}
