#!/usr/bin/env node
// CommonMark conformance: every example of the CommonMark spec (the
// `commonmark-spec` package) is built as a document of its own, with a title
// from the configuration, into all three editions; then every HTML edition
// goes through the Nu HTML checker, every PDF through `qpdf --check`, every
// EPUB (or a sample) through epubcheck, and the text of each example must be
// in its HTML edition unless a warning says what was removed.
//
//   node scripts/commonmark.js [--epubcheck all|none|<sample size>] [--examples 1,2,300-310] [--keep]
//
// Runs the built packages: `npm run build` first. Exits 1 on any failure.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { fromHtml } from 'hast-util-from-html'

const require = createRequire(import.meta.url)

/** The examples of the spec: `{number, section, markdown, html}`. */
export const examples = /** @type {import('./commonmark.js').Example[]} */ (require('commonmark-spec').tests)

/** Version of the spec the examples come from. */
export const specVersion = /** @type {string} */ (require('commonmark-spec/package.json').version)

/** Path of Debian's epubcheck jar. */
export const epubcheckJar = '/usr/share/java/epubcheck.jar'

/** Path of the Nu HTML checker's jar. */
export const vnuJar = String(require('vnu-jar'))

/**
 * Rules of messages that say text was left out of an edition: with one of
 * them on the document, missing text is reported, not lost silently.
 */
export const removalRules = new Set(['raw-html-removed', 'unhandled-node'])

/** Title every example gets from the configuration. */
export const exampleTitle = 'CommonMark example'

/** Which validators this machine has (`COLOPHON_TEST_WITHOUT=qpdf,epubcheck` withholds some). */
export function detectTools() {
  const withheld = new Set((process.env.COLOPHON_TEST_WITHOUT ?? '').split(',').map((name) => name.trim()))
  const runs = (command, ...args) =>
    !withheld.has(command) && spawnSync(command, args, { stdio: 'ignore' }).error === undefined
  const java = runs('java', '-version')
  return {
    vnu: java && !withheld.has('vnu') && existsSync(vnuJar),
    qpdf: runs('qpdf', '--version'),
    epubcheck: java && !withheld.has('epubcheck') && existsSync(epubcheckJar),
  }
}

/**
 * A deterministic sample of example numbers: every `count`-th example of the
 * spec, spread over the whole of it.
 */
export function sample(numbers, count) {
  if (count >= numbers.length) return [...numbers]
  const step = numbers.length / count
  return Array.from({ length: count }, (_, index) => numbers[Math.floor(index * step)])
}

/** File name of an example (`example-007`). */
const nameOf = (number) => `example-${String(number).padStart(3, '0')}`

/** First line of a text. */
const firstLine = (text) => String(text).trim().split('\n')[0] ?? ''

/**
 * The words of an HTML document or fragment as a reader sees them, lowercased
 * (letters and digits): each text node on its own, without scripts, styles
 * or the document's head.
 */
function visibleWords(html, fragment) {
  const found = new Set()
  const walk = (node) => {
    if (node.type === 'text') {
      for (const word of node.value.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) found.add(word)
    } else if ('children' in node) {
      if (node.type === 'element' && ['script', 'style', 'head'].includes(node.tagName)) return
      for (const child of node.children) walk(child)
    }
  }
  walk(fromHtml(html, { fragment }))
  return found
}

/**
 * Run up to `limit` tasks at once.
 *
 * @template T
 * @param {Array<() => Promise<T>>} tasks
 * @param {number} limit
 * @returns {Promise<T[]>}
 */
async function pool(tasks, limit) {
  const results = new Array(tasks.length)
  let next = 0
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++
      results[index] = await tasks[index]()
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker))
  return results
}

