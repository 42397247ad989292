import remarkNormalize, { type DictionaryInput, type Options, smartQuotes } from '@colophon/remark-normalize'
import type { Root } from 'mdast'
import remarkParse from 'remark-parse'
import remarkStringify from 'remark-stringify'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'

async function normalize(markdown: string, options: Options = {}) {
  const file = new VFile({ path: 'input.md', value: markdown })
  const processor = unified().use(remarkParse).use(remarkNormalize, options).use(remarkStringify)
  const tree = (await processor.run(processor.parse(file), file)) as Root
  return { text: processor.stringify(tree, file), file, rules: file.messages.map((message) => message.ruleId) }
}

describe('spaces and invisible characters', () => {
  it('replaces odd spaces between words and reports each', async () => {
    const { text, file } = await normalize('President\u00A0Xi\u2009published.\n')
    expect(text).toBe('President Xi published.\n')
    expect(file.messages.map((message) => [message.ruleId, message.column])).toEqual([
      ['odd-space', 10],
      ['odd-space', 13],
    ])
    expect(file.messages[0]?.reason).toBe('Replaced `<U+00A0>` with ` `')
  })

  it('keeps digit grouping and French spacing before punctuation', async () => {
    expect((await normalize('Some 10\u202F000 people.\n')).text).toBe('Some 10\u202F000 people.\n')
    expect((await normalize('Bonjour\u00A0! Oui\u00A0mais.\n', { language: 'fr' })).text).toBe(
      'Bonjour\u00A0! Oui mais.\n',
    )
  })

  it('removes zero-width characters and reports bidi controls without touching them', async () => {
    const { text, file } = await normalize('Ka\u200Bzakh and \u202Ereversed\u202C.\n')
    expect(text).toBe('Kazakh and \u202Ereversed\u202C.\n')
    expect(file.messages.map((message) => [message.ruleId, message.fatal])).toEqual([
      ['invisible-character', undefined],
      ['bidi-control', false],
      ['bidi-control', false],
    ])
  })
})

describe('quotes', () => {
  it('uses the marks of the language', async () => {
    expect((await normalize(`He said "yes" and 'no'; it's the '90s.\n`)).text).toBe(
      'He said “yes” and ‘no’; it’s the ’90s.\n',
    )
    expect((await normalize('Ол "Абай" деді.\n', { language: 'kk' })).text).toBe('Ол «Абай» деді.\n')
    expect((await normalize('Er sagte "ja".\n', { language: 'de' })).text).toBe('Er sagte „ja“.\n')
  })

  it('decides opening and closing across inline formatting', () => {
    expect(smartQuotes('"a" (\'b\')', 'en').map(([, mark]) => mark)).toEqual(['“', '”', '‘', '’'])
  })

  it('leaves typographic quotes and code alone', async () => {
    expect((await normalize('“Already” and `"code"`.\n')).text).toBe('“Already” and `"code"`.\n')
  })
})

describe('dash-led paragraphs', () => {
  it('turns a stray hyphen before a word into an em dash', async () => {
    const { text, rules } = await normalize('-In the past 30 years, much changed.\n\n--Also this.\n')
    expect(text).toBe('— In the past 30 years, much changed.\n\n— Also this.\n')
    expect(rules).toEqual(['dash-lead', 'dash-lead'])
  })

  it('leaves options, negative numbers, lower-case words and bullets of plain text alone', async () => {
    const source = '--no-color turns colour off.\n\n-v prints the version.\n\n-5 degrees at night.\n\n-- Signed.\n'
    const { text, rules } = await normalize(source)
    expect(rules).toEqual(['dash-lead'])
    // remark-stringify escapes the leading `--` of a paragraph; the text is the same.
    expect(text).toBe('\\--no-color turns colour off.\n\n-v prints the version.\n\n-5 degrees at night.\n\n— Signed.\n')
    expect((await normalize('-P <prefix> sets it.\n\n--BEGIN\n')).rules).toEqual([])
    const plain = await normalize('Text.\n\n  -- Eugene Lyubimkin, 19 Aug 2009\n')
    expect(plain.rules).toEqual([])
  })
})

