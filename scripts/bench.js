#!/usr/bin/env node
// Benchmarks. Medians of repeated runs, and ratios against baselines measured
// in the same run (machines are noisy; absolute numbers are not comparable
// between runs). Run with `npm run bench` (builds first).
//
//   node scripts/bench.js [--runs N]
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { editionSettings } from '../packages/article-hast/dist/index.js'
import { editionOf, loadDictionaries, processDocument } from '../packages/colophon/dist/index.js'
import remarkNormalize, { compileDictionaries } from '../packages/remark-normalize/dist/index.js'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const runsFlag = process.argv.indexOf('--runs')
const runs = runsFlag === -1 ? 15 : Number(process.argv[runsFlag + 1])
const example = path.join(root, 'examples/xi-kazakhstan-2022/article.txt')
// The command as users run it: the launcher, which runs the bundle (dist/bundle) when it is fresh.
const cli = path.join(root, 'packages/colophon/bin/colophon.cjs')
const out = mkdtempSync(path.join(tmpdir(), 'colophon-bench-'))

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

async function measure(name, task, count = runs) {
  await task() // warm-up
  const times = []
  for (let index = 0; index < count; index++) {
    const started = performance.now()
    await task()
    times.push(performance.now() - started)
  }
  const result = { name, median: median(times), min: Math.min(...times), runs: count }
  console.log(
    `${name.padEnd(52)} median ${result.median.toFixed(1).padStart(8)} ms   min ${result.min.toFixed(1).padStart(8)} ms`,
  )
  return result
}

function spawnTask(command, args, env = {}) {
  return () => {
    const result = spawnSync(command, args, { cwd: out, stdio: 'ignore', env: { ...process.env, ...env } })
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status})`)
  }
}

const hasPandoc = spawnSync('pandoc', ['--version'], { stdio: 'ignore' }).error === undefined
console.log(`Colophon benchmarks: ${runs} runs each, medians in milliseconds\n`)

console.log('In-process stages, the first article:')
const settings = {
  dictionaries: loadDictionaries([]),
  timeZone: '+08:00',
  defaults: { language: 'en' },
}
const pipeline = await measure('pipeline (parse, structure, normalize, metadata, publication tree)', () =>
  processDocument(example, settings),
)
const articleTree = unified().use(remarkParse).parse(readFileSync(example, 'utf8'))
const normalizeOnly = await measure('normalize alone (default dictionary + typography)', async () => {
  const transform = remarkNormalize({ dictionaries: settings.dictionaries })
  await transform(structuredClone(articleTree), new VFile({ value: readFileSync(example, 'utf8') }))
})
const processed = await processDocument(example, settings)
const stages = {}
for (const format of ['html', 'pdf', 'epub']) {
  const edition = editionOf(format)
  const editionOptions = editionSettings(edition, {})
  stages[format] = await measure(`render ${format}`, () =>
    edition.compile(processed.tree, processed.file, editionOptions, {}),
  )
}

console.log('\nWhole command (process start to files written), against pandoc on the same text:')
const whole = {}
const articleBaseline = {}
for (const format of ['html', 'epub']) {
  whole[format] = await measure(
    `colophon build --formats ${format}`,
    spawnTask(process.execPath, [cli, 'build', example, '--out', out, '--formats', format, '--force', '--quiet']),
  )
  if (hasPandoc) {
    const baseline = await measure(
      `pandoc -t ${format === 'html' ? 'html5' : 'epub3'} --standalone (baseline)`,
      spawnTask('pandoc', [
        example,
        '-f',
        'markdown',
        '-t',
        format === 'html' ? 'html5' : 'epub3',
        '--standalone',
        '--metadata',
        'title=Bench',
        '-o',
        path.join(out, `pandoc.${format}`),
      ]),
    )
    articleBaseline[format] = baseline.median
    console.log(`${''.padEnd(52)} ratio colophon/pandoc: ${(whole[format].median / baseline.median).toFixed(2)}x`)
  }
}
// The same without the bundle: the compiled modules, loaded one by one.
whole.htmlModules = await measure(
  'colophon build --formats html, modules (no bundle)',
  spawnTask(process.execPath, [cli, 'build', example, '--out', out, '--formats', 'html', '--force', '--quiet'], {
    COLOPHON_NO_BUNDLE: '1',
  }),
)
console.log(`${''.padEnd(52)} ratio bundle/modules: ${(whole.html.median / whole.htmlModules.median).toFixed(2)}x`)
whole.pdf = await measure(
  'colophon build --formats pdf',
  spawnTask(process.execPath, [cli, 'build', example, '--out', out, '--formats', 'pdf', '--force', '--quiet']),
)
whole.all = await measure(
  'colophon build (all three editions)',
  spawnTask(process.execPath, [cli, 'build', example, '--out', out, '--force', '--quiet']),
)
whole.version = await measure('colophon --version', spawnTask(process.execPath, [cli, '--version']))
if (!hasPandoc) console.log('\n(pandoc is not installed: no baseline; apt-get install pandoc)')

// A book of 100 (and 300) chapters: the first article's paragraphs under a heading per chapter, one Markdown file.
const bookRuns = Math.max(3, Math.min(runs, 5))
const paragraphsOf = readFileSync(example, 'utf8')
  .split(/\n\s*\n/)
  .slice(1)
  .join('\n\n')
function bookFile(chapters) {
  const file = path.join(out, `book-${chapters}.md`)
  const parts = [`---\ntitle: A book of ${chapters} chapters\nlanguage: en\n---\n`]
  for (let chapter = 1; chapter <= chapters; chapter++) parts.push(`# Chapter ${chapter}\n\n${paragraphsOf}\n`)
  writeFileSync(file, parts.join('\n'))
  return file
}
const book100 = bookFile(100)
const book300 = bookFile(300)
const bookBuild = (file, formats) =>
  spawnTask(process.execPath, [cli, 'build', file, '--out', out, '--formats', formats, '--force', '--quiet'])
