import { readFileSync } from 'node:fs'
import remarkArticle, {
  formatDateline,
  parseArticleText,
  parseDateline,
  parseWireDateline,
  remarkArticleText,
  toIsoDate,
} from '@colophon/remark-article'
import type { Root } from 'mdast'
import { toString as mdastToString } from 'mdast-util-to-string'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'

const example = new URL('../../../examples/xi-kazakhstan-2022/article.txt', import.meta.url)

async function runText(value: string, options?: Parameters<typeof remarkArticle>[0]) {
  const file = new VFile({ path: 'input.txt', value })
  const processor = unified().use(remarkArticleText).use(remarkArticle, options)
  const tree = (await processor.run(processor.parse(file), file)) as Root
  return { tree, file }
}

describe('public API', () => {
  it('exports the plugin, the text parser and the dateline helpers', async () => {
    expect(Object.keys(await import('@colophon/remark-article')).sort()).toEqual([
      'default',
      'formatDateline',
      'parseArticleText',
      'parseByline',
      'parseDateline',
      'parseWireDateline',
      'remarkArticleText',
      'toIsoDate',
    ])
  })
})

describe('the first article', () => {
  it('recovers headline, dateline, frame, embedded title, byline and the dash-led point', async () => {
    const { tree, file } = await runText(readFileSync(example, 'utf8'), { timeZone: '+08:00' })
    const article = file.data.article
    expect(article?.headline).toBe('Xi published a signed article in Kazakh media')
    expect(article?.dateline).toMatchObject({ text: '2022-09-14 10:45', datetime: '2022-09-14T10:45+08:00' })
    expect(article?.frame).toMatch(/The full text of the article is as follows:$/)
    expect(article?.embeddedTitle).toBe('Promote greater development of China-Kazakhstan relations in the future')
    expect(article?.byline).toEqual({
      text: "Xi, President of the People's Republic of China",
      name: 'Xi',
      role: "President of the People's Republic of China",
    })
    expect(article?.points).toBe(1)
    const [headline, dateline] = tree.children
    expect(headline).toMatchObject({ type: 'heading', depth: 1, data: { articleRole: 'headline' } })
    expect(dateline).toMatchObject({ type: 'paragraph', data: { articleRole: 'dateline' } })
    const point = tree.children.find(
      (node) => node.data && 'articleRole' in node.data && node.data.articleRole === 'point',
    )
    expect(point && mdastToString(point)).toMatch(/^— In the past 30 years/)
    // No stray hyphen-led paragraph is left.
    expect(tree.children.some((node) => /^-/.test(mdastToString(node)))).toBe(false)
  })

  it('keeps positions that point into the source', async () => {
    const value = readFileSync(example, 'utf8')
    const { tree } = await runText(value)
    for (const node of tree.children) {
      const text = node.type === 'paragraph' || node.type === 'heading' ? node.children.at(-1) : undefined
      if (text?.type !== 'text' || !text.position) continue
      const { start, end } = text.position
      expect(value.slice(start.offset, end.offset)).toBe(text.value.split('\n').join('\n'))
    }
  })
})

