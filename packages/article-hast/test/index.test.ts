import { readFileSync } from 'node:fs'
import { toArticleHast, xmlId } from '@colophon/article-hast'
import remarkArticle, { remarkArticleText } from '@colophon/remark-article'
import GithubSlugger from 'github-slugger'
import type { Element } from 'hast'
import { toHtml } from 'hast-util-to-html'
import type { Root } from 'mdast'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'

const example = readFileSync(new URL('../../../examples/xi-kazakhstan-2022/article.txt', import.meta.url), 'utf8')

async function hastOf(value: string, markdown = false) {
  const file = new VFile({ path: markdown ? 'in.md' : 'in.txt', value })
  const processor = markdown
    ? unified().use(remarkParse).use(remarkArticle)
    : unified().use(remarkArticleText).use(remarkArticle, { timeZone: '+08:00' })
  const tree = (await processor.run(processor.parse(file), file)) as Root
  return { hast: toArticleHast(tree, file, { language: 'en' }), file }
}

describe('public API', () => {
  it('exports the conversion', async () => {
    expect(Object.keys(await import('@colophon/article-hast')).sort()).toEqual([
      'CorruptImage',
      'EditionSettingsError',
      'alignCells',
      'articleFooter',
      'articleSchema',
      'articleTitle',
      'articlesOf',
      'checkImage',
      'classList',
      'decodeFragment',
      'defaultLabels',
      'defaultMaxAssetSize',
      'demoteHeadings',
      'editionPlugin',
      'editionSettings',
      'editorialNotes',
      'enforceSafeUrls',
      'formatDate',
      'headingDepth',
      'isAllowedUrl',
      'isBook',
      'isSafeUrl',
      'isTitleBlock',
      'labelsByLanguage',
      'labelsFor',
      'languageName',
      'maxPixels',
      'messageSource',
      'normalizeIds',
      'pluralLabel',
      'publicationMetadata',
      'publicationOf',
      'readCover',
      'rehypeAssets',
      'rehypePublication',
      'remarkPublication',
      'removeIllegalCharacters',
      'resolveAssets',
      'roleClasses',
      'sanitizeSvg',
      'sniffImage',
      'sourceLine',
      'textOf',
      'titleBlock',
      'toArticleHast',
      'toBookHast',
      'toPublication',
      'typesetNote',
      'urlScheme',
      'xmlId',
    ])
  })
})

describe('toArticleHast', () => {
  it('makes one article with a header, a time element and the embedded text in a section', async () => {
    const { hast } = await hastOf(example)
    const html = toHtml(hast)
    expect(hast.children).toHaveLength(1)
    const article = hast.children[0] as Element
    expect(article.tagName).toBe('article')
    expect(article.properties.lang).toBe('en')
    expect(html).toMatch(
      /^<article lang="en"><header class="title-block"><h1 id="xi-published-a-signed-article-in-kazakh-media" class="headline">/,
    )
    expect(html).toContain(
      '<p class="dateline"><time datetime="2022-09-14T10:45+08:00">September 14, 2022, 10:45</time></p>',
    )
    expect(html).toContain(
      '<section class="embedded" aria-labelledby="promote-greater-development-of-china-kazakhstan-relations-in-the-future">',
    )
    expect(html).toContain(
      '<p class="byline"><span class="author">Xi</span>, <span class="role">President of the People\'s Republic of China</span></p>',
    )
    expect(html).toContain('<p class="point">— In the past 30 years')
  })

  it('gives headings unique ids that are valid XML names', async () => {
    const { hast } = await hastOf('# 2022 review\n\n## 2022 review\n\n## Ünïcode title!\n', true)
    const ids = toHtml(hast).match(/id="[^"]+"/g)
    expect(ids).toEqual(['id="h-2022-review"', 'id="h-2022-review-1"', 'id="ünïcode-title"'])
    expect(xmlId(new GithubSlugger(), '---')).toBe('h-section')
  })

  it('reports nodes it cannot render instead of dropping them silently', async () => {
    const file = new VFile({ path: 'x.md' })
    const tree = {
      type: 'root',
      children: [{ type: 'mystery', position: { start: { line: 3, column: 1 }, end: { line: 3, column: 5 } } }],
    }
    toArticleHast(tree as never, file)
    expect(
      file.messages.filter((message) => message.ruleId === 'unhandled-node').map((message) => message.line),
    ).toEqual([3])
  })
})

describe('datelines', () => {
  async function datelineOf(value: string, language: string) {
    const file = new VFile({ path: 'in.txt', value })
    const processor = unified().use(remarkArticleText).use(remarkArticle, { timeZone: '+05:00' })
    const tree = (await processor.run(processor.parse(file), file)) as Root
    const html = toHtml(toArticleHast(tree, file, { language }))
    return /<p class="dateline">(.*?)<\/p>/.exec(html)?.[1]
  }

  it.each([
    [
      'en',
      'Release time:Mar 15, 2025 10:30 AM',
      '<time datetime="2025-03-15T10:30+05:00">March 15, 2025, 10:30</time>',
    ],
    ['en', 'Release time: 2025-03-15', '<time datetime="2025-03-15">March 15, 2025</time>'],
    ['ru', 'Опубликовано: 15.03.2025 10:30', '<time datetime="2025-03-15T10:30+05:00">15 марта 2025 г., 10:30</time>'],
    ['kk', 'Жарияланған уақыты: 2025-03-15', '<time datetime="2025-03-15">2025 ж. 15 наурыз</time>'],
  ])('writes a dateline in the house style of %s: %s', async (language, line, expected) => {
    expect(await datelineOf(`Headline\n${line}\n\nBody.`, language)).toBe(expected)
  })

  it('takes the language from the metadata when no option gives it', async () => {
    const file = new VFile({ path: 'in.txt', value: 'Headline\n2023-10-20\n\nBody.' })
    const processor = unified().use(remarkArticleText).use(remarkArticle)
    const tree = (await processor.run(processor.parse(file), file)) as Root
    file.data.metadata = { language: 'ru' } as NonNullable<typeof file.data.metadata>
    expect(toHtml(toArticleHast(tree, file))).toContain('<time datetime="2023-10-20">20 октября 2023 г.</time>')
  })
})

describe('the footer', () => {
  it('speaks the language of the document', async () => {
    const file = new VFile({ path: 'kk.md' })
    file.data.metadata = {
      title: 'Абай',
      language: 'kk',
      originalLanguage: 'ru',
      source: { name: 'Егемен Қазақстан', date: '2023-08-09' },
      authors: [],
      contributors: [],
      keywords: [],
      subjects: [],
      mentions: [],
    }
    const html = toHtml(toArticleHast({ type: 'root', children: [] }, file))
    expect(html).toContain('<p class="source">Түпнұсқасы: <cite>Егемен Қазақстан</cite>')
    expect(html).toContain('<p class="translation">Аударылған тілі: орыс тілі.</p>')
  })
})

describe('code blocks', () => {
  it('keeps the blank lines a code block starts with (CommonMark examples 127 and 129)', async () => {
    const { hast } = await hastOf('# Code\n\n`````\n\n```\naaa\n`````\n\n```\n\n  \n```\n', true)
    const html = toHtml(hast)
    expect(html).toContain('<pre><code>\n```\naaa\n</code></pre>')
    expect(html).toContain('<pre><code>\n  \n</code></pre>')
  })
})
