import path from 'node:path'
import type { VFile } from 'vfile'
import { type BuildResult, type BuiltEdition, messageSummary, type ProgressEvent } from './build.js'

/** A stream the CLI writes to. */
export interface Output {
  write(chunk: string): unknown
  /** Whether it is a terminal (progress is then updated in place). */
  isTTY?: boolean | undefined
}

/** A path for display: relative to the working directory when inside it. */
export function shownPath(cwd: string, file: string): string {
  const result = path.relative(cwd, file)
  return result === '' || result.startsWith('..') ? file : result
}

/** Bytes for people: `16.7 kB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`
  return `${(bytes / 1_000_000).toFixed(2)} MB`
}

function formatTime(milliseconds: number, cached: boolean): string {
  if (cached) return 'cached'
  return milliseconds < 1000 ? `${Math.round(milliseconds)} ms` : `${(milliseconds / 1000).toFixed(2)} s`
}

function count(file: VFile, fatal: boolean | undefined): number {
  return file.messages.filter((message) => message.fatal === fatal).length
}

/**
 * Progress on stderr: on a terminal, one line per document updated in place
 * as its editions are written; otherwise one plain line per edition.
 */
export function progressPrinter(stream: Output, cwd: string): (event: ProgressEvent) => void {
  const done = new Map<string, string[]>()
  return (event) => {
    const name = event.input.startsWith('book ') ? event.input : shownPath(cwd, event.input)
    if (event.type === 'start') {
      done.set(name, [])
      if (stream.isTTY) stream.write(`\r\u001B[K${name}: processing…`)
    } else if (event.type === 'edition') {
      const label = `${event.edition.format}${event.edition.cached ? ' (cached)' : ''}`
      done.get(name)?.push(label)
      if (stream.isTTY) stream.write(`\r\u001B[K${name}: ${done.get(name)?.join(', ')}…`)
      else stream.write(`${name}: ${label} ${formatBytes(event.edition.bytes)}\n`)
    } else if (stream.isTTY) {
      stream.write(`\r\u001B[K${name}: ${event.failed ? 'failed' : (done.get(name)?.join(', ') ?? '') || 'done'}\n`)
    } else if (event.failed) {
      stream.write(`${name}: failed\n`)
    }
  }
}

/** The summary table printed after a build: input, edition, size, time, warnings. */
export function summaryTable(result: BuildResult, cwd: string): string {
  const rows: string[][] = [['input', 'edition', 'size', 'time', 'warnings']]
  const add = (input: string, edition: BuiltEdition | undefined, warnings: string) => {
    rows.push([
      input,
      edition ? shownPath(cwd, edition.path) : '(not built)',
      edition ? formatBytes(edition.bytes) : '',
      edition ? formatTime(edition.milliseconds, edition.cached) : '',
      warnings,
    ])
  }
  for (const document of result.documents) {
    const input = shownPath(cwd, document.input)
    const warnings = `${count(document.file, false)}${count(document.file, true) ? ` (${count(document.file, true)} errors)` : ''}`
    const editions = document.editions.filter((edition) => edition.format !== 'report')
    if (editions.length === 0 && result.book) rows.push([input, '(in the book)', '', '', warnings])
    else if (editions.length === 0) add(input, undefined, warnings)
    for (const [index, edition] of editions.entries()) {
      add(index === 0 ? input : '', edition, index === 0 ? warnings : '')
    }
  }
  if (result.book) {
    const warnings = result.documents.reduce((total, document) => total + count(document.file, false), 0)
    const editions = result.book.editions.filter((edition) => edition.format !== 'report')
    for (const [index, edition] of editions.entries()) {
      add(index === 0 ? 'book' : '', edition, index === 0 ? String(warnings) : '')
    }
  }
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? []
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        column === 2 || column === 3 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd()
  return `${rows.map(line).join('\n')}\n`
}

/** The build as JSON, for scripts (`--json`). */
export function buildJson(result: BuildResult, cwd: string): string {
  const edition = (item: BuiltEdition) => ({ ...item, path: shownPath(cwd, item.path) })
  return `${JSON.stringify(
    {
      documents: result.documents.map((document) => ({
        input: shownPath(cwd, document.input),
        editions: document.editions.map(edition),
        messages: document.file.messages.map(messageSummary),
      })),
      book: result.book
        ? { title: result.book.metadata.title, editions: result.book.editions.map(edition) }
        : undefined,
    },
    undefined,
    2,
  )}\n`
}
