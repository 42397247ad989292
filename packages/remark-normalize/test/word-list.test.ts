// The English word list, searched in place: every word of the list is found, and any other string gets
// the answer a scan of the whole list gives (the list is out of order in two places).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import wordListPath from 'word-list'
import { isListedWord } from '../src/lib/word-list.js'

const list = readFileSync(wordListPath, 'utf8')
const words = list.split('\n')
const scan = (word: string) => `\n${list}\n`.includes(`\n${word}\n`)

describe('isListedWord', () => {
  it('finds words across the list: the first, the last, those out of order, and a sample', () => {
    const outOfOrder = words.filter((word, index) => index > 0 && (words[index - 1] as string) >= word)
    expect(outOfOrder.length).toBeGreaterThan(0)
    const sample = words.filter((_, index) => index % 211 === 0)
    for (const word of [words[0] as string, words.at(-1) as string, ...outOfOrder, ...sample]) {
      expect(isListedWord(word), word).toBe(true)
    }
  })

  it('answers as a scan of the whole list for strings that are not words of it', () => {
    const probes = ['', 'a b', 'naïve', 'résumé', "o'clock", 'zzzzzz', 'aaaaaa', 'manlilyx']
    for (const word of words.filter((_, index) => index % 977 === 0)) {
      probes.push(`${word}x`, word.slice(0, -1), `x${word}`, `${word}'s`, word.toUpperCase())
    }
    expect(probes.filter((word) => isListedWord(word) !== scan(word))).toEqual([])
  })
})
