#!/usr/bin/env node
// Every JavaScript and TypeScript block of every README, as a reader would
// paste it: extracted into a consumer project, type-checked under strict
// settings (`nodenext`, and again with `bundler` resolution), then run with
// Node in a folder holding what a user's project would (`article.txt`, the
// first article; `names.yaml`, a small dictionary; `README.md`). The packages
// are resolved as a consumer resolves them, from their built `dist/` (run
// `npm run build` first). Exit 1 names each failing block by README and line.
//
//   node scripts/readme-blocks.js [--only <README path or folder prefix>]
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const work = path.join(root, '.readme-blocks')
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined

const readmes = [
  'README.md',
  ...['packages', 'examples'].flatMap((folder) =>
    readdirSync(path.join(root, folder), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${folder}/${entry.name}/README.md`),
  ),
].filter((name) => {
  try {
    readFileSync(path.join(root, name))
    return !only || name === only || name.startsWith(only)
  } catch {
    return false
  }
})

/** The code blocks of a README: language, first line of code (1-based), code. */
function blocksOf(readme) {
  const lines = readFileSync(path.join(root, readme), 'utf8').split('\n')
  const blocks = []
  for (let index = 0; index < lines.length; index++) {
    const open = /^```(js|javascript|ts|typescript)\s*$/.exec(lines[index])
    if (!open) continue
    const start = index + 1
    while (index + 1 < lines.length && !lines[index + 1].startsWith('```')) index++
    const typescript = open[1].startsWith('t')
    // `<!-- not run: reason -->` on the line before a block (after a blank line) exempts it, with its reason.
    const before = lines.slice(0, start - 1).findLast((line) => line.trim() !== '') ?? ''
    const skip = /^<!-- not run: (.+) -->$/.exec(before.trim())?.[1]
    blocks.push({ readme, line: start + 1, typescript, skip, code: lines.slice(start, index + 1).join('\n') })
    index++
  }
  return blocks
}

const all = readmes.flatMap(blocksOf)
for (const block of all.filter((item) => item.skip)) console.log(`skip   ${block.readme}:${block.line} (${block.skip})`)
const blocks = all.filter((block) => !block.skip)
rmSync(work, { recursive: true, force: true })
mkdirSync(work, { recursive: true })
for (const [index, block] of blocks.entries()) {
  const slug = block.readme.replace(/\/?README\.md$/, '').replace(/[^a-z0-9]+/gi, '-') || 'root'
  block.name = `${String(index + 1).padStart(2, '0')}-${slug}-L${block.line}`
  // Every block is a module of its own (top-level await, its own imports).
  writeFileSync(path.join(work, `${block.name}.${block.typescript ? 'mts' : 'mjs'}`), `${block.code}\nexport {}\n`)
}

const common = {
  strict: true,
  target: 'es2022',
  lib: ['es2023'],
  types: ['node'],
  skipLibCheck: true,
  allowJs: true,
  checkJs: true,
  noUncheckedIndexedAccess: true,
}
writeFileSync(
  path.join(work, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: { ...common, module: 'nodenext', moduleResolution: 'nodenext', outDir: 'out', rootDir: '.' },
    include: ['*.mts', '*.mjs'],
  }),
)
writeFileSync(
  path.join(work, 'tsconfig.bundler.json'),
  JSON.stringify({
    compilerOptions: { ...common, module: 'esnext', moduleResolution: 'bundler', noEmit: true },
    include: ['*.mts', '*.mjs'],
  }),
)

const failures = []
/** Map `file(line,col): error …` back to the README line. */
function mapErrors(output) {
  return output
    .split('\n')
    .filter((line) => /error TS\d+/.test(line))
    .map((line) => {
      const match = /(\d\d-[^/.(]+)\.m[jt]s\((\d+),(\d+)\): (.*)$/.exec(line.trim())
      const block = match && blocks.find((item) => item.name === match[1])
      return block ? `${block.readme}:${block.line + Number(match[2]) - 1}:${match[3]} ${match[4]}` : line.trim()
    })
}

const tsc = path.join(root, 'node_modules/typescript/bin/tsc')
for (const [label, config] of [
  ['nodenext', 'tsconfig.json'],
  ['bundler', 'tsconfig.bundler.json'],
]) {
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(work, config)], { encoding: 'utf8' })
  const errors = mapErrors(result.stdout + result.stderr)
  if (result.status !== 0) failures.push(`type-check (${label}):\n  ${errors.join('\n  ') || result.stdout}`)
}

// A user's project folder: the first article, a small dictionary, a README.
const dictionary = `name: names
entries:
  - id: al-farabi
    kind: person
    match: Ali Farabbi
    replace: Al-Farabi
    note: The philosopher's name in its usual English form.
`
for (const block of blocks) {
  const cwd = mkdtempSync(path.join(tmpdir(), 'colophon-readme-'))
  copyFileSync(path.join(root, 'examples/xi-kazakhstan-2022/article.txt'), path.join(cwd, 'article.txt'))
  copyFileSync(path.join(root, block.readme), path.join(cwd, 'README.md'))
  writeFileSync(path.join(cwd, 'names.yaml'), dictionary)
  const script = path.join(work, 'out', `${block.name}.mjs`)
  const result = spawnSync(process.execPath, [script], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000', NO_COLOR: '1' },
  })
  const status = result.status === 0 ? 'ok' : 'FAILED'
  console.log(`${status.padEnd(6)} ${block.readme}:${block.line}`)
  if (result.status !== 0) {
    const detail = (result.stderr || result.stdout || String(result.error ?? result.signal)).trim().split('\n')
    failures.push(
      `${block.readme}:${block.line} exits ${result.status ?? result.signal}:\n  ${detail.slice(0, 8).join('\n  ')}`,
    )
  }
  rmSync(cwd, { recursive: true, force: true })
}

console.log(
  `\n${blocks.length} code blocks in ${readmes.length} READMEs run, ${all.length - blocks.length} not run (marked); ${failures.length} failures`,
)
if (failures.length > 0) {
  console.error(`\n${failures.join('\n\n')}`)
  process.exitCode = 1
}
