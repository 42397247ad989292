/**
 * System tools used by the conformance tests, and whether this machine has
 * them. Tests that need a missing tool are skipped, and the skip is named (see
 * `scripts/report-skips.ts`); CI installs every tool so nothing is skipped.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

/** Path of Debian's epubcheck jar. */
export const epubcheckJar = '/usr/share/java/epubcheck.jar'

/** Path of the Nu HTML checker's jar (the `vnu-jar` npm package). */
export const vnuJar: string = String(createRequire(import.meta.url)('vnu-jar'))

/** Debian's Chromium. */
export const chromiumPath = '/usr/bin/chromium'

/** Tools to treat as missing (`COLOPHON_TEST_WITHOUT=qpdf,epubcheck`), to try the skips. */
const withheld = new Set((process.env.COLOPHON_TEST_WITHOUT ?? '').split(',').map((name) => name.trim()))

function hasCommand(command: string, ...args: string[]): boolean {
  if (withheld.has(command)) return false
  const result = spawnSync(command, args, { stdio: 'ignore' })
  return result.error === undefined
}

/** Each tool: whether it is available, and how to install it on Debian. */
export const tools = {
  java: { available: hasCommand('java', '-version'), install: 'apt-get install default-jre-headless' },
  epubcheck: {
    available: !withheld.has('epubcheck') && existsSync(epubcheckJar) && hasCommand('java', '-version'),
    install: 'apt-get install epubcheck',
  },
  qpdf: { available: hasCommand('qpdf', '--version'), install: 'apt-get install qpdf' },
  pdftotext: { available: hasCommand('pdftotext', '-v'), install: 'apt-get install poppler-utils' },
  pdfinfo: { available: hasCommand('pdfinfo', '-v'), install: 'apt-get install poppler-utils' },
  pdffonts: { available: hasCommand('pdffonts', '-v'), install: 'apt-get install poppler-utils' },
  pdftoppm: { available: hasCommand('pdftoppm', '-v'), install: 'apt-get install poppler-utils' },
  vnu: {
    available: !withheld.has('vnu') && existsSync(vnuJar) && hasCommand('java', '-version'),
    install: 'apt-get install default-jre-headless (vnu.jar comes from npm)',
  },
  chromium: {
    available: !withheld.has('chromium') && existsSync(chromiumPath),
    install: 'apt-get install chromium',
  },
} as const

/** Name of a system tool. */
export type Tool = keyof typeof tools

/** Whether every named tool is available. */
export function have(...names: Tool[]): boolean {
  return names.every((name) => tools[name].available)
}

/** A test title suffix naming the tools a test needs. */
export function needs(...names: Tool[]): string {
  return ` [needs ${names.join(', ')}]`
}