describe('plain text is not Markdown', () => {
  it('never makes lists, rules, emphasis, code or HTML out of text', async () => {
    const { tree } = await runText(
      'A headline\n\n1991. Independence was declared.\n\n* * *\n\n_word_ and <b>bold</b>\n\n    indented text\n',
    )
    expect(tree.children.map((node) => node.type)).toEqual([
      'heading',
      'paragraph',
      'paragraph',
      'paragraph',
      'paragraph',
    ])
    expect(tree.children.map((node) => mdastToString(node))).toEqual([
      'A headline',
      '1991. Independence was declared.',
      '* * *',
      '_word_ and <b>bold</b>',
      'indented text',
    ])
  })

  it('ignores blank-line runs, NBSP-only lines and zero-width characters between paragraphs', async () => {
    const tree = parseArticleText('Title\n\n\n\u00A0\u00A0\n\u200B\n\nBody text.\r\n\r\n\r\nMore text.')
    expect(tree.children.map((node) => mdastToString(node))).toEqual(['Title', 'Body text.', 'More text.'])
  })

  it('joins the lines of a paragraph and keeps each dash-led line apart', () => {
    const tree = parseArticleText('Head\n\nfirst line\nsecond line\n-A point\n--Another point')
    expect(tree.children.map((node) => mdastToString(node))).toEqual([
      'Head',
      'first line\nsecond line',
      '-A point',
      '--Another point',
    ])
  })

  it('takes no bullet, option, number, signature or indented line of a plain-text document for a point', async () => {
    const value = [
      'Release notes',
      '- Add a setting\n- Fix a crash',
      '- Translation updates',
      '- Bug fixes',
      '-P <prefix> sets the prefix; --BEGIN starts a block.',
      '--no-color turns colour off.',
      '-5 degrees at night.',
      ' -- Ann Lee <ann@example.org>  Sun, 25 Dec 2022',
      '  - An indented item',
      '-Its first hall.',
      '- A point standing alone.',
    ].join('\n\n')
    const { tree, file } = await runText(value)
    const points = tree.children.filter(
      (node) => node.data && 'articleRole' in node.data && node.data.articleRole === 'point',
    )
    expect(points.map((node) => mdastToString(node))).toEqual(['— Its first hall.', '— A point standing alone.'])
    expect(file.data.article?.points).toBe(2)
    expect(mdastToString(tree)).toContain('--no-color turns colour off.')
  })
})

describe('datelines', () => {
  it.each([
    ['2022-09-14 10:45', '2022-09-14T10:45'],
    ['2022-09-14', '2022-09-14'],
    ['2022/9/4', '2022-09-04'],
    ['Release time:Jul 02, 2024 12:21 PM', '2024-07-02T12:21'],
    ['Release time: Jul 02, 2024 12:21 AM', '2024-07-02T00:21'],
    ['September 13, 2022', '2022-09-13'],
    ['13 September 2022', '2022-09-13'],
    ['Sept. 3, 2021', '2021-09-03'],
    ['Release time:Mar 15, 2025 10:30 AM', '2025-03-15T10:30'],
    ['Release time: 2025-03-15', '2025-03-15'],
    ['Published: March 15, 2025 at 10:30', '2025-03-15T10:30'],
    ['Last updated: 2025-03-15 09:05', '2025-03-15T09:05'],
    ['Updated 15 March 2025', '2025-03-15'],
    ['Опубликовано: 15 марта 2025 г. в 10:30', '2025-03-15T10:30'],
    ['Дата публикации: 15.03.2025', '2025-03-15'],
    ['Обновлено 2 мая 2024', '2024-05-02'],
    ['Жарияланған уақыты: 2025 ж. 15 наурыз, 10:30', '2025-03-15T10:30'],
    ['Жаңартылды: 15 наурыз 2025 ж.', '2025-03-15'],
  ])('reads %s', (text, iso) => {
    const date = parseDateline(text)
    expect(date && toIsoDate(date)).toBe(iso)
  })

  it.each([
    '2022-02-30',
    '2022-13-01',
    'Today at 10:45',
    'September 2022',
    '2022-09-14 25:00',
    'Jul 02, 2024 13:00 PM',
    'Release time: soon',
    '03/15/2025',
    '15 марта',
    '31.02.2025',
  ])('refuses %s', (text) => {
    expect(parseDateline(text)).toBeUndefined()
  })

  it('writes the offset only when a time zone is given', async () => {
    const without = await runText('Headline\n2024-07-02 12:21\n\nBody.')
    expect(without.file.data.article?.dateline?.datetime).toBe('2024-07-02T12:21')
    const withZone = await runText('Headline\n2024-07-02 12:21\n\nBody.', { timeZone: '+05:00' })
    expect(withZone.file.data.article?.dateline?.datetime).toBe('2024-07-02T12:21+05:00')
  })

  it.each([
    ['2025-03-15T10:30+05:00', 'en', 'March 15, 2025, 10:30'],
    ['2025-03-15T10:30', 'ru', '15 марта 2025 г., 10:30'],
    ['2025-03-15T10:30', 'kk', '2025 ж. 15 наурыз, 10:30'],
    ['2023-10-20', 'en', 'October 20, 2023'],
    ['2023-10-20', 'ru', '20 октября 2023 г.'],
    ['2022-09-14T23:05Z', 'en-GB', '14 September 2022, 23:05'],
  ])('writes %s in the house style of %s', (iso, language, written) => {
    expect(formatDateline(iso, language)).toBe(written)
  })

  it('writes nothing for a value that is not a date, or a language that is not a tag', () => {
    expect(formatDateline('2022-02-30', 'en')).toBeUndefined()
    expect(formatDateline('Mar 15, 2025', 'en')).toBeUndefined()
    expect(formatDateline('2025-03-15', 'not a language')).toBeUndefined()
  })

  it('reports a dateline shown in the house style, keeping the text as written', async () => {
    const { tree, file } = await runText('A museum opens\nRelease time:Mar 15, 2025 10:30 AM\n\nBody.', {
      timeZone: '+05:00',
    })
    const message = file.messages.find((item) => item.ruleId === 'dateline-house-style')
    expect(message?.source).toBe('colophon-article')
    expect(message?.reason).toContain('Release time:Mar 15, 2025 10:30 AM')
    expect(message?.reason).toContain('2025-03-15T10:30+05:00')
    expect(message?.line).toBe(2)
    expect(mdastToString(tree.children[1] as Root['children'][number])).toBe('Release time:Mar 15, 2025 10:30 AM')
  })

  it('leaves an unknown format as written, not a dateline', async () => {
    const { file } = await runText('Headline\nReleased sometime in March\n\nBody.')
    expect(file.data.article?.dateline).toBeUndefined()
    expect(file.messages.map((item) => item.ruleId)).not.toContain('dateline-house-style')
  })

  it('refuses a malformed time zone option', () => {
    expect(() => unified().use(remarkArticle, { timeZone: 'Asia/Almaty' }).freeze()).toThrow(/UTC offset/)
  })
})

