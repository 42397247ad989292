/** Documents of every shape the publication tree has (`@colophon/pipeline`'s fixtures), laid out as the tree says. */
import { layoutArticle, renderPdf } from '@colophon/render-pdf'
import { describe, expect, it } from 'vitest'
import { run } from '../../../scripts/conformance.js'
import { type PdfStructElement, readPdf } from '../../../scripts/inspect.js'
import { have, needs } from '../../../scripts/tools.js'
import { article, date, fileWithMetadata, h, pipelineDocument, renderPng, writeOutput } from './helpers.js'

describe('the publication tree', () => {
  it.skipIf(!have('pdftotext'))(
    `shows a front-matter post’s title, author and date, each once${needs('pdftotext')}`,
    async () => {
      const { hast, file } = await pipelineDocument('front-matter-post/input.md')
      const path = writeOutput('front-matter-post.pdf', await renderPdf(hast, file, { date }))
      const text = run('pdftotext', ['-enc', 'UTF-8', path, '-']).replace(/\s+/g, ' ')
      for (const line of ['A Walk Through Almaty', 'Aigerim Sadykova', 'May 2, 2024']) {
        expect(text.split(line), line).toHaveLength(2)
      }
      expect(text).toMatch(/^ ?A Walk Through Almaty May 2, 2024 Aigerim Sadykova The city wakes early\./)
      expect(text).toContain('The market Green Bazaar opens at eight.')
      if (have('pdftoppm')) expect(renderPng(path, 'front-matter-post', 1, 1)).toHaveLength(1)
    },
  )

  it('tags a front-matter post’s title block and its chapters as the tree has them', async () => {
    const { hast, file } = await pipelineDocument('front-matter-post/input.md')
    const { structure } = await readPdf(await renderPdf(hast, file, { date }))
    const shape = (node: PdfStructElement | { type: string }): unknown =>
      'role' in node ? [node.role, ...node.children.filter((child) => 'role' in child).map(shape)] : undefined
    // Document > Art > the title block (a Div: the title, the date, the byline), the text, a Sect per chapter.
    expect(shape(structure[0] as PdfStructElement)).toEqual([
      'Root',
      ['Document', ['Art', ['Div', ['H1'], ['P'], ['P']], ['P'], ['Sect', ['H2'], ['P']], ['Sect', ['H2'], ['P']]]],
    ])
  })

  it('sets every line of a title block by its class, several bylines one after another', async () => {
    const file = await fileWithMetadata('A title block')
    const tree = article(
      'en',
      h(
        'header',
        { className: ['title-block'] },
        h('h1', { id: 'a-title-block', className: ['title'] }, 'A title block'),
        h('p', { className: ['subtitle'] }, 'With every line it can have'),
        h('p', { className: ['date'] }, h('time', { dateTime: '2024-05-02' }, 'May 2, 2024')),
        h('p', { className: ['byline'] }, h('span', { className: ['author'] }, 'Aigerim Sadykova')),
        h(
          'p',
          { className: ['byline'] },
          h('span', { className: ['author'] }, 'Daniyar Seitkali'),
          ', ',
          h('span', { className: ['role'] }, 'Photographs'),
        ),
        h('p', { className: ['source'] }, 'Originally published in ', h('cite', {}, 'Steppe Weekly'), '.'),
      ),
      h('p', {}, 'The text.'),
    )
    const layout = await layoutArticle(tree, file, { date })
    expect(layout.blocks.map((block) => [block.className ?? block.tag, block.text])).toEqual([
      ['title', 'A title block'],
      ['subtitle', 'With every line it can have'],
      ['date', 'May 2, 2024'],
      ['byline', 'Aigerim Sadykova'],
      ['byline', 'Daniyar Seitkali, Photographs'],
      ['source', 'Originally published in Steppe Weekly.'],
      ['hr', ''],
      ['p', 'The text.'],
    ])
    expect(layout.pageCount).toBe(1)
    expect(file.messages.filter((message) => message.source === 'colophon-pdf')).toEqual([])
    const path = writeOutput('title-block.pdf', await renderPdf(tree, file, { date }))
    if (have('pdftoppm')) expect(renderPng(path, 'title-block', 1, 1)).toHaveLength(1)
  })

  it('lists each chapter of a chaptered document in the outline, under its title', async () => {
    const { hast, file } = await pipelineDocument('manuscript/input.md')
    const { outline, destinations } = await readPdf(await renderPdf(hast, file, { date }))
    expect(outline?.map((item) => item.title)).toEqual(['The Steppe Road'])
    const chapters = outline?.[0]?.items ?? []
    expect(chapters.map((item) => item.title)).toEqual(Array.from({ length: 12 }, (_, index) => `Chapter ${index + 1}`))
    expect(chapters[2]?.items.map((item) => item.title)).toEqual(['A letter'])
    for (const chapter of chapters) expect(Object.keys(destinations)).toContain(chapter.dest)
  })

  it.skipIf(!have('qpdf'))(`writes a valid file for a chaptered document${needs('qpdf')}`, async () => {
    const { hast, file } = await pipelineDocument('manuscript/input.md')
    const path = writeOutput('manuscript.pdf', await renderPdf(hast, file, { date }))
    expect(run('qpdf', ['--check', path])).toContain('No syntax or stream encoding errors found')
  })
})
