// A dictionary's compiled companion (`<file>.compiled.json`): read in place of
// the file while the file is unchanged, ignored otherwise.

import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { compileDictionaryFile, DictionaryError, loadDictionary } from '@colophon/remark-normalize'
import { describe, expect, it } from 'vitest'

const builtIn = fileURLToPath(new URL('../../dictionary-zh-en-central-asia/dictionary.yaml', import.meta.url))

/** The built-in dictionary's YAML, alone in a new folder. */
function copyOfBuiltIn(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'remark-normalize-compiled-')), 'names.yaml')
  copyFileSync(builtIn, file)
  return file
}

/** A companion of `file` whose dictionary is renamed, to see whether it was read. */
function renamedCompanion(file: string, name: string): string {
  const companion = JSON.parse(compileDictionaryFile(file))
  companion.dictionary.name = name
  return JSON.stringify(companion)
}

describe('compiled companion', () => {
  it('loads the same dictionary as the YAML, down to absent fields, and the same for the same file', () => {
    const file = copyOfBuiltIn()
    const fromYaml = loadDictionary(file)
    const text = compileDictionaryFile(file)
    expect(compileDictionaryFile(file)).toBe(text)
    expect(text.endsWith('}\n')).toBe(true)
    writeFileSync(`${file}.compiled.json`, text)
    expect(loadDictionary(file)).toStrictEqual(fromYaml)
    expect(loadDictionary(file).url).toBe(`file://${file}`)
  })

  it('is read in place of the file while the file is unchanged', () => {
    const file = copyOfBuiltIn()
    writeFileSync(`${file}.compiled.json`, renamedCompanion(file, 'from-the-companion'))
    expect(loadDictionary(file).name).toBe('from-the-companion')
  })

  it('is ignored when the file changed, the format differs, or it is not JSON', () => {
    const file = copyOfBuiltIn()
    const companion = `${file}.compiled.json`
    writeFileSync(companion, renamedCompanion(file, 'from-the-companion'))
    writeFileSync(file, `${readFileSync(file, 'utf8')}# edited after compiling\n`)
    expect(loadDictionary(file).name).toBe('zh-en-central-asia')

    const other = copyOfBuiltIn()
    const wrongFormat = JSON.parse(renamedCompanion(other, 'from-the-companion'))
    wrongFormat.format = 'colophon-dictionary-compiled/0'
    writeFileSync(`${other}.compiled.json`, JSON.stringify(wrongFormat))
    expect(loadDictionary(other).name).toBe('zh-en-central-asia')

    for (const broken of ['{', 'null', '[]', '{"format":"colophon-dictionary-compiled/1"}']) {
      writeFileSync(`${other}.compiled.json`, broken)
      expect(loadDictionary(other).name).toBe('zh-en-central-asia')
    }
  })

  it('is ignored when it is a folder, and a broken file still fails with its line', () => {
    const file = copyOfBuiltIn()
    mkdirSync(`${file}.compiled.json`)
    expect(loadDictionary(file).name).toBe('zh-en-central-asia')
    writeFileSync(file, 'name: broken\nentries: [\n')
    expect(() => loadDictionary(file)).toThrow(DictionaryError)
    expect(() => compileDictionaryFile(file)).toThrow(/names\.yaml:\d+:\d+: cannot parse dictionary/)
  })
})