describe('what is not found is an info message', () => {
  it('reports a missing dateline and byline, and guesses nothing', async () => {
    const { file } = await runText('Just a title\n\nA paragraph of text that is not a date.')
    expect(file.data.article?.dateline).toBeUndefined()
    expect(file.data.article?.byline).toBeUndefined()
    const rules = file.messages.map((message) => message.ruleId)
    expect(rules).toContain('no-dateline')
    expect(rules).toContain('no-byline')
    expect(file.messages.every((message) => message.fatal === undefined && message.source === 'colophon-article')).toBe(
      true,
    )
  })

  it('takes plain text as news, whatever its shape', async () => {
    const { file } = await runText('Some long first line that is a sentence. '.repeat(6))
    expect(file.data.article).toMatchObject({ news: true, missing: ['no-headline', 'no-dateline', 'no-byline'] })
    expect(file.messages.map((message) => message.ruleId)).toEqual(['no-headline', 'no-dateline', 'no-byline'])
  })
})

describe('Markdown that is not a news article', () => {
  async function runMarkdown(value: string) {
    const file = new VFile({ path: 'input.md', value })
    const processor = unified().use(remarkParse).use(remarkArticle)
    await processor.run(processor.parse(file), file)
    return file
  }

  it('records what was not found in `missing`, without messages', async () => {
    const file = await runMarkdown('Some notes.\n\n## A section\n\nMore notes.\n')
    expect(file.data.article).toMatchObject({ news: false, missing: ['no-headline', 'no-dateline', 'no-byline'] })
    expect(file.messages).toEqual([])
  })

  it('takes a leading h2 as the headline of a document without h1s, unless the front matter gives the title', async () => {
    const lone = await runMarkdown('## Field notes\n\nText.\n\n### A part\n\nMore.\n')
    expect(lone.data.article?.headline).toBe('Field notes')
    expect(lone.data.article?.missing).not.toContain('no-headline')
    const sections = await runMarkdown('## One\n\nText.\n\n## Two\n\nMore.\n')
    expect(sections.data.article?.headline).toBeUndefined()
    const titled = await runMarkdown('---\ntitle: Notes\n---\n\n## Field notes\n\nText.\n')
    expect(titled.data.article?.headline).toBeUndefined()
  })

  it('says why a heading that opens a news text is not its headline', async () => {
    const file = await runMarkdown('# Top\n\n## Opening\n\n2024-07-02\n\nText.\n\n# Other\n')
    const reason = file.messages.find((message) => message.ruleId === 'no-headline')?.reason ?? ''
    expect(reason).not.toContain('does not start with a heading')
  })

  it('is not news with a headline alone', async () => {
    const file = await runMarkdown('# A post\n\nBy Jane Roe\n\nText.\n')
    expect(file.data.article).toMatchObject({ news: false, missing: ['no-dateline'], byline: { name: 'Jane Roe' } })
    expect(file.messages).toEqual([])
  })

  it('is news with a headline and a dateline, or a headline and a news frame', async () => {
    const dated = await runMarkdown('# Headline\n\n2024-07-02\n\nText.\n')
    expect(dated.data.article).toMatchObject({ news: true, missing: ['no-byline'] })
    expect(dated.messages.map((message) => message.ruleId)).toEqual(['dateline-house-style', 'no-byline'])
    const framed = await runMarkdown(
      '# Headline\n\nThe full text of the speech is as follows:\n\nThe speech\n\nText.\n',
    )
    expect(framed.data.article).toMatchObject({ news: true, missing: ['no-dateline', 'no-byline'] })
    expect(framed.messages.map((message) => message.ruleId)).toEqual(['no-dateline', 'no-byline'])
  })

  it('is not news with a dateline but no headline', async () => {
    const file = await runMarkdown('2024-07-02\n\nText.\n')
    expect(file.data.article).toMatchObject({ news: false, missing: ['no-headline', 'no-byline'] })
    expect(file.data.article?.dateline?.datetime).toBe('2024-07-02')
    // Only the dateline, shown in the house style, is reported.
    expect(file.messages.map((message) => message.ruleId)).toEqual(['dateline-house-style'])
  })
})

