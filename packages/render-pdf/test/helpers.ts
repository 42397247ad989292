/** Shared setup of this package's tests: the example, fixtures, hast builders, output files. */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { inflateSync } from 'node:zlib'
import { type Options, renderPdf } from '@colophon/render-pdf'
import type { Element, ElementContent, Properties, Root } from 'hast'
import type { VFile } from 'vfile'
import { exampleMetadata, exampleText, processForTest } from '../../../scripts/test-pipeline.js'

/** The build date every test pins. */
export const date = new Date('2024-01-02T03:04:05Z')

const outputDir = new URL('../test-output/', import.meta.url)

/** Path of a fixture file. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`fixtures/${name}`, import.meta.url))
}

/** Path of a fixture of `@colophon/pipeline` (documents of every shape, with their publication trees). */
export function pipelineFixture(name: string): string {
  return fileURLToPath(new URL(`../../pipeline/test/fixtures/${name}`, import.meta.url))
}

/** The example article, processed (with an id prefix, as an article of a book). */
export function example(idPrefix?: string): Promise<{ hast: Root; file: VFile }> {
  return processForTest(exampleText, { metadata: exampleMetadata, ...(idPrefix ? { idPrefix } : {}) })
}

/** The Kazakh fixture, processed (with an id prefix, as an article of a book). */
export function kazakh(idPrefix?: string): Promise<{ hast: Root; file: VFile }> {
  const path = fixture('kazakh.md')
  return processForTest(readFileSync(path, 'utf8'), { path, ...(idPrefix ? { idPrefix } : {}) })
}

/** A document of `@colophon/pipeline`'s fixtures (`front-matter-post/input.md`…), processed. */
export function pipelineDocument(name: string): Promise<{ hast: Root; file: VFile }> {
  const path = pipelineFixture(name)
  return processForTest(readFileSync(path, 'utf8'), { path })
}

/** Render the example. */
export async function examplePdf(options: Options = {}): Promise<Uint8Array> {
  const { hast, file } = await example()
  return renderPdf(hast, file, { date, ...options })
}

/** Write a file into `test-output/` (gitignored) and return its path. */
export function writeOutput(name: string, bytes: Uint8Array): string {
  mkdirSync(outputDir, { recursive: true })
  const path = fileURLToPath(new URL(name, outputDir))
  writeFileSync(path, bytes)
  return path
}

/** A hast element. */
export function h(tagName: string, properties: Properties = {}, ...children: Array<ElementContent | string>): Element {
  return {
    type: 'element',
    tagName,
    properties,
    children: children.map((child) => (typeof child === 'string' ? { type: 'text', value: child } : child)),
  }
}

/** A hast root with one article. */
export function article(lang: string, ...children: Element[]): Root {
  return { type: 'root', children: [h('article', { lang }, ...children)] }
}

/**
 * A file with metadata, from a small Markdown document (the metadata stage
 * must run: renderers never infer metadata), for a hand-made tree.
 */
export async function fileWithMetadata(title: string, path = fixture('features.md')): Promise<VFile> {
  const { file } = await processForTest(`# ${title}\n\nText.\n`, { path })
  return file
}

const blockTags = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'pre',
  'td',
  'th',
  'figcaption',
  'blockquote',
])

/** The text of a tree, blocks separated by spaces (hast-util-to-string runs them together). */
export function treeText(node: Root | ElementContent): string {
  if (node.type === 'text') return node.value
  if (node.type !== 'root' && node.type !== 'element') return ''
  const inner = node.children.map((child) => treeText(child as ElementContent)).join('')
  return node.type === 'element' && (blockTags.has(node.tagName) || node.tagName === 'br') ? ` ${inner} ` : inner
}

/** Every word of a text, NFKC-normalized (as pdf.js extracts text). */
export function words(text: string): string[] {
  return text.normalize('NFKC').split(/\s+/).filter(Boolean)
}

/** The first word of `expected` not found, in order, in `actual`; `undefined` when all are. */
export function firstMissingWord(expected: string[], actual: string): string | undefined {
  const haystack = actual.normalize('NFKC').replace(/\s+/g, ' ')
  let from = 0
  for (const word of expected) {
    const at = haystack.indexOf(word, from)
    if (at === -1) return `${word} (after …${haystack.slice(Math.max(0, from - 60), from)})`
    from = at + word.length
  }
  return undefined
}

/** The streams of a PDF (content streams, font programs…), inflated, as latin1 text. */
export function streams(bytes: Uint8Array): string[] {
  const source = Buffer.from(bytes)
  const found: string[] = []
  let at = 0
  for (;;) {
    const start = source.indexOf('stream\n', at)
    if (start === -1) break
    const end = source.indexOf('\nendstream', start)
    const data = source.subarray(start + 'stream\n'.length, end)
    const dictionary = source.subarray(source.lastIndexOf('obj', start), start).toString('latin1')
    found.push((dictionary.includes('/FlateDecode') ? inflateSync(data) : data).toString('latin1'))
    at = end + '\nendstream'.length
  }
  return found
}

/**
 * Render pages of a PDF to PNG with pdftoppm into `test-output/`, for a
 * person to look at; returns the PNG paths and their sizes in pixels.
 */
export function renderPng(
  pdfPath: string,
  name: string,
  first: number,
  last: number,
  resolution = 60,
): Array<{ path: string; width: number; height: number }> {
  const prefix = fileURLToPath(new URL(name, outputDir))
  const result = spawnSync('pdftoppm', [
    '-png',
    '-r',
    String(resolution),
    '-f',
    String(first),
    '-l',
    String(last),
    pdfPath,
    prefix,
  ])
  if (result.status !== 0) throw new Error(`pdftoppm failed: ${result.stderr}`)
  const pages: Array<{ path: string; width: number; height: number }> = []
  for (let page = first; page <= last; page++) {
    const candidates = [`${prefix}-${page}.png`, `${prefix}-${String(page).padStart(2, '0')}.png`]
    const path = candidates.find((candidate) => existsSync(candidate))
    if (!path) throw new Error(`pdftoppm wrote no page ${page}`)
    const png = readFileSync(path)
    pages.push({ path, width: png.readUInt32BE(16), height: png.readUInt32BE(20) })
  }
  return pages
}
