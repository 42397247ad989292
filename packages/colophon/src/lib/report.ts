import path from 'node:path'
import { VFile } from 'vfile'
import { reporter } from 'vfile-reporter'
import { reporterJson } from 'vfile-reporter-json'
import { type BuildResult, type BuiltEdition, messageSummary, type ProgressEvent } from './build.js'

/** A stream the CLI writes to. */
export interface Output {
  /** Text, or the bytes of an edition (`build --out -`). */
  write(chunk: string | Uint8Array): unknown
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
    const errors = count(document.file, true)
    const warnings = `${count(document.file, false)}${errors ? ` (${errors} error${errors === 1 ? '' : 's'})` : ''}`
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

/**
 * The build as JSON, for scripts (`--json`): each document's editions and
 * messages, at most `limit` messages per document (`0`: all), with
 * `messagesNotShown` counting the rest by rule (the report file next to the
 * editions has them all).
 */
export function buildJson(result: BuildResult, cwd: string, limit: number = defaultMessageLimit): string {
  const edition = (item: BuiltEdition) => ({ ...item, path: shownPath(cwd, item.path) })
  return `${JSON.stringify(
    {
      documents: result.documents.map((document) => {
        const { kept, omitted } = limitMessages(document.file.messages, limit)
        return {
          input: shownPath(cwd, document.input),
          editions: document.editions.map(edition),
          messages: kept.map(messageSummary),
          ...(omitted ? { messagesNotShown: omitted } : {}),
        }
      }),
      book: result.book
        ? { title: result.book.metadata.title, editions: result.book.editions.map(edition) }
        : undefined,
    },
    undefined,
    2,
  )}\n`
}

/** Messages reported per file before the rest are counted by rule (`--max-messages`). */
export const defaultMessageLimit = 100

/** How to report the messages of files. */
export interface ReportOptions {
  /** `text` (vfile-reporter) or `json` (vfile-reporter-json's shape); default `text`. */
  format?: 'text' | 'json' | undefined
  /** Leave out files without messages. */
  quiet?: boolean | undefined
  /** Report only errors (implies `quiet`). */
  silent?: boolean | undefined
  /** Messages shown per file (default: `defaultMessageLimit`; `0` shows all). */
  limit?: number | undefined
  /** Colour the text report (default: vfile-reporter's own choice, from the terminal). */
  color?: boolean | undefined
}

type Message = VFile['messages'][number]

/** Errors first, then warnings, then notes; each in the order of the text. */
function severityRank(message: Message): number {
  return message.fatal === true ? 0 : message.fatal === false ? 1 : 2
}

function byImportance(a: Message, b: Message): number {
  return severityRank(a) - severityRank(b) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)
}

/** What a long list of messages leaves out, by rule. */
export interface OmittedMessages {
  /** How many messages are not shown. */
  count: number
  /** Counts by `source:ruleId`, largest first. */
  byRule: Array<{ ruleId: string | undefined; source: string | undefined; count: number }>
}

/**
 * Cut a file's messages to the `limit` most important (errors first, then
 * warnings, then notes, in the order of the text), counting the rest by rule.
 *
 * @returns
 *   The messages kept, in their original order, and what was left out
 *   (`undefined` when nothing was).
 */
export function limitMessages(
  messages: ReadonlyArray<Message>,
  limit: number = defaultMessageLimit,
): { kept: Message[]; omitted: OmittedMessages | undefined } {
  if (limit <= 0 || messages.length <= limit) return { kept: [...messages], omitted: undefined }
  const chosen = new Set([...messages].sort(byImportance).slice(0, limit))
  const kept: Message[] = []
  const counts = new Map<string, { ruleId: string | undefined; source: string | undefined; count: number }>()
  for (const message of messages) {
    if (chosen.has(message)) {
      kept.push(message)
      continue
    }
    const key = `${message.source ?? ''}:${message.ruleId ?? ''}`
    const entry = counts.get(key) ?? { ruleId: message.ruleId, source: message.source, count: 0 }
    entry.count++
    counts.set(key, entry)
  }
  const byRule = [...counts.values()].sort((a, b) => b.count - a.count)
  return { kept, omitted: { count: messages.length - kept.length, byRule } }
}

/** One sentence on what was left out: how many, and of which rules. */
export function omittedReason(omitted: OmittedMessages, total: number): string {
  const shown = 8
  const rules = omitted.byRule
    .slice(0, shown)
    .map(
      (rule) =>
        `${rule.count.toLocaleString('en')} ${rule.ruleId ?? '(no rule)'}${rule.source ? ` (${rule.source})` : ''}`,
    )
  const others = omitted.byRule.slice(shown).reduce((sum, rule) => sum + rule.count, 0)
  if (others > 0) rules.push(`${others.toLocaleString('en')} of other rules`)
  return `${omitted.count.toLocaleString('en')} of ${total.toLocaleString('en')} messages not shown: ${rules.join(', ')}`
}

