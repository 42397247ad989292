import { readFileSync } from 'node:fs'
import { articlesOf, articleTitle } from '@colophon/article-hast'
import type { Metadata } from '@colophon/metadata'
import { bookDocument } from '@colophon/pipeline'
import { type BookArticle, layoutArticle, renderPdf, renderPdfBook } from '@colophon/render-pdf'
import { describe, expect, it } from 'vitest'
import { run } from '../../../scripts/conformance.js'
import { type PdfStructElement, readPdf } from '../../../scripts/inspect.js'
import { processForTest } from '../../../scripts/test-pipeline.js'
import { have, needs } from '../../../scripts/tools.js'
import { date, example, fixture, kazakh, renderPng, writeOutput } from './helpers.js'

/** Three articles, each processed with its own id prefix, as the pipeline's books are. */
async function bookArticles(): Promise<BookArticle[]> {
  const windPath = fixture('wind-farms.md')
  return [
    await example('a1-'),
    await kazakh('a2-'),
    await processForTest(readFileSync(windPath, 'utf8'), { path: windPath, idPrefix: 'a3-' }),
  ].map(({ hast, file }) => ({ tree: hast, file }))
}

function bookMetadata(articles: ReadonlyArray<BookArticle>): Metadata {
  const first = articles[0]?.file.data.metadata as Metadata
  return {
    ...first,
    title: 'Central Asia in three articles',
    headline: undefined,
    description: undefined,
    source: undefined,
    authors: [{ name: 'The Colophon editors' }],
    mentions: [],
  }
}

async function book() {
  const articles = await bookArticles()
  const bytes = await renderPdfBook({ metadata: bookMetadata(articles), articles }, { date })
  return { articles, bytes, facts: await readPdf(bytes) }
}

/** The id of each article's title, as its tree has it: where the contents link. */
function titleIds(articles: ReadonlyArray<BookArticle>): string[] {
  return articles.map(({ tree }) => articleTitle(articlesOf(tree)[0] as never).id as string)
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

const oneLine = (text: string | undefined) => (text ?? '').replace(/\s+/g, ' ')

describe('renderPdfBook', () => {
  it('opens with a title page, then the contents: titles, authors, page numbers that are links', async () => {
    const { articles, facts } = await book()
    // The title page: the book's title block alone, without a folio (its number counts).
    const title = facts.pages[0] ?? ''
    expect(title).toContain('Central Asia in three articles')
    expect(title).toContain('The Colophon editors')
    expect(title).not.toContain('Contents')
    expect(facts.artifacts[0]).toBe('')
    const contents = facts.pages[1] ?? ''
    expect(contents).toContain('Contents')
    expect(contents).not.toContain('Central Asia in three articles')
    const ids = titleIds(articles)
    expect(ids).toEqual([expect.stringMatching(/^a1-/), expect.stringMatching(/^a2-/), expect.stringMatching(/^a3-/)])
    const links = facts.annotations[1] ?? []
    expect(links.map((link) => link.dest)).toEqual(ids)
    headlines.forEach((headline, index) => {
      const page = facts.destinations[ids[index] as string] as number
      // The entry: the title, then the page it starts on.
      expect(oneLine(contents)).toMatch(new RegExp(`${headline}[ .]*${page}`))
      expect(links[index]?.contents).toBe(headline)
      // Each article starts on a page of its own, with its title.
      expect(oneLine(facts.pages[page - 1]).startsWith(headline)).toBe(true)
    })
    expect(contents).toContain('Әлия Сәрсенова')
    expect(contents).toContain('Daniyar Seitkali')
  })

  it('shows each article’s one title identically in the contents, the outline, the running header and its page', async () => {
    const { articles, facts } = await book()
    const ids = titleIds(articles)
    const starts = ids.map((id) => facts.destinations[id] as number)
    let headers = 0
    articles.forEach((_, index) => {
      const title = headlines[index] as string
      expect(facts.annotations[1]?.[index]?.contents).toBe(title)
      expect(facts.outline?.[index + 1]?.title).toBe(title)
      const start = starts[index] as number
      // Once on its first page (no second title from the metadata), with no running header there.
      expect(oneLine(facts.pages[start - 1]).split(title)).toHaveLength(2)
      expect(facts.artifacts[start - 1]).toBe(String(start))
      const end = starts[index + 1] ?? facts.pages.length + 1
      for (let page = start + 1; page < end; page++) {
        expect(facts.artifacts[page - 1]).toBe(`${title}\n${page}`)
        headers++
      }
    })
    expect(headers).toBeGreaterThan(2)
  })

  it('gives each article its branch of the outline', async () => {
    const { facts } = await book()
    // The book's title is the document's; the contents and the articles are the branches.
    expect(facts.outline?.map((item) => item.title)).toEqual(['Contents', ...headlines])
    expect(facts.outline?.[1]?.items.map((item) => item.title)).toContain(
      'Build on the Past to Make Greater Strides in China-Kazakhstan Relations',
    )
    expect(facts.outline?.[3]?.items.map((item) => item.title).slice(0, 2)).toEqual([
      'Who builds them',
      'What comes next',
    ])
    // The contents' dot leaders and the page number are artifacts; no running header there.
    expect(facts.artifacts[1]).toMatch(/^(?:\. )+\.\n[\s\S]*2$/)
    expect(facts.artifacts[1]).not.toContain('Central Asia')
  })

  it('tags the contents and each article', async () => {
    const { facts } = await book()
    const all = new Set(facts.structure.flatMap((page) => [...roles(page)]))
    for (const role of ['Document', 'TOC', 'TOCI', 'Reference', 'Link', 'Art', 'H1', 'H2', 'H3']) {
      expect(all, role).toContain(role)
    }
  })

  it('keeps every article’s own destinations apart', async () => {
    const { facts } = await book()
    expect(Object.keys(facts.destinations)).toEqual(
      expect.arrayContaining([
        'book-title',
        'contents-title',
        'a1-editorial-notes',
        'a3-who-builds-them',
        'a2-әліпби-және-емле',
      ]),
    )
  })

  it('lays out a book compiled as one tree (the pipeline’s) as renderPdfBook does', async () => {
    const articles = await bookArticles()
    const metadata = bookMetadata(articles)
    const { tree, file } = bookDocument(
      articles.map((article) => ({ tree: article.tree, file: article.file })),
      metadata,
    )
    const fromTree = await renderPdf(tree, file, { date })
    const fromArticles = await renderPdfBook({ metadata, articles }, { date })
    expect(Buffer.from(fromTree).equals(Buffer.from(fromArticles))).toBe(true)
    // The names of the book file's data (every article's) are never hyphenated.
    const layout = await layoutArticle(tree, file)
    const lines = layout.blocks.flatMap((block) => block.text.split('\n'))
    expect(lines.filter((line) => line.endsWith('\u00AD')).length).toBeGreaterThan(5)
    const names = new Set((file.data.entities ?? []).flatMap((entity) => entity.name.match(/\p{Lu}\p{L}+/gu) ?? []))
    expect(names).toContain('Kazakhstanskaya')
    lines.forEach((line, index) => {
      const before = /\p{L}+\u00AD$/u.exec(line)?.[0]
      const after = /^\p{L}+/u.exec(lines[index + 1] ?? '')?.[0]
      if (before && after) expect(names.has(before.slice(0, -1) + after), line).toBe(false)
    })
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
