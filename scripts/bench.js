#!/usr/bin/env node
// Benchmarks. Medians of repeated runs, and ratios against baselines measured
// in the same run (machines are noisy; absolute numbers are not comparable
// between runs). Run with `npm run bench` (builds first).
//
//   node scripts/bench.js [--runs N]
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
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
const cli = path.join(root, 'packages/colophon/dist/bin.js')
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

function spawnTask(command, args) {
  return () => {
    const result = spawnSync(command, args, { cwd: out, stdio: 'ignore' })
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
    console.log(`${''.padEnd(52)} ratio colophon/pandoc: ${(whole[format].median / baseline.median).toFixed(2)}x`)
  }
}
whole.pdf = await measure(
  'colophon build --formats pdf',
  spawnTask(process.execPath, [cli, 'build', example, '--out', out, '--formats', 'pdf', '--force', '--quiet']),
)
if (!hasPandoc) console.log('\n(pandoc is not installed: no baseline; apt-get install pandoc)')

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
  replace: `${pseudoWord()} ${pseudoWord()}`,
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
