// Hostile dictionaries and documents: patterns that backtrack forever, alias
// bombs, cycles of rules, paragraphs of megabytes.

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import remarkNormalize, {
  compileDictionaries,
  DictionaryCycleError,
  DictionaryError,
  type DictionaryInput,
  type EntryInput,
  loadDictionary,
} from '@colophon/remark-normalize'
import type { Root } from 'mdast'
import remarkParse from 'remark-parse'
import remarkStringify from 'remark-stringify'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'

async function normalize(markdown: string, dictionaries: DictionaryInput[]) {
  const file = new VFile({ path: 'input.md', value: markdown })
  const processor = unified()
    .use(remarkParse)
    .use(remarkNormalize, { dictionaries: compileDictionaries(dictionaries) })
    .use(remarkStringify)
  const tree = (await processor.run(processor.parse(file), file)) as Root
  return { text: processor.stringify(tree, file), file }
}

/** Write a dictionary file in a new folder; returns its path. */
function dictionaryFile(yaml: string, name = 'dictionary.yaml'): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'remark-normalize-')), name)
  writeFileSync(file, yaml)
  return file
}

const entry = (
  id: string,
  match: EntryInput['match'],
  replace: string,
  extra: Partial<EntryInput> = {},
): EntryInput => ({
  id,
  match,
  replace,
  kind: 'term',
  ...extra,
})

