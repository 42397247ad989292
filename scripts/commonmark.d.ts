// Types of scripts/commonmark.js, for the tests that run it.
import type { VFile } from 'vfile'

/** An example of the CommonMark spec. */
export interface Example {
  number: number
  section: string
  markdown: string
  /** The reference rendering. */
  html: string
}

/** The part of the colophon package the run uses. */
export interface ColophonApi {
  createContext(options: {
    inputs: string[]
    outDir: string
    cwd: string
    metadata: { title: string }
    report: boolean
    force: boolean
  }): Promise<unknown>
  buildDocument(input: string, context: never): Promise<{ file: VFile; editions: unknown[] }>
  UserError: abstract new (...args: never[]) => Error
}

export interface RunOptions {
  /** The colophon package (built, or its sources under a test runner). */
  colophon: ColophonApi
  /** Which validators to run. */
  tools: { vnu: boolean; qpdf: boolean; epubcheck: boolean }
  /** epubcheck every EPUB, none, or a deterministic sample of this size (default: 64). */
  epubcheck?: 'all' | 'none' | number | undefined
  /** Example numbers to run (default: all). */
  numbers?: number[] | undefined
  /** Folder to build in (default: a new temporary folder, removed when nothing failed). */
  dir?: string | undefined
  /** Keep the temporary folder. */
  keep?: boolean | undefined
  /** Progress lines. */
  log?: ((line: string) => void) | undefined
}

/** A failing example and the first of its errors. */
export interface Failure {
  number: number
  message: string
}

/** The outcome of one validator. */
export interface CheckResult {
  checked: number
  failed: Failure[]
  /** Why the check did not run (a missing tool). */
  skipped?: string
  /** The examples checked, when only a sample was. */
  sample?: number[]
}

export interface Report {
  spec: string
  dir: string
  examples: number
  built: number[]
  userErrors: Failure[]
  internalErrors: Failure[]
  text: CheckResult
  html: CheckResult
  pdf: CheckResult
  epub: CheckResult
}

export const examples: Example[]
export const specVersion: string
export const epubcheckJar: string
export const vnuJar: string
export const removalRules: Set<string>
export const exampleTitle: string
export function detectTools(): { vnu: boolean; qpdf: boolean; epubcheck: boolean }
export function sample(numbers: number[], count: number): number[]
export function runCommonmark(options: RunOptions): Promise<Report>
export function failures(report: Report): number
export function summarize(report: Report): string[]