const pandocTask = (file, to, output) =>
  spawnTask('pandoc', [file, '-f', 'markdown', '-t', to, '--standalone', '-o', path.join(out, output)])
const hasWeasyprint = spawnSync('weasyprint', ['--version'], { stdio: 'ignore' }).error === undefined
const bookSize = `${(readFileSync(book100).length / 1e6).toFixed(2)} MB`
console.log(`\nA book of 100 chapters (${bookSize} of Markdown), whole command, against pandoc:`)
const book = {}
book.all = await measure(
  'colophon build, 100 chapters, all three editions',
  bookBuild(book100, 'html,pdf,epub'),
  bookRuns,
)
book.html = await measure('colophon build, 100 chapters, HTML', bookBuild(book100, 'html'), bookRuns)
book.epub = await measure('colophon build, 100 chapters, EPUB', bookBuild(book100, 'epub'), bookRuns)
book.pdf = await measure('colophon build, 100 chapters, PDF', bookBuild(book100, 'pdf'), bookRuns)
const baseline = {}
if (hasPandoc) {
  baseline.html = await measure(
    'pandoc, 100 chapters, HTML (baseline)',
    pandocTask(book100, 'html5', 'b.html'),
    bookRuns,
  )
  baseline.epub = await measure(
    'pandoc, 100 chapters, EPUB (baseline)',
    pandocTask(book100, 'epub3', 'b.epub'),
    bookRuns,
  )
  if (hasWeasyprint) {
    baseline.pdf = await measure(
      'pandoc + WeasyPrint, 100 chapters, PDF (baseline)',
      spawnTask('pandoc', [
        book100,
        '-t',
        'html5',
        '--standalone',
        '--pdf-engine',
        'weasyprint',
        '-o',
        path.join(out, 'b.pdf'),
      ]),
      bookRuns,
    )
  }
}
const book300Run = await measure(
  'colophon build, 300 chapters, all three editions',
  bookBuild(book300, 'html,pdf,epub'),
  3,
)
// Peak memory of one build of each book, from GNU time's maximum resident set size.
function peakMegabytes(file) {
  const result = spawnSync(
    '/usr/bin/time',
    ['-f', '%M', process.execPath, cli, 'build', file, '--out', out, '--force', '--quiet'],
    { cwd: out, encoding: 'utf8' },
  )
  const kilobytes = Number(result.stderr.trim().split('\n').at(-1))
  return Number.isFinite(kilobytes) && result.status === 0 ? kilobytes / 1024 : undefined
}
const peak100 = peakMegabytes(book100)
const peak300 = peakMegabytes(book300)
const reportBytes = statSync(path.join(out, 'book-100.report.json')).size
const inputBytes = statSync(book100).size

console.log('\nIssue table (medians of this run; ratio = Colophon / baseline):')
const row = (work, ours, theirs, target) =>
  console.log(
    `| ${work} | ${(ours / 1000).toFixed(2)} s | ${theirs === undefined ? 'no baseline' : `${(theirs / 1000).toFixed(2)} s`} | ${theirs === undefined ? '-' : `${(ours / theirs).toFixed(2)}x`} | ${target} |`,
  )