describe('Markdown input', () => {
  it('parses YAML front matter into file.data.frontmatter and uses the h1 as headline', async () => {
    const file = new VFile({
      path: 'input.md',
      value: '---\ntitle: Front title\nlang: kk\n---\n\n# Markdown headline\n\nSeptember 13, 2022\n\nBody **text**.\n',
    })
    const processor = unified().use(remarkParse).use(remarkArticle)
    await processor.run(processor.parse(file), file)
    expect(file.data.frontmatter).toEqual({ title: 'Front title', lang: 'kk' })
    expect(file.data.article?.headline).toBe('Markdown headline')
    expect(file.data.article?.dateline?.datetime).toBe('2022-09-13')
  })

  it('fails with the line of invalid front matter', async () => {
    const file = new VFile({ path: 'bad.md', value: '---\ntitle: [unclosed\n---\n\n# Head\n' })
    const processor = unified().use(remarkParse).use(remarkArticle)
    await expect(processor.run(processor.parse(file), file)).rejects.toThrow(/Invalid YAML front matter/)
    expect(file.messages[0]?.line).toBeGreaterThanOrEqual(2)
  })
})

describe('chapters', () => {
  it('does not take the first of several h1s for a headline: they are chapters', async () => {
    const file = new VFile({ path: 'book.md', value: '# Chapter 1\n\nOne.\n\n# Chapter 2\n\nTwo.\n' })
    const processor = unified().use(remarkParse).use(remarkArticle)
    const tree = (await processor.run(processor.parse(file), file)) as Root
    expect(file.data.article?.headline).toBeUndefined()
    expect(tree.children[0]?.data).toBeUndefined()
    expect(file.data.article?.news).toBe(false)
  })
})

