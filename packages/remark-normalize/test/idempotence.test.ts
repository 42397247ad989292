// Normalizing normalized text changes nothing: a property checked over
// generated texts and generated dictionaries, not only fixtures.

import remarkNormalize, { type DictionaryInput, type EntryInput } from '@colophon/remark-normalize'
import fc from 'fast-check'
import remarkParse from 'remark-parse'
import remarkStringify from 'remark-stringify'
import { unified } from 'unified'
import { describe, expect, it } from 'vitest'

// Wrong forms come from one pool and right forms from another, so that no
// replacement is the match of another entry (a chain the engine rightly
// applies one link per pass); entries whose right form contains their own
// wrong form ("Baikadamov" -> "Bakhytzhan Baikadamov") are generated too.
const wrong = [
  'Ali Farabbi',
  'Zanatas',
  'Chimkent',
  'camp confrontation',
  'AsiaInfo',
  'Capella Bekov',
  'Tokayev',
  'Baikadamov',
  'US $',
]
const right = ['Al-Farabi', 'Zhanatas', 'Shymkent', 'bloc confrontation', 'CICA', 'Saulebek Kabylbekov']
const filler = [
  'the',
  'two',
  'countries',
  'signed',
  'in',
  'Astana',
  'President',
  'and',
  'Four',
  'universities',
  'hardships',
  'cooperation',
  'Kazakhstan',
  'China',
  'said',
  'it',
  'is',
  'people',
]
const punctuation = [',', '.', ';', ' "', '" ', " '", "'s", '\u00A0', '\u200B', ' -', ':']

const entry: fc.Arbitrary<EntryInput> = fc.oneof(
  fc.record({
    id: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
    match: fc.constantFrom(...wrong),
    replace: fc.constantFrom(...right),
    kind: fc.constantFrom('person', 'place', 'term' as const),
    scope: fc.constantFrom('fix', 'suggest', 'keep' as const),
  }),
  fc.constantFrom<EntryInput>(
    { id: 'f', match: 'Baikadamov', replace: 'Bakhytzhan Baikadamov', kind: 'person' },
    { id: 'g', match: 'Tokayev', replace: 'Kassym-Jomart Tokayev', kind: 'person' },
  ),
  fc.record({
    id: fc.constant('h'),
    match: fc.constant('Tokayev'),
    firstMention: fc.constant('Kassym-Jomart Tokayev'),
    kind: fc.constant('person' as const),
  }),
)

const dictionary: fc.Arbitrary<DictionaryInput> = fc
  .uniqueArray(entry, { selector: (item) => `${item.id}`, maxLength: 6 })
  .map((entries) => ({
    name: 'generated',
    // One entry per wrong form, so two entries never rewrite the same text.
    entries: entries.filter((item, index) => entries.findIndex((other) => other.match === item.match) === index),
  }))

const word = fc.constantFrom(...wrong, ...right, ...filler)
const sentence = fc
  .array(fc.tuple(word, fc.option(fc.constantFrom(...punctuation), { nil: '' })), { minLength: 1, maxLength: 14 })
  .map((parts) => parts.map(([text, mark]) => `${text}${mark}`).join(' '))
const document = fc
  .array(sentence, { minLength: 1, maxLength: 4 })
  .map((paragraphs) => paragraphs.map((text) => text.replace(/^[\s\-'":;,.]+/, '') || 'text').join('\n\n'))

async function normalize(text: string, dictionaryValue: DictionaryInput): Promise<string> {
  const file = await unified()
    .use(remarkParse)
    .use(remarkNormalize, { dictionaries: [dictionaryValue] })
    .use(remarkStringify)
    .process(text)
  return String(file)
}

describe('idempotence', () => {
  it('normalizing twice equals normalizing once', async () => {
    await fc.assert(
      fc.asyncProperty(document, dictionary, async (text, dictionaryValue) => {
        const once = await normalize(text, dictionaryValue)
        const twice = await normalize(once, dictionaryValue)
        expect(twice).toBe(once)
      }),
      { numRuns: 300, seed: 20221914 },
    )
  })
})
