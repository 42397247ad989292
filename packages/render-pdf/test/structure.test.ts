import { renderPdf } from '@colophon/render-pdf'
import type { Root } from 'hast'
import { describe, expect, it } from 'vitest'
import { run } from '../../../scripts/conformance.js'
import { type PdfStructElement, readPdf } from '../../../scripts/inspect.js'
import { have, needs } from '../../../scripts/tools.js'
import { article, date, examplePdf, fileWithMetadata, h, streams, writeOutput } from './helpers.js'

/** Every element of a tree, with the text, lists, quotes, code, figures, tables and notes an article can have. */
function features(): Root {
  return article(
    'en',
    h(
      'header',
      { className: ['title-block'] },
      h('h1', { id: 'features', className: ['headline'] }, 'Features of the PDF edition'),
      h('p', { className: ['dateline'] }, h('time', { dateTime: '2024-01-01' }, '1 January 2024')),
    ),
    h(
      'p',
      {},
      'A paragraph with ',
      h('a', { href: 'https://example.org/' }, 'an external link'),
      ', a link to ',
      h('a', { href: '#details' }, 'the details'),
      ', ',
      h('em', {}, 'emphasis'),
      ', ',
      h('strong', {}, 'strength'),
      ', ',
      h('code', {}, 'code'),
      ', ',
      h('del', {}, 'deleted'),
      ' and ',
      h('ins', {}, 'inserted'),
      ' text, H',
      h('sub', {}, '2'),
      'O and E = mc',
      h('sup', {}, '2'),
      ', an ',
      h('abbr', { title: 'Portable Document Format' }, 'PDF'),
      ', a note',
      h('sup', {}, h('a', { href: '#fn-1', id: 'fnref-1' }, '1')),
      ' and a line',
      h('br'),
      'break.',
    ),
    h(
      'ul',
      {},
      h('li', {}, 'First item'),
      h('li', {}, 'Second item with ', h('em', {}, 'emphasis')),
      h(
        'li',
        {},
        h('p', {}, 'A loose item'),
        h('ol', { start: 3 }, h('li', {}, 'Nested three'), h('li', {}, 'Nested four')),
      ),
    ),
    h('blockquote', {}, h('p', {}, 'A quotation, set in from both sides.')),
    h('pre', {}, h('code', {}, 'const answer = 42\n\tindented()\n')),
    h('hr'),
    h(
      'figure',
      {},
      h('img', { src: 'figure.png', alt: 'Eight coloured bands' }),
      h('figcaption', {}, 'A figure with its caption'),
    ),
    h('h2', { id: 'details' }, 'Details'),
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Country'), h('th', {}, 'Capital'))),
      h(
        'tbody',
        {},
        h('tr', {}, h('td', {}, 'Kazakhstan'), h('td', {}, 'Astana')),
        h('tr', {}, h('td', {}, 'China'), h('td', {}, 'Beijing')),
      ),
    ),
    h('p', {}, h('a', { href: 'https://example.org/figure' }, h('img', { src: 'figure.png', alt: 'A linked figure' }))),
    h('p', {}, h('img', { src: 'https://example.org/remote.png', alt: 'A remote image' })),
    h('p', {}, h('img', { src: 'figure.png' })),
    h('video', { src: 'clip.mp4' }, 'A video'),
    h('x-widget', {}, 'Custom element text'),
    h(
      'section',
      { className: ['footnotes'], dataFootnotes: true },
      h('h2', { id: 'footnote-label' }, 'Footnotes'),
      h(
        'ol',
        {},
        h('li', { id: 'fn-1' }, h('p', {}, 'A note. ', h('a', { href: '#fnref-1', dataFootnoteBackref: '' }, '↩'))),
      ),
    ),
  )
}

async function featuresPdf() {
  const file = await fileWithMetadata('Features of the PDF edition')
  const bytes = await renderPdf(features(), file, { date })
  return { file, bytes, facts: await readPdf(bytes) }
}

function roles(node: PdfStructElement | null, found = new Set<string>()): Set<string> {
  if (!node) return found
  if (node.role) found.add(node.role)
  for (const child of node.children ?? []) if ('role' in child) roles(child, found)
  return found
}

function find(node: PdfStructElement | null, role: string): PdfStructElement[] {
  if (!node) return []
  const here = node.role === role ? [node] : []
  return [...here, ...(node.children ?? []).flatMap((child) => ('role' in child ? find(child, role) : []))]
}