describe('case 3: catastrophic regular expressions in dictionaries', () => {
  it('case 3: a nested-quantifier match ends at once on the text that hangs a RegExp', {
    timeout: 20_000,
  }, async () => {
    const dictionary = { name: 'redos', entries: [entry('nested', { regex: '(a+)+$' }, 'A')] }
    const hostile = await normalize(`Text ${'a'.repeat(40)}b\n`, [dictionary])
    expect(hostile.text).toBe(`Text ${'a'.repeat(40)}b\n`)
    const longer = await normalize(`Text ${'a'.repeat(50_000)}b\n`, [dictionary])
    expect(longer.file.messages).toEqual([])
    // It still matches what it should.
    expect((await normalize('Text aaaa\n', [dictionary])).text).toBe('Text A\n')
  })

  it('case 3: a nested-quantifier `/…/` guard ends at once too', { timeout: 20_000 }, async () => {
    const dictionary = {
      name: 'redos',
      entries: [
        entry('guarded', 'Foo', 'Bar', {
          context: { before: { none: ['/(a+)+ $/'] }, paragraph: { none: ['/(x+x+)+y/'] } },
        }),
      ],
    }
    const { text } = await normalize(`${'a'.repeat(40)}b Foo ${'x'.repeat(5000)}\n`, [dictionary])
    expect(text).toBe(`${'a'.repeat(40)}b Bar ${'x'.repeat(5000)}\n`)
    expect((await normalize('aaaa Foo\n', [dictionary])).text).toBe('aaaa Foo\n')
  })

  it('case 3: a lookahead is refused, naming the file, line, entry and field', () => {
    const file = dictionaryFile(
      'name: ahead\nentries:\n  - id: us-dollar\n    match: { regex: "US \\\\$(?=\\\\d)" }\n    replace: US$\n    kind: typography\n',
    )
    expect(() => loadDictionary(file)).toThrow(DictionaryError)
    expect(() => loadDictionary(file)).toThrow(
      /dictionary\.yaml:4:\d+: invalid dictionary: `entries\[0\] \(id us-dollar\)\.match\.regex` the lookahead `\(\?=\\d\)` is not supported .*`context\.after` guard/,
    )
  })

  it('case 3: a guard with a backreference is refused, naming the guard', () => {
    const file = dictionaryFile(
      'name: back\nentries:\n  - id: twice\n    match: Foo\n    replace: Bar\n    kind: term\n    context:\n      sentence: { any: [fine, "/(\\\\w+) \\\\1/"] }\n',
    )
    expect(() => loadDictionary(file)).toThrow(
      /dictionary\.yaml:8:\d+: invalid dictionary: `entries\[0\] \(id twice\)\.context\.sentence\.any\[1\]` the backreference `\\1`/,
    )
  })

  it('case 3: a pattern that can match an empty string is refused', () => {
    expect(() => compileDictionaries([{ name: 'empty', entries: [entry('stars', { regex: 'x*' }, 'y')] }])).toThrow(
      /`entries\[0\] \(id stars\)\.match\.regex` can match an empty string/,
    )
    expect(() =>
      compileDictionaries([
        { name: 'empty', entries: [entry('guard', 'Foo', 'Bar', { context: { document: { none: ['/\\b/'] } } })] },
      ]),
    ).toThrow(/context\.document\.none\[0\]` can match an empty string/)
  })

  it('case 3: an enormous dictionary compiles and runs in bounded time', { timeout: 120_000 }, async () => {
    const entries: EntryInput[] = []
    for (let index = 0; index < 30_000; index++)
      entries.push(entry(`name-${index}`, `Wrongname${index} Form`, `Rightname${index} Form`))
    for (let index = 0; index < 300; index++) {
      entries.push(
        entry(`pattern-${index}`, { regex: `\\bPat${index} (\\p{Lu}\\p{Ll}+)` }, `Fixed${index} $1`, {
          context: { document: { none: [`/\\bnot${index}\\b/i`] } },
        }),
      )
    }
    const paragraph = 'Wrongname7 Form met Pat12 Hello near Wrongname29999 Form. '.repeat(2000)
    const { text, file } = await normalize(`${paragraph}\n\nNot12 here.\n`, [{ name: 'enormous', entries }])
    expect(text.startsWith('Rightname7 Form met Pat12 Hello near Rightname29999 Form.')).toBe(true)
    expect(file.messages.length).toBe(4000)
  })
})

describe('case 9: message positions in long paragraphs', () => {
  it('case 9: a paragraph of over a megabyte is normalized with exact positions', { timeout: 120_000 }, async () => {
    const dictionary: DictionaryInput = {
      name: 'names',
      entries: [
        entry('al-farabi', 'Ali Farabbi', 'Al-Farabi', { kind: 'person' }),
        entry('cica', 'AsiaInfo', 'CICA', { context: { sentence: { any: ['United Nations'] } } }),
      ],
    }
    // Wrapped lines, straight quotes (a message each) and names, in one paragraph.
    const line = 'They said "yes" to Ali Farabbi, and AsiaInfo joined the United Nations talks.'
    const lines = Array.from({ length: 16_000 }, (_, index) => `${index % 3 === 0 ? '' : '  '}${line}`)
    const markdown = `# Title\n\n${lines.join('\n')} Last Ali Farabbi.\n`
    expect(markdown.length).toBeGreaterThan(1_000_000)
    const { file } = await normalize(markdown, [dictionary])
    const farabi = file.messages.filter((message) => message.ruleId === 'al-farabi')
    expect(farabi.length).toBe(16_001)
    const offset = markdown.lastIndexOf('Ali Farabbi')
    const before = markdown.slice(0, offset).split('\n')
    const expected = { line: before.length, column: (before.at(-1) as string).length + 1, offset }
    expect(farabi.at(-1)?.place).toEqual({
      start: expected,
      end: {
        line: expected.line,
        column: expected.column + 'Ali Farabbi'.length,
        offset: offset + 'Ali Farabbi'.length,
      },
    })
    // An indented continuation line points past its indentation.
    const second = farabi[1]?.place as { start: { line: number; column: number } }
    expect(second.start).toMatchObject({ line: 4, column: 2 + line.indexOf('Ali Farabbi') + 1 })
    expect(file.messages.filter((message) => message.ruleId === 'cica').length).toBe(16_000)
  })
})

describe('case 12: bad dictionary files', () => {
  it('case 12: a YAML alias bomb is a dictionary error naming the file', () => {
    const levels = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]']
    for (const name of 'bcdefghi') {
      const previous = String.fromCharCode(name.charCodeAt(0) - 1)
      levels.push(`${name}: &${name} [${Array.from({ length: 9 }, () => `*${previous}`).join(', ')}]`)
    }
    const file = dictionaryFile(`name: bomb\n${levels.join('\n')}\nentries: []\n`, 'bomb.yaml')
    expect(() => loadDictionary(file)).toThrow(DictionaryError)
    expect(() => loadDictionary(file)).toThrow(/bomb\.yaml: cannot read dictionary: its aliases .* alias bomb/)
  })

  it('case 12: invalid YAML and an invalid entry name the file, the line and the field', () => {
    const broken = dictionaryFile('name: broken\nentries:\n  - id: a\n    match: [unclosed\n', 'broken.yaml')
    expect(() => loadDictionary(broken)).toThrow(/broken\.yaml:\d+:\d+: cannot parse dictionary: /)
    const wrong = dictionaryFile(
      'name: wrong\nentries:\n  - id: fine\n    match: Foo\n    replace: Bar\n    kind: term\n  - id: bad\n    match: Baz\n    replace: Qux\n    kind: term\n    wholeWord: sometimes\n',
      'wrong.yaml',
    )
    expect(() => loadDictionary(wrong)).toThrow(
      /wrong\.yaml:11:\d+: invalid dictionary: `entries\[1\] \(id bad\)\.wholeWord`/,
    )
  })
})

