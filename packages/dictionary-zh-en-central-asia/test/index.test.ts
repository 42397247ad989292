import { readFileSync } from 'node:fs'
import { dictionarySchemaUrl, dictionaryUrl } from '@colophon/dictionary-zh-en-central-asia'
import {
  compileDictionaries,
  compileDictionaryFile,
  dictionaryJsonSchema,
  loadDictionary,
} from '@colophon/remark-normalize'
import { describe, expect, it } from 'vitest'

describe('public API', () => {
  it('exports the locations of the dictionary and its schema', async () => {
    expect(Object.keys(await import('@colophon/dictionary-zh-en-central-asia')).sort()).toEqual([
      'dictionarySchemaUrl',
      'dictionaryUrl',
    ])
  })
})

describe('the dictionary', () => {
  const dictionary = loadDictionary(dictionaryUrl)

  it('is valid, compiles without cycles and has unique ids', () => {
    expect(dictionary.name).toBe('zh-en-central-asia')
    expect(() => compileDictionaries([dictionaryUrl])).not.toThrow()
    const ids = dictionary.entries.map((entry) => entry.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('says why for every entry', () => {
    for (const entry of dictionary.entries) expect(entry.note, entry.id).toBeTruthy()
  })

  it('says in the note of every first-mention entry that the embedded article starts again', () => {
    const firstMentions = dictionary.entries.filter((entry) => entry.firstMention !== undefined)
    expect(firstMentions.map((entry) => entry.id)).toEqual(
      expect.arrayContaining(['xi-jinping', 'kassym-jomart-tokayev', 'china-central-asia']),
    )
    for (const entry of firstMentions) expect(entry.note, entry.id).toMatch(/embedded article again from its title/)
  })

  it('ships its compiled companion, up to date (`node scripts/schemas.js` writes it)', () => {
    const companion = new URL(`${dictionaryUrl.href}.compiled.json`)
    expect(readFileSync(companion, 'utf8')).toBe(compileDictionaryFile(dictionaryUrl))
  })

  it('ships the JSON Schema it declares, up to date', () => {
    expect(readFileSync(dictionaryUrl, 'utf8')).toMatch(/\$schema=\.\/dictionary\.schema\.json/)
    expect(readFileSync(dictionarySchemaUrl, 'utf8')).toBe(`${JSON.stringify(dictionaryJsonSchema(), undefined, 2)}\n`)
  })
})