describe('capitals after commas', () => {
  const names: DictionaryInput = {
    name: 'names',
    entries: [{ id: 'shymkent', match: 'Chimkent', replace: 'Shymkent', kind: 'place' }],
  }

  it('lowers an English common word, and only that', async () => {
    const { text } = await normalize(
      'There are five institutes in Kazakhstan, Four universities in China, Shymkent hosts one, China agreed. They met in China.\n',
      { dictionaries: [names], translation: true },
    )
    expect(text).toBe(
      'There are five institutes in Kazakhstan, four universities in China, Shymkent hosts one, China agreed. They met in China.\n',
    )
  })

  it('keeps words written with a capital elsewhere in mid-sentence, and runs of capitals', async () => {
    const { text } = await normalize(
      'We met, Continue Street was closed, United Nations staff came. The Continue gallery opened.\n',
    )
    expect(text).toBe('We met, Continue Street was closed, United Nations staff came. The Continue gallery opened.\n')
  })

  it('keeps months and weekdays, which English always capitalizes', async () => {
    const { text } = await normalize('TURKESTAN, March 15 (Xinhua) -- It opened on Saturday, Sunday too.\n')
    expect(text).toBe('TURKESTAN, March 15 (Xinhua) -- It opened on Saturday, Sunday too.\n')
  })

  it('applies to English only', async () => {
    const { text } = await normalize('Wir kamen, Vier gingen.\n', { language: 'de' })
    expect(text).toBe('Wir kamen, Vier gingen.\n')
  })
})

describe('duplicated phrases', () => {
  it('reports "hardships and hardships" and "the the", not "bigger and bigger"', async () => {
    const { text, file } = await normalize(
      'Thirty years of hardships and hardships. It is getting bigger and bigger. See the the end.\n',
      { typography: { duplicates: true } },
    )
    expect(text).toBe('Thirty years of hardships and hardships. It is getting bigger and bigger. See the the end.\n')
    expect(file.messages.filter((message) => message.ruleId === 'duplicate-phrase').map((m) => m.actual)).toEqual([
      'hardships and hardships',
      'the the',
    ])
  })
})

describe('switching rules off', () => {
  it('typography: false leaves the text to the dictionaries', async () => {
    const { text, file } = await normalize('"Quoted"\u00A0text, Four.\n', { typography: false })
    expect(text).toBe('"Quoted"\u00A0text, Four.\n')
    expect(file.messages).toHaveLength(0)
  })

  it('an object turns off single rules', async () => {
    const { text } = await normalize('"Quoted"\u00A0text.\n', { typography: { quotes: false } })
    expect(text).toBe('"Quoted" text.\n')
  })
})

describe('typography before names', () => {
  it('matches a name written with a no-break space, and an entry written with straight quotes', async () => {
    const dictionary: DictionaryInput = {
      name: 'd',
      entries: [
        { id: 'xi', match: 'President Xi published', replace: 'President Xi Jinping published', kind: 'phrase' },
        { id: 'top30', match: '"Top 30 Countries"', replace: 'the top 30 countries', kind: 'phrase' },
      ],
    }
    const { text } = await normalize('President\u00A0Xi\u00A0published “Top 30 Countries” goals.\n', {
      dictionaries: [dictionary],
    })
    expect(text).toBe('President Xi Jinping published the top 30 countries goals.\n')
  })

  it('finds names written with odd spaces in report mode too', async () => {
    const dictionary: DictionaryInput = {
      name: 'd',
      entries: [{ id: 'pravda', match: 'Kazakhstan Pravda', replace: 'Kazakhstanskaya Pravda', kind: 'organization' }],
    }
    const { text, rules } = await normalize('In Kazakhstan\u00A0Pravda.\n', {
      dictionaries: [dictionary],
      mode: 'report',
    })
    expect(text).toBe('In Kazakhstan\u00A0Pravda.\n')
    // The space is replaced by the name's fix, as \`auto\` would write it: one change.
    expect(rules).toEqual(['pravda'])
  })
})

