import { readFileSync } from 'node:fs'
import type { Metadata } from '@colophon/remark-metadata'
import { renderPdfBook } from '@colophon/render-pdf'
import { describe, expect, it } from 'vitest'
import { run } from '../../../scripts/conformance.js'
import { type PdfStructElement, readPdf } from '../../../scripts/inspect.js'
import { processForTest } from '../../../scripts/test-pipeline.js'
import { have, needs } from '../../../scripts/tools.js'
import { date, example, fixture, kazakh, renderPng, writeOutput } from './helpers.js'

async function book() {
  const windPath = fixture('wind-farms.md')
  const articles = [
    await example(),
    await kazakh(),
    await processForTest(readFileSync(windPath, 'utf8'), { path: windPath }),
  ].map(({ hast, file }) => ({ tree: hast, file }))
  const first = articles[0]?.file.data.metadata as Metadata
  const metadata: Metadata = {
    ...first,
    title: 'Central Asia in three articles',
    headline: undefined,
    description: undefined,
    source: undefined,
    authors: [{ name: 'The Colophon editors' }],
    mentions: [],
  }
  const bytes = await renderPdfBook({ metadata, articles }, { date })
  return { articles, bytes, facts: await readPdf(bytes) }
}

function roles(node: PdfStructElement | null, found = new Set<string>()): Set<string> {
  if (!node) return found
  found.add(node.role)
  for (const child of node.children ?? []) if ('role' in child) roles(child, found)
  return found
}

const headlines = [
  'Xi Jinping published a signed article in Kazakh media',
  'Абай мұрасы және бүгінгі Қазақстан',
  'Wind farms of the steppe',
]

describe('renderPdfBook', () => {
  it('opens with a table of contents: titles, authors, page numbers that are links', async () => {
    const { facts } = await book()
    const contents = facts.pages[0] ?? ''
    expect(contents).toContain('Central Asia in three articles')
    expect(contents).toContain('Contents')
    const links = facts.annotations[0] ?? []
    expect(links.map((link) => link.dest)).toEqual(['article-1', 'article-2', 'article-3'])
    headlines.forEach((headline, index) => {
      const page = facts.destinations[`article-${index + 1}`] as number
      // The entry: the title, then the page it starts on.
      expect(contents.replace(/\s+/g, ' ')).toMatch(new RegExp(`${headline}[ .]*${page}`))
      expect(links[index]?.contents).toBe(headline)
      // Each article starts on a page of its own, with its headline.
      expect(facts.pages[page - 1]?.replace(/\s+/g, ' ').startsWith(headline)).toBe(true)
    })
    expect(contents).toContain('Xi Jinping')
    expect(contents).toContain('Әлия Сәрсенова')
    expect(contents).toContain('Daniyar Seitkali')
  })

  it('gives each article its branch of the outline and its running header', async () => {
    const { facts } = await book()
    expect(facts.outline?.map((item) => item.title)).toEqual(['Contents', ...headlines])
    expect(facts.outline?.[1]?.items.map((item) => item.title)).toContain(
      'Build on the Past to Make Greater Strides in China-Kazakhstan Relations',
    )
    expect(facts.outline?.[3]?.items.map((item) => item.title).slice(0, 2)).toEqual([
      'Who builds them',
      'What comes next',
    ])
    const first = facts.destinations['article-1'] as number
    expect(facts.artifacts[first - 1]).toBe(String(first))
    expect(facts.artifacts[first]).toContain('Build on the Past to Make Greater Strides')
    // The contents' dot leaders and the page number are artifacts; no running header there.
    expect(facts.artifacts[0]).toMatch(/^(?:\. )+\.\n[\s\S]*1$/)
    expect(facts.artifacts[0]).not.toContain('Central Asia')
  })

  it('tags the contents and each article', async () => {
    const { facts } = await book()
    const all = new Set(facts.structure.flatMap((page) => [...roles(page)]))
    for (const role of ['Document', 'TOC', 'TOCI', 'Reference', 'Link', 'Art', 'H1']) expect(all, role).toContain(role)
  })

  it('keeps every article’s own destinations apart', async () => {
    const { facts } = await book()
    expect(Object.keys(facts.destinations)).toEqual(
      expect.arrayContaining(['contents', 'a1-editorial-notes', 'a3-who-builds-them', 'a2-әліпби-және-емле']),
    )
  })

  it('gives the same bytes twice', async () => {
    const one = (await book()).bytes
    const two = (await book()).bytes
    expect(Buffer.from(one).equals(Buffer.from(two))).toBe(true)
  })

  it.skipIf(!have('qpdf', 'pdfinfo'))(`is a valid, tagged file${needs('qpdf', 'pdfinfo')}`, async () => {
    const path = writeOutput('book.pdf', (await book()).bytes)
    expect(run('qpdf', ['--check', path])).toContain('No syntax or stream encoding errors found')
    expect(run('pdfinfo', [path])).toMatch(/^Title:\s+Central Asia in three articles$/m)
    if (have('pdftoppm')) expect(renderPng(path, 'book-contents', 1, 1)).toHaveLength(1)
  })

  it('needs an article', async () => {
    const metadata = (await example()).file.data.metadata as Metadata
    await expect(renderPdfBook({ metadata, articles: [] })).rejects.toThrow(/at least one article/)
  })
})
