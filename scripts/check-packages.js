#!/usr/bin/env node
// Every package would publish cleanly: publint passes, `npm pack` holds only
// what the package declares (dist, its TypeScript sources for the source
// maps, README, LICENSE, package.json, and its data files; every map's
// sources are published), and the type declarations resolve for ESM consumers
// (@arethetypeswrong/cli, esm-only profile). Needs the packages built.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const packagesDir = path.join(root, 'packages')
const attw = path.join(root, 'node_modules/.bin/attw')
let failures = 0
const fail = (name, message) => {
  failures++
  console.error(`${name}: ${message}`)
}

for (const folder of readdirSync(packagesDir).sort()) {
  const dir = path.join(packagesDir, folder)
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'))
  const name = manifest.name
  if (!existsSync(path.join(dir, 'dist/index.js'))) {
    fail(name, 'not built (run npm run build)')
    continue
  }

  // The bundled command requires the packages it leaves external by name, from its own folder: each
  // must be a dependency of the package that ships the bundle, so npm installs it where it resolves.
  const bundleDir = path.join(dir, 'dist/bundle')
  if (existsSync(bundleDir)) {
    const dependencies = new Set(Object.keys(manifest.dependencies ?? {}))
    for (const file of readdirSync(bundleDir).filter((entry) => /\.c?js$/.test(entry))) {
      const code = readFileSync(path.join(bundleDir, file), 'utf8')
      // `require("x")` and `resolve("x")` (the bundle's), and static imports (its worker script). Not
      // `__require("x")`: a bundled module's own require function, not the bundle's.
      const pattern = /(?<![\w$.])(?:require|resolve)\(\s*['"]([^'"]+)['"]\s*\)|^import\s[^'"]*?['"]([^'"]+)['"]/gm
      for (const [, required, imported] of code.matchAll(pattern)) {
        const specifier = required ?? imported ?? ''
        if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue
        const bare = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]
        if (!dependencies.has(bare)) fail(name, `dist/bundle/${file} requires ${bare}, which is not a dependency`)
      }
    }
  }

  const { messages, pkg } = await publint({ pkgDir: dir, strict: true })
  for (const message of messages) fail(name, `publint: ${formatMessage(message, pkg) ?? message.code}`)

  const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8' })
  if (pack.status !== 0) {
    fail(name, `npm pack failed: ${pack.stderr}`)
  } else {
    const files = JSON.parse(pack.stdout)[0].files.map((file) => file.path)
    const declared = (manifest.files ?? []).filter((entry) => entry !== 'dist')
    const allowed = (file) =>
      file === 'package.json' ||
      file === 'README.md' ||
      file === 'LICENSE' ||
      file.startsWith('dist/') ||
      declared.some((entry) => file === entry || file.startsWith(`${entry}/`))
    for (const file of files.filter((item) => !allowed(item))) fail(name, `npm pack would publish ${file}`)
    for (const required of ['README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']) {
      if (!files.includes(required)) fail(name, `npm pack would not publish ${required}`)
    }
    // Source maps and declaration maps point at the TypeScript sources: those are published too.
    const published = new Set(files)
    for (const map of files.filter((file) => file.endsWith('.map'))) {
      const { sources = [] } = JSON.parse(readFileSync(path.join(dir, map), 'utf8'))
      for (const source of sources) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(map), source))
        if (!published.has(target)) fail(name, `${map} points at ${source}, which npm pack would not publish`)
      }
    }
  }

  // Data files (YAML) are exported for resolving their path, not for import.
  const data = Object.keys(manifest.exports ?? {}).filter((entry) => /\.(?:ya?ml|css|txt)$/.test(entry))
  const types = spawnSync(
    attw,
    [
      '--pack',
      dir,
      '--profile',
      'esm-only',
      '--no-emoji',
      '--no-color',
      ...(data.length > 0 ? ['--exclude-entrypoints', ...data] : []),
    ],
    { encoding: 'utf8' },
  )
  if (types.status !== 0) fail(name, `type declarations do not resolve for ESM:\n${types.stdout}${types.stderr}`)
  else console.log(`${name}: publint, npm pack and types ok`)
}

if (failures > 0) {
  console.error(`\n${failures} packaging problem${failures === 1 ? '' : 's'}`)
  process.exit(1)
}
