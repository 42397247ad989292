#!/usr/bin/env node
// Build every example into examples/<name>/dist/: with the built CLI where
// the example has a colophon.config.*, else by running its build.js or
// lint.js.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const cli = path.join(root, 'packages/colophon/dist/bin.js')
if (!existsSync(cli)) {
  console.error('The colophon CLI is not built; run `npm run build` first (npm run ebooks does).')
  process.exit(2)
}
const { configNames } = await import('../packages/colophon/dist/index.js')
const examples = path.join(root, 'examples')
let failed = 0
for (const name of readdirSync(examples).sort()) {
  const folder = path.join(examples, name)
  const script = ['build.js', 'lint.js'].find((file) => existsSync(path.join(folder, file)))
  const hasConfig = configNames.some((config) => existsSync(path.join(folder, config)))
  if (!hasConfig && !script) continue
  console.log(`\n${name}:`)
  const args = hasConfig ? [cli, 'build'] : [path.join(folder, script)]
  const result = spawnSync(process.execPath, args, { cwd: folder, stdio: 'inherit' })
  if (result.status !== 0) {
    failed++
    console.error(`${name}: build failed (exit ${result.status})`)
  } else {
    console.log(`editions written to ${path.relative(process.cwd(), path.join(folder, 'dist')) || '.'}/`)
  }
}
process.exit(failed > 0 ? 1 : 0)
