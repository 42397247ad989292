// Guard words are found as whole words in any case. The finder searches the literal and checks its bounds
// apart; this compares it with the pattern that has the bounds as lookarounds, on random texts.
import { describe, expect, it } from 'vitest'
import { literalFinder } from '../src/lib/guards.js'

function reference(word: string, text: string): Array<{ start: number; end: number }> {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const regex = new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, 'giu')
  return [...text.matchAll(regex)].map((match) => ({ start: match.index, end: match.index + match[0].length }))
}

// Letters of several scripts and cases (final sigma, dotted I, sharp s, an astral letter), digits,
// an underscore, marks that are not word characters, an emoji, a lone surrogate.
const pieces = [
  'a',
  'A',
  'b',
  'Xi',
  'xi',
  'XI',
  'σ',
  'ς',
  'Σ',
  'İ',
  'i',
  'ß',
  'ẞ',
  'қ',
  'Қ',
  '\u{1D400}',
  '\u{1D41A}',
  '1',
  '٣',
  '_',
  ' ',
  '-',
  '.',
  '’',
  "'",
  '\u0301',
  '😀',
  '\uD800',
  '\n',
  'Al-Farabi',
  'farabi',
  '(',
]

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let value = Math.imul(state ^ (state >>> 15), 1 | state)
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296
  }
}

describe('literalFinder', () => {
  it('finds what the pattern with lookarounds finds, on random texts and words', () => {
    const next = random(15)
    const pick = () => pieces[Math.floor(next() * pieces.length)] as string
    let compared = 0
    let found = 0
    for (let round = 0; round < 3000; round++) {
      const text = Array.from({ length: 1 + Math.floor(next() * 24) }, pick).join('')
      // A word taken from the text (so that it often occurs), or made of pieces.
      const from = Math.floor(next() * text.length)
      const word =
        next() < 0.6
          ? text.slice(from, from + 1 + Math.floor(next() * 5))
          : Array.from({ length: 1 + Math.floor(next() * 3) }, pick).join('')
      if (word.length === 0) continue
      const expected = reference(word, text)
      const finder = literalFinder(word)
      expect([...finder.spans(text)], `${JSON.stringify(word)} in ${JSON.stringify(text)}`).toEqual(expected)
      expect(finder.test(text)).toBe(expected.length > 0)
      compared++
      found += expected.length
    }
    expect(compared).toBeGreaterThan(2900)
    expect(found).toBeGreaterThan(300)
  })

  it('finds whole words in any case, and no part of a word', () => {
    const finder = literalFinder('Xi')
    expect([...finder.spans('President XI met xi; Xiamen, taxi, Xi_1, Xi-Jinping')]).toEqual([
      { start: 10, end: 12 },
      { start: 17, end: 19 },
      { start: 41, end: 43 },
    ])
    expect(literalFinder('σ').test('Σ')).toBe(true)
    expect(literalFinder('a.b').test('axb')).toBe(false)
    expect(literalFinder('a.b').test('(a.b)')).toBe(true)
    expect(literalFinder('\u{1D400}').test('\u{1D41A}\u{1D400}')).toBe(false)
  })
})