describe('structure', () => {
  it('tags the example: Document, Art, headings, paragraphs, sections; furniture as artifacts', async () => {
    const { structure, artifacts, pages } = await readPdf(await examplePdf())
    const all = new Set(structure.flatMap((page) => [...roles(page)]))
    for (const role of ['Document', 'Art', 'Div', 'H1', 'H2', 'P', 'Sect', 'L', 'LI', 'Lbl', 'LBody']) {
      expect(all, role).toContain(role)
    }
    expect(artifacts[0]).toBe('1')
    // The running header is the title the title block shows.
    expect(artifacts[1]).toBe('Xi Jinping published a signed article in Kazakh media\n2')
    expect(pages[1]).not.toContain('Xi Jinping published a signed article in Kazakh media')
  })

  it('marks all content: text, images and paths are inside marked content (tagged or artifacts)', async () => {
    for (const bytes of [await examplePdf(), (await featuresPdf()).bytes]) {
      const contents = streams(bytes).filter((stream) => / Tf\n/.test(stream))
      expect(contents.length).toBeGreaterThan(1)
      for (const content of contents) {
        // Hex strings may hold any letters; operators are what is left.
        const operators =
          content.replace(/(?<!<)<[0-9A-Fa-f]*>(?!>)/g, ' ').match(/\b(?:BDC|BMC|EMC|BT|Do|re)\b/g) ?? []
        let depth = 0
        const outside: string[] = []
        for (const operator of operators) {
          if (operator === 'BDC' || operator === 'BMC') depth++
          else if (operator === 'EMC') depth--
          else if (depth < 1) outside.push(operator)
          expect(depth).toBeGreaterThanOrEqual(0)
        }
        expect(depth).toBe(0)
        expect(outside).toEqual([])
      }
    }
  })

  it('has an outline from the headings, going to named destinations', async () => {
    const { outline, destinations } = await readPdf(await examplePdf())
    expect(outline?.map((item) => item.title)).toEqual(['Xi Jinping published a signed article in Kazakh media'])
    expect(outline?.[0]?.items.map((item) => item.title)).toEqual([
      'Build on the Past to Make Greater Strides in China-Kazakhstan Relations',
      'Editorial notes',
    ])
    expect(outline?.[0]?.dest).toBe('xi-jinping-published-a-signed-article-in-kazakh-media')
    expect(Object.keys(destinations)).toContain('editorial-notes')
  })

  it('tags lists, links, code, quotes, figures with their alternative text, tables and notes', async () => {
    const { facts } = await featuresPdf()
    const all = new Set(facts.structure.flatMap((page) => [...roles(page)]))
    for (const role of [
      'Link',
      'Code',
      'Span',
      'L',
      'LI',
      'Lbl',
      'LBody',
      'BlockQuote',
      'Figure',
      'Caption',
      'Table',
      'THead',
      'TBody',
      'TR',
      'TH',
      'TD',
      'Sect',
    ]) {
      expect(all, role).toContain(role)
    }
    const figures = facts.structure.flatMap((page) => find(page, 'Figure'))
    expect(figures.map((figure) => figure.alt)).toEqual(['Eight coloured bands', 'A linked figure'])
    // A linked image: the Figure inside the Link that holds the annotation.
    const linked = facts.structure.flatMap((page) => find(page, 'Link')).find((link) => find(link, 'Figure').length > 0)
    expect(linked).toBeDefined()
    const links = facts.structure.flatMap((page) => find(page, 'Link'))
    expect(links.length).toBeGreaterThanOrEqual(4)
    // Each Link holds its annotation (an object reference) besides its text.
    const annotationIds = new Set(facts.annotations.flat().map((annotation) => annotation.id))
    for (const link of links) {
      const content = [link, ...find(link, 'Figure')].some((node) =>
        node.children.some((child) => 'type' in child && child.type === 'content'),
      )
      expect(content).toBe(true)
      expect(
        link.children.some((child) => 'type' in child && child.type === 'object' && annotationIds.has(child.id)),
      ).toBe(true)
    }
  })

  it('makes links clickable: addresses, and named destinations inside the document', async () => {
    const { facts } = await featuresPdf()
    const annotations = facts.annotations.flat()
    expect(annotations.find((annotation) => annotation.url === 'https://example.org/')?.contents).toBe(
      'an external link',
    )
    expect(annotations.find((annotation) => annotation.url === 'https://example.org/figure')?.contents).toBe(
      'A linked figure',
    )
    const internal = annotations
      .filter((annotation) => annotation.dest !== undefined)
      .map((annotation) => annotation.dest)
    expect(internal).toEqual(expect.arrayContaining(['details', 'fn-1', 'fnref-1']))
    for (const name of ['features', 'details', 'fn-1', 'fnref-1', 'footnote-label']) {
      expect(Object.keys(facts.destinations)).toContain(name)
    }
  })

  it('sets lists with bullets and numbers, tables, code and notes as text', async () => {
    const { facts } = await featuresPdf()
    const text = facts.text.replace(/\s+/g, ' ')
    for (const expected of [
      '• First item',
      '• Second item with emphasis',
      '3. Nested three',
      '4. Nested four',
      'A quotation, set in from both sides.',
      'const answer = 42',
      'indented()',
      'A figure with its caption',
      'Country Capital',
      'Kazakhstan Astana',
      'China Beijing',
      '[A remote image]',
      'Custom element text',
      '1. A note. ↑',
      'and a line break.',
    ]) {
      expect(text).toContain(expected)
    }
    expect(text).not.toContain('A video')
  })

  it('reports what it cannot set, and never silently', async () => {
    const { file } = await featuresPdf()
    const messages = file.messages
      .filter((message) => message.source === 'colophon-pdf')
      .map((message) => [message.ruleId, message.reason])
    expect(messages).toEqual(
      expect.arrayContaining([
        ['remote-image', expect.stringContaining('https://example.org/remote.png')],
        ['missing-alt', expect.stringContaining('without `alt`')],
        ['unhandled-node', expect.stringContaining('`<video>`')],
        ['unhandled-node', expect.stringContaining('`<x-widget>`')],
      ]),
    )
    expect(messages.filter(([ruleId]) => ruleId === 'missing-glyph')).toEqual([])
  })

  it('reports a link to an id that does not exist, and sets it as text', async () => {
    const file = await fileWithMetadata('Broken link')
    const tree = article('en', h('p', {}, 'See ', h('a', { href: '#nowhere' }, 'nowhere'), '.'))
    const { annotations, text } = await readPdf(await renderPdf(tree, file, { date }))
    expect(text).toContain('See nowhere.')
    expect(annotations.flat()).toEqual([])
    expect(file.messages.map((message) => message.ruleId)).toContain('broken-link')
  })

  it.skipIf(!have('qpdf'))(`writes a valid file with every feature${needs('qpdf')}`, async () => {
    const { bytes } = await featuresPdf()
    const path = writeOutput('features.pdf', bytes)
    expect(run('qpdf', ['--check', path])).toContain('No syntax or stream encoding errors found')
  })
})
