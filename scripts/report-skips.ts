/**
 * vitest global setup: say which conformance checks are skipped because a
 * system tool is missing (at the start and again at the end of the run).
 */
import { tools } from './tools.js'

// Every project of the run loads this setup in its own module instance, so
// the once-only flag lives in the (shared) environment of the process.
const flag = 'COLOPHON_SKIPS_REPORTED'

function report(phase: 'start' | 'end'): void {
  const said = process.env[flag] ?? ''
  if (said.includes(phase)) return
  process.env[flag] = `${said} ${phase}`
  const missing = Object.entries(tools).filter(([, tool]) => !tool.available)
  if (missing.length === 0) {
    if (phase === 'start') process.stderr.write('Conformance tools: all present; no conformance check is skipped.\n')
    return
  }
  process.stderr.write('Conformance checks SKIPPED because these system tools are missing:\n')
  for (const [name, tool] of missing) process.stderr.write(`  - ${name} (install: ${tool.install})\n`)
  process.stderr.write('Tests marked [needs <tool>] are skipped; `bash .ci/run` (as root) installs them.\n')
}

export default function setup(): () => void {
  report('start')
  return () => report('end')
}