describe('capitals after commas outside translations', () => {
  it('only suggest: on ordinary text most capitals after a comma are titles and names', async () => {
    const source = 'Read the Debian Policy, Chapter 9, and the licence, Version 2.\n'
    const { text, file } = await normalize(source)
    expect(text).toBe(source)
    const found = file.messages.filter((message) => message.ruleId === 'capital-after-comma')
    expect(found.map((message) => message.actual)).toEqual(['Chapter', 'Version'])
    expect(file.data.corrections?.map((item) => [item.scope, item.applied])).toEqual([
      ['suggest', false],
      ['suggest', false],
    ])
  })

  it('change a translation: the option, or an originalLanguage in the front matter', async () => {
    const source = 'They agreed, Continue the work.\n'
    expect((await normalize(source, { translation: true })).text).toBe('They agreed, continue the work.\n')
    expect((await normalize(source, { typography: { capitals: 'fix' } })).text).toBe(
      'They agreed, continue the work.\n',
    )
    expect((await normalize(source, { translation: true, typography: { capitals: 'suggest' } })).text).toBe(source)
    const file = new VFile({ path: 'input.md', value: source })
    file.data.frontmatter = { originalLanguage: 'zh' }
    const processor = unified().use(remarkParse).use(remarkNormalize).use(remarkStringify)
    expect(processor.stringify(await processor.run(processor.parse(file), file), file)).toBe(
      'They agreed, continue the work.\n',
    )
  })
})

describe('capitals after commas: words and places the rule leaves alone', () => {
  it.each([
    'It rained, March was cold.',
    'ASTANA, May 5 -- The talks opened.',
    'TURKESTAN, Paper mills opened here.',
    'She spoke, English was her second language.',
    'They met, China was the host.',
    'Formats: Docx, Ms, Man, Typst and others.',
    'Output to Docx, Ms, Man, Typst.',
    'Other packages (Perl, Python, PCRE) backtrack.',
    'It runs in web browsers (e.g. Brave, Chrome, and Electron).',
    'It is available in Node, Bun, and Deno.',
    'Plugins for [`unified-args`](https://example.com), Gulp plugins with a stream.',
    'impl Default, Copy, Clone for std::io::Sink.',
  ])('keeps %j', async (input) => {
    const { text, rules } = await normalize(`${input}\n`)
    expect(text).toBe(`${input}\n`)
    expect(rules).not.toContain('capital-after-comma')
  })

  it('never lowers in a heading written in Title Case', async () => {
    const { text } = await normalize('## Conference Papers, Published vs. Unpublished\n')
    expect(text).toBe('## Conference Papers, Published vs. Unpublished\n')
  })

  it('still lowers a common word after a comma in prose and in a sentence-case heading', async () => {
    expect(
      (await normalize('There are five institutes in Kazakhstan, Four universities opened.\n', { translation: true }))
        .text,
    ).toBe('There are five institutes in Kazakhstan, four universities opened.\n')
    expect((await normalize('## Papers we read, Published ones first\n', { translation: true })).text).toBe(
      '## Papers we read, published ones first\n',
    )
    expect(
      (await normalize('Continue the work, Improve the level, Fully release the potential.\n', { translation: true }))
        .text,
    ).toBe('Continue the work, improve the level, fully release the potential.\n')
  })
})

describe('duplicated phrases: what is not a duplicate', () => {
  it('is off by default', async () => {
    expect((await normalize('Thirty years of hardships and hardships.\n')).rules).toEqual([])
  })

  it.each([
    'Empty headings or headings with a rank of three.',
    'Negatable boolean and boolean|value options.',
    'Add license and license_file to the metadata.',
    'Copyright Thomas Pornin <pornin@bolet.org>.',
  ])('reports nothing in %j either', async (input) => {
    expect((await normalize(`${input}\n`, { typography: { duplicates: true } })).rules).toEqual([])
  })

  it.each([
    'The title and title page are set apart.',
    'Both HTML and HTML-based formats work.',
    'Use --to format FORMAT to choose.',
  ])('reports nothing in %j', async (input) => {
    expect((await normalize(`${input}\n`, { typography: { duplicates: true } })).rules).toEqual([])
  })

  it('reports nothing in table cells, and still the real duplicates', async () => {
    const cell = (value: string) => ({ type: 'tableCell' as const, children: [{ type: 'text' as const, value }] })
    const table: Root = {
      type: 'root',
      children: [{ type: 'table', children: [{ type: 'tableRow', children: [cell('yes yes'), cell('no or no')] }] }],
    }
    const file = new VFile({ value: '' })
    await unified()
      .use(remarkNormalize, { typography: { duplicates: true } })
      .run(table, file)
    expect(file.messages).toEqual([])
    expect(
      (await normalize('Thirty years of hardships and hardships, the the end.\n', { typography: { duplicates: true } }))
        .rules,
    ).toEqual(['duplicate-phrase', 'duplicate-phrase'])
    expect(
      (await normalize('Years of hardships and hardships of the past.\n', { typography: { duplicates: true } })).rules,
    ).toEqual(['duplicate-phrase'])
  })
})