/** Run epubcheck on one file (a JVM of its own); resolves to its ERROR and FATAL lines (empty when valid). */
function epubcheckFile(file) {
  return new Promise((resolve) => {
    // A quicker JIT and collector: the JVM lives a few seconds.
    const child = spawn('java', ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-jar', epubcheckJar, file])
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('close', () => {
      const problems = output.split('\n').filter((line) => /^(FATAL|ERROR)/.test(line))
      if (problems.length === 0 && !/Messages: 0 fatals \/ 0 errors/.test(output)) {
        problems.push(`epubcheck printed no summary: ${firstLine(output)}`)
      }
      resolve(problems)
    })
  })
}

/**
 * epubcheck's own API over many files in one JVM: its schemas are compiled
 * once, so a file takes a fraction of a second instead of seconds. Needs a
 * JDK (Java's source launcher); without one, each file gets a JVM.
 */
const batchSource = `import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

public class EpubcheckBatch {
  public static void main(String[] args) {
    System.setErr(System.out);
    for (String path : args) {
      System.out.println("@@ start " + path);
      DefaultReportImpl report = new DefaultReportImpl(path);
      try {
        new EpubCheck(new File(path), report).doValidate();
      } catch (Throwable error) {
        System.out.println("FATAL(batch): " + error);
      }
      System.out.println("@@ done " + report.getFatalErrorCount() + " " + report.getErrorCount());
    }
  }
}
`

/** Run the batch over some files; resolves to the problems of each file it checked. */
function epubcheckBatch(source, files) {
  return new Promise((resolve) => {
    const child = spawn('java', ['-XX:+UseSerialGC', '-cp', epubcheckJar, source, ...files])
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('error', () => resolve(new Map()))
    child.on('close', () => {
      /** @type {Map<string, string[]>} */
      const results = new Map()
      let current
      let problems = []
      for (const line of output.split('\n')) {
        const start = /^@@ start (.*)$/.exec(line)
        const done = /^@@ done (\d+) (\d+)$/.exec(line)
        if (start) {
          current = start[1]
          problems = []
        } else if (done && current !== undefined) {
          if (problems.length === 0 && (done[1] !== '0' || done[2] !== '0')) problems.push('epubcheck counted errors')
          results.set(current, problems)
          current = undefined
        } else if (current !== undefined && /^(FATAL|ERROR)/.test(line)) {
          problems.push(line)
        }
      }
      resolve(results)
    })
  })
}

/** epubcheck on every file, two at a time; the problems of each file, in order. */
async function epubcheckAll(files, dir) {
  const source = path.join(dir, 'EpubcheckBatch.java')
  writeFileSync(source, batchSource)
  const halves = [files.filter((_, index) => index % 2 === 0), files.filter((_, index) => index % 2 === 1)]
  const batches = await Promise.all(
    halves.filter((half) => half.length > 0).map((half) => epubcheckBatch(source, half)),
  )
  /** @type {Map<string, string[]>} */
  const results = new Map()
  for (const batch of batches) for (const [file, problems] of batch) results.set(file, problems)
  // Files the batch did not check (no JDK, or a crash): one JVM each.
  const rest = files.filter((file) => !results.has(file))
  const single = await pool(
    rest.map((file) => () => epubcheckFile(file)),
    2,
  )
  for (const [index, file] of rest.entries()) results.set(file, single[index] ?? [])
  return files.map((file) => results.get(file) ?? [])
}

/**
 * Build every example (or those of `numbers`) and validate its editions.
 *
 * @param {import('./commonmark.js').RunOptions} options
 * @returns {Promise<import('./commonmark.js').Report>}
 */
export async function runCommonmark(options) {
  const { colophon, tools } = options
  const log = options.log ?? (() => {})
  const chosen = options.numbers ? examples.filter((example) => options.numbers?.includes(example.number)) : examples
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'colophon-commonmark-'))
  const sourceDir = path.join(dir, 'examples')
  const outDir = path.join(dir, 'dist')
  mkdirSync(sourceDir, { recursive: true })

  /** @type {import('./commonmark.js').Report} */
  const report = {
    spec: specVersion,
    dir,
    examples: chosen.length,
    built: [],
    userErrors: [],
    internalErrors: [],
    html: { checked: 0, failed: [] },
    pdf: { checked: 0, failed: [] },
    epub: { checked: 0, failed: [] },
    text: { checked: 0, failed: [] },
  }

  const context = await colophon.createContext({
    inputs: [],
    outDir,
    cwd: dir,
    metadata: { title: exampleTitle },
    report: false,
    force: true,
  })
  const started = Date.now()
  /** @type {Map<number, import('vfile').VFile>} */
  const files = new Map()
  for (const example of chosen) {
    const input = path.join(sourceDir, `${nameOf(example.number)}.md`)
    writeFileSync(input, example.markdown)
    try {
      const result = await colophon.buildDocument(input, context)
      if (result.editions.length >= 3) {
        report.built.push(example.number)
        files.set(example.number, result.file)
      } else {
        const fatal = result.file.messages.find((message) => message.fatal)
        report.userErrors.push({ number: example.number, message: fatal ? String(fatal) : 'no editions written' })
      }
    } catch (error) {
      const entry = { number: example.number, message: firstLine(error instanceof Error ? error.message : error) }
      if (error instanceof colophon.UserError) report.userErrors.push(entry)
      else report.internalErrors.push(entry)
    }
  }
  log(`built ${report.built.length} of ${chosen.length} examples in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  const output = (number, extension) => path.join(outDir, `${nameOf(number)}.${extension}`)

  // Text: every word of the spec's rendering is in the HTML edition, or a message says what was removed.
  for (const example of chosen) {
    const file = files.get(example.number)
    if (!file) continue
    report.text.checked++
    const ours = visibleWords(readFileSync(output(example.number, 'html'), 'utf8'), false)
    const missing = [...visibleWords(example.html, true)].filter((word) => !ours.has(word))
    if (missing.length === 0) continue
    const said = file.messages.some((message) => message.ruleId && removalRules.has(message.ruleId) && message.line)
    if (!said) {
      report.text.failed.push({ number: example.number, message: `words lost without a message: ${missing.join(' ')}` })
    }
  }

  if (tools.vnu) {
    const started = Date.now()
    const htmlFiles = report.built.map((number) => output(number, 'html'))
    const result = spawnSync('java', ['-jar', vnuJar, '--errors-only', '--format', 'json', ...htmlFiles], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    })
    /** @type {Array<{type: string, url?: string, message: string, lastLine?: number}>} */
    let messages
    try {
      messages = JSON.parse(result.stderr || result.stdout).messages
    } catch {
      messages = [{ type: 'error', message: `the Nu checker printed no report: ${firstLine(result.stderr)}` }]
    }
    report.html.checked = htmlFiles.length
    const byNumber = new Map()
    for (const message of messages.filter((each) => each.type === 'error' || each.type === 'non-document-error')) {
      const number = Number(/example-(\d+)\.html$/.exec(message.url ?? '')?.[1] ?? 0)
      const list = byNumber.get(number) ?? []
      list.push(`${message.lastLine ? `line ${message.lastLine}: ` : ''}${message.message}`)
      byNumber.set(number, list)
    }
    for (const [number, list] of byNumber) report.html.failed.push({ number, message: list.join(' | ') })
    log(`Nu checker on ${htmlFiles.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  } else {
    report.html.skipped = 'the Nu HTML checker is not available (java, vnu-jar)'
  }

  if (tools.qpdf) {
    for (const number of report.built) {
      const result = spawnSync('qpdf', ['--check', output(number, 'pdf')], { encoding: 'utf8' })
      report.pdf.checked++
      // Exit 0: valid; 3: warnings only; 2: errors.
      if (result.status !== 0) {
        const lines = `${result.stdout}${result.stderr}`.split('\n').filter((line) => /error|warning/i.test(line))
        report.pdf.failed.push({ number, message: lines[0] ?? `qpdf exited with ${result.status}` })
      }
    }
  } else {
    report.pdf.skipped = 'qpdf is not available'
  }

  if (tools.epubcheck && options.epubcheck !== 'none') {
    const started = Date.now()
    const numbers = options.epubcheck === 'all' ? report.built : sample(report.built, options.epubcheck ?? 64)
    const results = await epubcheckAll(
      numbers.map((number) => output(number, 'epub')),
      dir,
    )
    report.epub.checked = numbers.length
    if (numbers.length < report.built.length) report.epub.sample = numbers
    results.forEach((problems, index) => {
      const number = /** @type {number} */ (numbers[index])
      if (problems.length > 0) report.epub.failed.push({ number, message: problems.join(' | ') })
    })
    log(`epubcheck on ${numbers.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  } else {
    report.epub.skipped = tools.epubcheck
      ? 'not asked for (--epubcheck none)'
      : `epubcheck is not available (java, ${epubcheckJar})`
  }

  if (!options.keep && !options.dir && failures(report) === 0) rmSync(dir, { recursive: true, force: true })
  return report
}

/**
 * How many failures a report holds: internal errors, silent text loss and
 * validation errors (user errors are a valid answer to a document).
 */
export function failures(report) {
  return (
    report.internalErrors.length +
    report.text.failed.length +
    report.html.failed.length +
    report.pdf.failed.length +
    report.epub.failed.length
  )
}

/** The report as lines of text: counts, then each failure with its example number and first error. */
export function summarize(report) {
  const lines = [`CommonMark ${report.spec}: ${report.examples} examples`]
  lines.push(`  built (HTML, PDF, EPUB): ${report.built.length}`)
  lines.push(`  user errors:             ${report.userErrors.length}`)
  lines.push(`  internal errors:         ${report.internalErrors.length}`)
  const check = (label, result) => {
    if (result.skipped) return `  ${label} SKIPPED: ${result.skipped}`
    const scope = result.sample ? ` of ${report.built.length} (a deterministic sample)` : ''
    return `  ${label} checked ${result.checked}${scope}, failed ${result.failed.length}`
  }
  lines.push(check('text:', report.text))
  lines.push(check('HTML (Nu checker):', report.html))
  lines.push(check('PDF (qpdf --check):', report.pdf))
  lines.push(check('EPUB (epubcheck):', report.epub))
  const list = (label, entries) => {
    if (entries.length === 0) return
    lines.push(`${label}: ${entries.map((entry) => entry.number).join(', ')}`)
    for (const entry of entries) lines.push(`  #${entry.number}: ${entry.message.slice(0, 300)}`)
  }
  list('User errors', report.userErrors)
  list('Internal errors', report.internalErrors)
  list('Text lost silently', report.text.failed)
  list('Nu checker errors', report.html.failed)
  list('qpdf errors', report.pdf.failed)
  list('epubcheck errors', report.epub.failed)
  if (failures(report) > 0) lines.push(`Editions kept in ${report.dir}`)
  return lines
}

/** Numbers from `1,2,300-310`. */
function parseNumbers(text) {
  return text.split(',').flatMap((part) => {
    const [from, to] = part.split('-').map(Number)
    if (to === undefined) return [from]
    return Array.from({ length: to - from + 1 }, (_, index) => from + index)
  })
}

async function main() {
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
  const entry = path.join(root, 'packages/colophon/dist/index.js')
  if (!existsSync(entry)) {
    console.error('The colophon package is not built; run `npm run build` first.')
    process.exit(2)
  }
  const args = process.argv.slice(2)
  const value = (flag) => {
    const index = args.indexOf(flag)
    return index === -1 ? undefined : args[index + 1]
  }
  const epubcheckFlag = value('--epubcheck') ?? 'all'
  const examplesFlag = value('--examples')
  const colophon = await import(pathToFileURL(entry).href)
  const report = await runCommonmark({
    colophon,
    tools: detectTools(),
    epubcheck: epubcheckFlag === 'all' || epubcheckFlag === 'none' ? epubcheckFlag : Number(epubcheckFlag),
    numbers: examplesFlag ? parseNumbers(examplesFlag) : undefined,
    keep: args.includes('--keep'),
    log: (line) => console.error(line),
  })
  console.log(summarize(report).join('\n'))
  process.exit(failures(report) > 0 ? 1 : 0)
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main()
