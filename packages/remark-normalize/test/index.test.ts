import { readFileSync } from 'node:fs'
import remarkNormalize, {
  compileDictionaries,
  DictionaryCycleError,
  type DictionaryInput,
  dictionaryJsonSchema,
  LiteralMatcher,
  loadDictionary,
  type Options,
} from '@colophon/remark-normalize'
import type { Root } from 'mdast'
import remarkParse from 'remark-parse'
import remarkStringify from 'remark-stringify'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'

const fixture = (name: string) => new URL(`fixtures/${name}`, import.meta.url)

const names: DictionaryInput = {
  name: 'test',
  url: 'https://example.org/dictionary',
  entries: [
    {
      id: 'al-farabi',
      match: ['Ali Farabbi', 'Ali Farabi'],
      replace: 'Al-Farabi',
      kind: 'person',
      note: 'standard form',
    },
    {
      id: 'asiainfo-cica',
      match: 'AsiaInfo',
      replace: 'CICA',
      kind: 'organization',
      context: { sentence: { any: ['United Nations', 'Shanghai Cooperation Organization'] } },
    },
    {
      id: 'new-growth-points',
      match: 'new growth points',
      replace: 'new sources of growth',
      kind: 'phrase',
      scope: 'suggest',
    },
  ],
}

async function normalize(markdown: string, options: Options = { dictionaries: [names] }) {
  const file = new VFile({ path: 'input.md', value: markdown })
  const processor = unified().use(remarkParse).use(remarkNormalize, options).use(remarkStringify)
  const tree = (await processor.run(processor.parse(file), file)) as Root
  return { text: processor.stringify(tree, file), file }
}

describe('public API', () => {
  it('exports the plugin, loaders, matcher and schema', async () => {
    expect(Object.keys(await import('@colophon/remark-normalize')).sort()).toEqual([
      'CompiledDictionaries',
      'DictionaryCycleError',
      'DictionaryError',
      'LiteralMatcher',
      'compileDictionaries',
      'compileDictionaryFile',
      'default',
      'dictionaryJsonSchema',
      'dictionarySchema',
      'entryKinds',
      'entrySchema',
      'foldForMatch',
      'loadDictionary',
      'messageSource',
      'parseDictionary',
      'quotesFor',
      'smartQuotes',
    ])
  })
})

describe('LiteralMatcher', () => {
  it('finds every pattern, overlapping ones and variants of one id included', () => {
    const matcher = new LiteralMatcher()
    matcher.add('Ali Farabbi', 0)
    matcher.add('Ali Farabi', 0)
    matcher.add('Farabi', 1)
    matcher.add('he', 2)
    matcher.add('she', 3)
    const hits: Array<[number, number, number]> = []
    matcher.search('Ali Farabi; she, Ali Farabbi', (id, start, end) => hits.push([id, start, end]))
    expect(hits).toEqual([
      [0, 0, 10],
      [1, 4, 10],
      [3, 12, 15],
      [2, 13, 15],
      [0, 17, 28],
    ])
  })
})

describe('fixes', () => {
  it('replaces every variant and reports each change with position, rule and expected form', async () => {
    const { text, file } = await normalize('Ali Farabbi and Ali Farabi.\n')
    expect(text).toBe('Al-Farabi and Al-Farabi.\n')
    expect(file.messages).toHaveLength(2)
    const [first] = file.messages
    expect(first).toMatchObject({
      ruleId: 'al-farabi',
      source: 'colophon-normalize',
      line: 1,
      column: 1,
      actual: 'Ali Farabbi',
      expected: ['Al-Farabi'],
      note: 'standard form',
      url: 'https://example.org/dictionary#al-farabi',
    })
    expect(file.data.corrections?.map((item) => [item.before, item.after, item.applied])).toEqual([
      ['Ali Farabbi', 'Al-Farabi', true],
      ['Ali Farabi', 'Al-Farabi', true],
    ])
    expect(file.data.corrections?.[1]?.position?.start).toMatchObject({ line: 1, column: 17, offset: 16 })
  })

  it('matches whole words only', async () => {
    const { text } = await normalize('XAli Farabbi and Ali Farabbis stay.\n')
    expect(text).toBe('XAli Farabbi and Ali Farabbis stay.\n')
  })

  it('matches across inline formatting and says so', async () => {
    const { text, file } = await normalize('Read Ali *Farabbi* today.\n')
    expect(text).toBe('Read Al-Farabi today.\n')
    expect(file.messages[0]?.reason).toMatch(/crossed inline formatting/)
  })

  it('points into the source on continuation lines', async () => {
    const { file } = await normalize('First line\n  then Ali Farabbi here.\n')
    expect(file.messages[0]).toMatchObject({ line: 2, column: 8 })
  })

  it('never touches code, inline code, link targets or HTML', async () => {
    const input = [
      '`Ali Farabbi` in code and [a link](https://example.org/Ali%20Farabbi "Ali Farabbi").',
      '',
      '```',
      'Ali Farabbi',
      '```',
      '',
      '<p>Ali Farabbi</p>',
      '',
    ].join('\n')
    const { text, file } = await normalize(input)
    expect(text).toContain('`Ali Farabbi`')
    expect(text).toContain('https://example.org/Ali%20Farabbi')
    expect(text).toContain('```\nAli Farabbi\n```')
    expect(text).toContain('<p>Ali Farabbi</p>')
    expect(file.messages).toHaveLength(0)
  })

  it('honours colophon-disable, colophon-enable and colophon-disable-next-line', async () => {
    const input = [
      '<!-- colophon-disable -->',
      '',
      'Ali Farabbi one.',
      '',
      '<!-- colophon-enable -->',
      '',
      'Ali Farabbi two.',
      '',
      '<!-- colophon-disable-next-line -->',
      '',
      'Ali Farabbi three.',
      '',
      'Ali Farabbi four.',
      '',
    ].join('\n')
    const { text } = await normalize(input)
    expect(text).toContain('Ali Farabbi one.')
    expect(text).toContain('Al-Farabi two.')
    expect(text).toContain('Ali Farabbi three.')
    expect(text).toContain('Al-Farabi four.')
  })
})