describe('wire datelines', () => {
  it.each([
    ['TURKESTAN -- The museum opened.', 'TURKESTAN --', 'TURKESTAN', undefined],
    ['ASTANA, May 5 -- The talks began.', 'ASTANA, May 5 --', 'ASTANA', 'May 5'],
    [
      'BEIJING, Sept. 13 (Xinhua) -- Chinese President',
      'BEIJING, Sept. 13 (Xinhua) --',
      'BEIJING',
      'Sept. 13 (Xinhua)',
    ],
    ['ALMATY, Kazakhstan (AP) — The city', 'ALMATY, Kazakhstan (AP) —', 'ALMATY', 'Kazakhstan (AP)'],
    ['NUR-SULTAN -- Officials said', 'NUR-SULTAN --', 'NUR-SULTAN', undefined],
    ['АСТАНА, 5 мамыр — Бүгін', 'АСТАНА, 5 мамыр —', 'АСТАНА', '5 мамыр'],
  ])('reads %s', (text, written, place, rest) => {
    expect(parseWireDateline(text)).toMatchObject({ text: written, place, rest })
  })

  it.each([
    'I -- The point is',
    'NATO said -- on Friday -- that',
    'US - the talks',
    'On Friday -- The',
    'The ASTANA -- Talks',
    'TURKESTAN--The',
  ])('does not take %s for one', (text) => {
    expect(parseWireDateline(text)).toBeUndefined()
  })

  it('sets the dash of a wire dateline opening the text as a spaced em dash, with exact positions', async () => {
    const value = 'A museum opens\nRelease time: 2025-03-15\n\nTURKESTAN -- A museum opened, May 5 -- said.'
    const { tree, file } = await runText(value)
    const body = tree.children[2] as Root['children'][number]
    expect(mdastToString(body)).toBe('TURKESTAN — A museum opened, May 5 -- said.')
    expect(file.data.article?.wireDateline).toEqual({ text: 'TURKESTAN --', place: 'TURKESTAN', rest: undefined })
    const message = file.messages.find((item) => item.ruleId === 'wire-dateline')
    expect(message?.source).toBe('colophon-article')
    expect(message?.place).toMatchObject({ start: { line: 4, column: 10 }, end: { line: 4, column: 14 } })
    // The text around the dash still points into the source.
    const paragraph = body as { children: Array<{ value: string; position?: { start: { offset?: number } } }> }
    const after = paragraph.children[2]
    expect(after?.value.startsWith('A museum opened')).toBe(true)
    expect(value.slice(after?.position?.start.offset)).toMatch(/^A museum opened/)
  })

  it('keeps the capital of the date and a dash already written as an em dash', async () => {
    const { tree, file } = await runText('Talks in the capital\n2025-05-05\n\nASTANA, May 5 — The talks began.')
    expect(mdastToString(tree.children[2] as Root['children'][number])).toBe('ASTANA, May 5 — The talks began.')
    expect(file.data.article?.wireDateline?.rest).toBe('May 5')
    expect(file.messages.map((item) => item.ruleId)).not.toContain('wire-dateline')
  })

  it('does not mangle a Kazakh wire dateline', async () => {
    const { tree } = await runText('Астанада келіссөздер\n2025-05-05\n\nАСТАНА, 5 мамыр -- Бүгін келіссөздер басталды.')
    expect(mdastToString(tree.children[2] as Root['children'][number])).toBe(
      'АСТАНА, 5 мамыр — Бүгін келіссөздер басталды.',
    )
  })

  it('reads one only at the start of the text', async () => {
    const { tree, file } = await runText('Headline\n2025-05-05\n\nFirst paragraph.\n\nASTANA -- Later.')
    expect(mdastToString(tree.children[3] as Root['children'][number])).toBe('ASTANA -- Later.')
    expect(file.data.article?.wireDateline).toBeUndefined()
  })
})