describe('case 1: script through dictionary URLs', () => {
  it('case 1: a sameAs or url that is not http(s) is refused, naming the file, line and field', () => {
    const file = dictionaryFile(
      'name: links\nentries:\n  - id: a\n    match: Foo\n    replace: Bar\n    kind: person\n    sameAs: ["javascript:alert(1)"]\n',
      'links.yaml',
    )
    expect(() => loadDictionary(file)).toThrow(/links\.yaml:7:\d+: invalid dictionary: .*sameAs.*http\(s\) URL/)
    const url = dictionaryFile('name: links\nurl: "data:text/html,x"\nentries: []\n', 'url.yaml')
    expect(() => loadDictionary(url)).toThrow(/url\.yaml:2:\d+: invalid dictionary: `url`/)
  })
})

describe('case 13: cycles of rules', () => {
  it('case 13: a three-rule cycle is refused, naming every entry in order', () => {
    const dictionary: DictionaryInput = {
      name: 'three',
      entries: [
        entry('x-to-y', 'Xenon', 'Yttrium'),
        entry('y-to-z', 'Yttrium', 'Zinc'),
        entry('z-to-x', 'Zinc', 'Xenon'),
      ],
    }
    expect(() => compileDictionaries([dictionary])).toThrow(DictionaryCycleError)
    try {
      compileDictionaries([dictionary])
    } catch (error) {
      expect((error as DictionaryCycleError).ids).toEqual(['x-to-y', 'y-to-z', 'z-to-x'])
      expect((error as Error).message).toBe(
        "dictionary rules `x-to-y`, `y-to-z` and `z-to-x` feed each other in a cycle (in dictionary `three`): `x-to-y` -> `y-to-z` -> `z-to-x` -> `x-to-y`, each one's replacement containing the next one's match",
      )
    }
  })

  it('case 13: a longer cycle across dictionaries and through a pattern is found, a chain is not', () => {
    const first: DictionaryInput = {
      name: 'first',
      entries: [entry('a', 'Alpha', 'Beta one'), entry('c', 'Gamma', 'Delta')],
    }
    const second: DictionaryInput = {
      name: 'second',
      entries: [entry('b', { regex: 'Beta (\\w+)' }, 'Gamma $1'), entry('d', 'Delta', 'Alpha')],
    }
    expect(() => compileDictionaries([first, second])).toThrow(
      'dictionary rules `a`, `b`, `c` and `d` feed each other in a cycle (in dictionaries `first`, `second`): `a` -> `b` -> `c` -> `d` -> `a`',
    )
    const chain: DictionaryInput = {
      name: 'chain',
      entries: [first.entries[0], first.entries[1], second.entries[0]] as EntryInput[],
    }
    expect(() => compileDictionaries([chain])).not.toThrow()
  })

  it('case 13: a cycle of 1,000 rules is named by its first rules and counted, in a message of one short line', () => {
    const words = Array.from({ length: 1000 }, (_, index) => `Word${index}x`)
    const dictionary: DictionaryInput = {
      name: 'long',
      entries: words.map((word, index) => entry(`r${index}`, word, words[(index + 1) % words.length] as string)),
    }
    let error: DictionaryCycleError | undefined
    try {
      compileDictionaries([dictionary])
    } catch (caught) {
      error = caught as DictionaryCycleError
    }
    expect(error?.ids).toHaveLength(1000)
    expect(error?.message).toMatch(
      /^1000 dictionary rules feed each other in a cycle \(in dictionary `long`\): `r\d+` -> (?:`r\d+` -> ){5}… \(994 more\) -> `r\d+`, each one's replacement containing the next one's match$/,
    )
    expect(error?.message.length).toBeLessThan(300)
  })
})
