#!/usr/bin/env node
// The README's "Quick start" and "Use the CLI" commands, run as written, in
// order, in one shell at the repository root, as a newcomer would after a
// clone. Each command must exit 0, or 1 where its comment says "exit 1".
// `npm test` is left to its own CI step (it runs this suite's tests). The
// folder the commands create (`my-edition`) is removed afterwards.
//
//   node scripts/readme-commands.js
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const readme = readFileSync(path.join(root, 'README.md'), 'utf8').split('\n')
const sections = ['## Quick start', '## Use the CLI']
/** Commands left to another step, with the reason. */
const elsewhere = new Map([['npm test', 'the CI runs it as a step of its own']])

const commands = []
let section
for (let index = 0; index < readme.length; index++) {
  const line = readme[index]
  if (line.startsWith('## ')) section = sections.includes(line.trim()) ? line.trim() : undefined
  if (!section || line.trim() !== '```sh') continue
  for (index++; index < readme.length && !readme[index].startsWith('```'); index++) {
    const command = readme[index]
    if (command.trim() === '') continue
    commands.push({ line: index + 1, command, expected: /exit 1 when/.test(command) ? 1 : 0 })
  }
}
if (commands.length === 0) {
  console.error('README.md: no commands found under "Quick start" and "Use the CLI"')
  process.exit(1)
}

const made = path.join(root, 'my-edition')
if (existsSync(made)) {
  console.error(`${made} exists; remove it first (the README's commands create it)`)
  process.exit(1)
}
const statuses = path.join(mkdtempSync(path.join(tmpdir(), 'colophon-readme-')), 'statuses')
const script = [
  `cd ${JSON.stringify(root)}`,
  ...commands.flatMap(({ line, command }) => {
    const reason = elsewhere.get(command.replace(/#.*/, '').trim())
    if (reason) return [`echo "skip README.md:${line}: ${reason}"`]
    return [
      `echo "\\$ ${command.replace(/[\\"$`]/g, '\\$&')}"`,
      command,
      `echo "${line} $?" >> ${JSON.stringify(statuses)}`,
    ]
  }),
].join('\n')

const result = spawnSync('bash', ['-c', script], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: process.env.SOURCE_DATE_EPOCH ?? '1700000000' },
})
rmSync(made, { recursive: true, force: true })
const seen = new Map(
  (existsSync(statuses) ? readFileSync(statuses, 'utf8') : '')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((row) => row.split(' ').map(Number)),
)
let failures = 0
for (const { line, command, expected } of commands) {
  if (elsewhere.has(command.replace(/#.*/, '').trim())) continue
  const status = seen.get(line)
  if (status !== expected) {
    failures++
    console.error(`README.md:${line}: \`${command.trim()}\` exited ${status ?? 'never'}, expected ${expected}`)
  }
}
console.log(`\n${commands.length} README commands; ${failures} failed (shell exit ${result.status})`)
process.exit(failures > 0 ? 1 : 0)