describe('context guards', () => {
  it('replaces AsiaInfo inside a list of multilateral mechanisms', async () => {
    const { text } = await normalize(
      'They cooperate in the United Nations, the Shanghai Cooperation Organization, AsiaInfo and others.\n',
    )
    expect(text).toContain('Organization, CICA and others')
  })

  it('leaves AsiaInfo the company alone', async () => {
    const { text, file } = await normalize('AsiaInfo Technologies sells telecom software.\n')
    expect(text).toBe('AsiaInfo Technologies sells telecom software.\n')
    expect(file.messages).toHaveLength(0)
  })

  it('decides sentence by sentence when both uses are in one paragraph', async () => {
    const { text } = await normalize(
      'AsiaInfo reported revenue. China works with the United Nations, the Shanghai Cooperation Organization and AsiaInfo.\n',
    )
    expect(text).toBe(
      'AsiaInfo reported revenue. China works with the United Nations, the Shanghai Cooperation Organization and CICA.\n',
    )
  })
})

describe('modes', () => {
  it('auto: fixes rewrite, suggestions only report', async () => {
    const { text, file } = await normalize('Ali Farabbi found new growth points.\n')
    expect(text).toBe('Al-Farabi found new growth points.\n')
    const suggestion = file.messages.find((message) => message.ruleId === 'new-growth-points')
    expect(suggestion?.reason).toBe('Consider `new sources of growth` instead of `new growth points`')
    expect(file.data.corrections?.find((item) => item.id === 'new-growth-points')?.applied).toBe(false)
  })

  it('report: the text is untouched and every finding is a warning', async () => {
    const { text, file } = await normalize('Ali Farabbi found new growth points.\n', {
      dictionaries: [names],
      mode: 'report',
    })
    expect(text).toBe('Ali Farabbi found new growth points.\n')
    expect(file.messages.map((message) => message.fatal)).toEqual([false, false])
  })

  it('fix: suggestions are applied too', async () => {
    const { text } = await normalize('Ali Farabbi found new growth points.\n', { dictionaries: [names], mode: 'fix' })
    expect(text).toBe('Al-Farabi found new sources of growth.\n')
  })

  it('refuses an unknown mode', () => {
    expect(() =>
      unified()
        .use(remarkNormalize, { mode: 'rewrite' as never })
        .freeze(),
    ).toThrow(/mode/)
  })
})

describe('dictionaries', () => {
  it('names the file, line and field of a bad entry', () => {
    expect(() => loadDictionary(fixture('bad-entry.yaml'))).toThrow(
      /bad-entry\.yaml:10:\d+: invalid dictionary: `entries\[1\] \(id wrong-kind\)\.kind`/,
    )
  })

  it('says when a dictionary file is missing', () => {
    expect(() => loadDictionary(fixture('missing.yaml'))).toThrow(/missing\.yaml: dictionary file not found/)
  })

  it('refuses rules that feed each other, naming both', () => {
    expect(() => compileDictionaries([fixture('cycle.yaml')])).toThrow(DictionaryCycleError)
    expect(() => compileDictionaries([fixture('cycle.yaml')])).toThrow(/`a-to-b` and `b-to-a`/)
  })

  it('publishes a JSON Schema generated from the zod schema', () => {
    const schema = dictionaryJsonSchema()
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(JSON.stringify(schema)).toContain('"caseSensitive"')
  })

  it('ships the generated JSON Schema, up to date (npm run schemas)', () => {
    const shipped = readFileSync(new URL('../dictionary.schema.json', import.meta.url), 'utf8')
    expect(shipped).toBe(`${JSON.stringify(dictionaryJsonSchema(), undefined, 2)}\n`)
  })
})