console.log('| work | Colophon | baseline | ratio | target |')
console.log('| --- | --- | --- | --- | --- |')
row('first article, HTML only, cold CLI (pandoc -s to HTML)', whole.html.median, articleBaseline.html, '<= 0.3 s')
row(
  'first article, HTML only, cold CLI, bundled (the same, unbundled modules)',
  whole.html.median,
  whole.htmlModules.median,
  '-',
)
row('first article, all three editions, cold CLI', whole.all.median, undefined, '<= 0.8 s')
row('colophon --version', whole.version.median, undefined, '<= 0.15 s')
row(
  '100-chapter book, all three editions (pandoc HTML + EPUB)',
  book.all.median,
  baseline.html && baseline.epub ? baseline.html.median + baseline.epub.median : undefined,
  'ratio <= 1.0',
)
row('100-chapter book, HTML only (pandoc HTML)', book.html.median, baseline.html?.median, '-')
row('100-chapter book, EPUB only (pandoc EPUB)', book.epub.median, baseline.epub?.median, '-')
row('100-chapter book, PDF only (pandoc + WeasyPrint)', book.pdf.median, baseline.pdf?.median, 'ratio <= 0.25')
if (!baseline.pdf) console.log('(WeasyPrint is not installed: the PDF row has no baseline)')
console.log(
  `300 chapters / 100 chapters, all three editions: ${(book300Run.median / book.all.median).toFixed(2)}x (target <= 3.3x)`,
)
console.log(
  `peak memory (max RSS): 100 chapters ${peak100?.toFixed(0) ?? '?'} MB, 300 chapters ${peak300?.toFixed(0) ?? '?'} MB (target <= 600 MB)`,
)
console.log(
  `report of the 100-chapter book: ${(reportBytes / 1e6).toFixed(2)} MB for ${(inputBytes / 1e6).toFixed(2)} MB of input, ${(reportBytes / inputBytes).toFixed(2)}x (target <= 2x)`,
)

console.log('\nNormalization at scale: compile + apply a generated dictionary to 3 MB of text')
// Deterministic pseudo-random words, so every run measures the same work.
let seed = 20220914
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed / 2147483648
}
const letters = 'abcdefghijklmnopqrstuvwxyz'
const pseudoWord = () => {
  let word = letters[Math.floor(random() * 26)].toUpperCase()
  const length = 4 + Math.floor(random() * 7)
  for (let index = 0; index < length; index++) word += letters[Math.floor(random() * 26)]
  return word
}
const entries = Array.from({ length: 10_000 }, (_, index) => ({
  id: `entry-${index}`,
  match: `${pseudoWord()} ${pseudoWord()}`,
  // One word, so that no replacement holds another entry's two-word match (that would be a cycle of rules).
  replace: `Person${index}`,
  kind: 'person',
}))
const article = readFileSync(example, 'utf8')
  .split(/\n\s*\n/)
  .slice(2)
  .join('\n\n')
const paragraphs = []
let size = 0
for (let copy = 0; size < 3_000_000; copy++) {
  // Each copy names a few entries, of the first 50 and of the rest.
  const names = [entries[copy % 50].match, entries[(copy * 7919) % entries.length].match]
  const text = `${article}\n\nIn this copy ${names.join(' met ')} in Astana.`
  paragraphs.push(text)
  size += text.length + 2
}
const bigText = paragraphs.join('\n\n')
const bigTree = unified().use(remarkParse).parse(bigText)
async function normalizeWith(count) {
  const compiled = compileDictionaries([{ name: `generated-${count}`, entries: entries.slice(0, count) }])
  const file = new VFile({ value: bigText })
  const transform = remarkNormalize({ dictionaries: compiled })
  await transform(structuredClone(bigTree), file)
}
const scaleRuns = Math.max(3, Math.min(runs, 7))
const small = await measure(`50 entries, ${(bigText.length / 1e6).toFixed(1)} MB`, () => normalizeWith(50), scaleRuns)
const large = await measure(
  `10,000 entries, ${(bigText.length / 1e6).toFixed(1)} MB`,
  () => normalizeWith(10_000),
  scaleRuns,
)
console.log(`${''.padEnd(52)} ratio 10,000/50 entries: ${(large.median / small.median).toFixed(2)}x (target <= 2x)`)

const total = pipeline.median + stages.html.median + stages.pdf.median + stages.epub.median
const share = (value) => `${((value / total) * 100).toFixed(1)}%`
console.log(`\nIn an in-process build of all three editions of the first article (${total.toFixed(1)} ms):`)
console.log(`  normalization takes ${share(normalizeOnly.median)} (target < 5%)`)
console.log(`  the whole pipeline (parse, structure, normalize, metadata) takes ${share(pipeline.median)}`)
console.log(`(input: ${path.relative(root, example)}, ${readFileSync(example).length} bytes)`)
