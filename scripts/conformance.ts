/**
 * Runners for the external validators, returning parsed results that tests
 * can assert on (and attach to failures).
 */
import { spawnSync } from 'node:child_process'
import { chromiumPath, epubcheckJar, vnuJar } from './tools.js'

/** The outcome of an epubcheck run. */
export interface EpubcheckResult {
  fatals: number
  errors: number
  warnings: number
  /** Every FATAL/ERROR/WARNING line, as printed. */
  messages: string[]
  /** The whole output, for failure messages. */
  output: string
}

/** Run epubcheck (Debian's jar) on an EPUB file. */
export function epubcheck(file: string): EpubcheckResult {
  const result = spawnSync('java', ['-jar', epubcheckJar, file], { encoding: 'utf8', timeout: 120_000 })
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`
  const summary = /Messages: (\d+) fatals? \/ (\d+) errors? \/ (\d+) warnings?/.exec(output)
  if (!summary) throw new Error(`epubcheck printed no summary:\n${output}`)
  return {
    fatals: Number(summary[1]),
    errors: Number(summary[2]),
    warnings: Number(summary[3]),
    messages: output.split('\n').filter((line) => /^(FATAL|ERROR|WARNING)/.test(line)),
    output,
  }
}

/** Run a command and return its standard output; throws with stderr on failure. */
export function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 120_000 })
  if (result.error) throw result.error
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}:\n${result.stdout}${result.stderr}`)
  }
  return result.stdout
}

/** A message of the Nu HTML checker. */
export interface VnuMessage {
  type: string
  subType?: string
  message: string
  url?: string
  lastLine?: number
  extract?: string
}

/** Run the Nu HTML checker on HTML files; every message (errors and warnings). */
export function vnu(files: string[]): VnuMessage[] {
  const result = spawnSync('java', ['-jar', vnuJar, '--format', 'json', ...files], {
    encoding: 'utf8',
    timeout: 120_000,
  })
  const output = result.stderr || result.stdout
  return (JSON.parse(output) as { messages: VnuMessage[] }).messages
}

/** Options of a headless Chromium run on this machine (no network, no sandbox as root). */
export const chromiumLaunch = {
  executablePath: chromiumPath,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
}