/**
 * The JSON report with each message's `scope` (`fix`, `suggest`, or `keep`
 * for a finding that changes nothing) and `applied` (whether the change
 * reaches the editions), as normalization set them; other messages change
 * nothing: `keep`, not applied.
 */
function withScopes(json: string, files: ReadonlyArray<VFile>): string {
  const reports = JSON.parse(json) as Array<{ messages: Array<Record<string, unknown>> }>
  // vfile-reporter-json keeps every file and message, in order.
  reports.forEach((report, index) => {
    const messages = files[index]?.messages ?? []
    report.messages = report.messages.map((item, at) => {
      const message = messages[at]
      return { ...item, scope: message?.scope ?? 'keep', applied: message?.applied ?? false }
    })
  })
  return JSON.stringify(reports)
}

/** Messages vfile-reporter is given per file at once (see `inChunks`). */
const reporterChunk = 20_000

/**
 * A file with very many messages as several views of it, each with part of
 * its messages in the order of the text: vfile-reporter spreads a file's
 * rows into one call, which overflows the stack beyond about 200,000
 * (`--max-messages 0` on a huge list). The file's name is repeated at each
 * part.
 */
function inChunks(file: VFile): VFile[] {
  if (file.messages.length <= reporterChunk) return [file]
  const sorted = [...file.messages].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
  const parts: VFile[] = []
  for (let start = 0; start < sorted.length; start += reporterChunk) {
    const part = new VFile({ path: file.path, cwd: file.cwd })
    part.history = [...file.history]
    part.messages = sorted.slice(start, start + reporterChunk)
    parts.push(part)
  }
  return parts
}

/**
 * Report the messages of files, as vfile-reporter (text) or
 * vfile-reporter-json (JSON) do, but at most `limit` per file: a file with
 * more shows its most important ones and one note that counts the rest by
 * rule, and the closing count is of all messages. (vfile-reporter builds its
 * lines with spread arguments, which overflow the stack beyond about 200,000
 * messages, and takes seconds per thousand.)
 *
 * @returns
 *   The report, without a final newline; empty when there is nothing to say.
 */
export function reportMessages(files: ReadonlyArray<VFile>, options: ReportOptions = {}): string {
  const limit = options.limit ?? defaultMessageLimit
  let cut = false
  let fatal = 0
  let warn = 0
  let total = 0
  const shown = files.map((file) => {
    const messages = options.silent ? file.messages.filter((message) => message.fatal === true) : file.messages
    for (const message of messages) {
      total++
      if (message.fatal === true) fatal++
      else if (message.fatal === false) warn++
    }
    const { kept, omitted } = limitMessages(messages, limit)
    if (!omitted) return file
    cut = true
    const copy = new VFile({ path: file.path, cwd: file.cwd })
    copy.history = [...file.history]
    const note = copy.info(omittedReason(omitted, messages.length), {
      ruleId: 'messages-not-shown',
      source: 'colophon',
    })
    // The note is about the list, not the text: it counts in no total.
    copy.messages = [note, ...kept]
    return copy
  })
  if (options.format === 'json') return withScopes(reporterJson(shown), shown)
  const report = reporter(shown.flatMap(inChunks), {
    quiet: options.quiet === true,
    silent: options.silent === true,
    ...(options.color === undefined ? {} : { color: options.color }),
  })
  if (!cut || (fatal === 0 && warn === 0)) return report
  // The closing count of vfile-reporter is of the messages it was given: say how many there are.
  const lines = report.split('\n')
  const last = lines.at(-1) ?? ''
  const colored = last.includes('\u001B[')
  const paint = (code: number, text: string) => (colored ? `\u001B[${code}m${text}\u001B[39m` : text)
  const counts = [
    ...(fatal > 0 ? [`${paint(31, '✖')} ${fatal} error${fatal === 1 ? '' : 's'}`] : []),
    ...(warn > 0 ? [`${paint(33, '⚠')} ${warn} warning${warn === 1 ? '' : 's'}`] : []),
  ].join(', ')
  // As vfile-reporter writes it.
  const byline = total !== fatal && total !== warn ? `${total} messages (${counts})` : counts
  lines[lines.length - 1] = byline
  return lines.join('\n')
}
