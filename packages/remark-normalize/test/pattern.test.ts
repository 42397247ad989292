// Dictionary patterns run on a linear-time engine; they must find what a
// JavaScript RegExp with the same source and flags finds.

import { describe, expect, it } from 'vitest'
import { compilePattern, Pattern, PatternError } from '../src/lib/pattern.js'

/** Matches of a native global RegExp: [start, end, groups…]. */
function native(source: string, flags: string, text: string) {
  const regex = new RegExp(source, `${flags}gu`)
  return [...text.matchAll(regex)].map((match) => [
    match.index,
    match.index + match[0].length,
    ...match.slice(1),
    ...Object.values(match.groups ?? {}),
  ])
}

function linear(source: string, flags: string, text: string) {
  const pattern = new Pattern(source, flags)
  const names = [...source.matchAll(/\(\?<([A-Za-z_]\w*)>/g)].map((match) => match[1] as string)
  const count = native(source, flags, text)[0]?.length ?? 2
  return [...pattern.matches(text)].map((match) => [
    match.start,
    match.end,
    ...Array.from({ length: count - 2 - names.length }, (_, index) => match.group(index + 1)),
    ...names.map((name) => match.group(name)),
  ])
}

const text = [
  'President Xi met Tokayev in Astana on 14 September 2022. The China-Kazakhstan Unicom grew; US $ 25 billion,',
  'US$3 million. “Quoted” text,\tthe\u00A0end\u2028next line\r\nand\u000Bvertical\uFEFFbom. Ünïcödé ÉCOLE straße',
  'emoji 😀 here, 中国和哈萨克斯坦是好邻居。 e.g. Mr. Smith; aaaaab aAbB _x_ 1988 1991 1992 (a+b)',
].join('\n')

const cases: Array<[string, string]> = [
  ['China-(\\p{Lu}\\p{Ll}+) Unicom', ''],
  ['\\b(?:18\\d\\d|19[0-8]\\d|199[01])\\b', ''],
  ['\\bthe\\s*$', 'i'],
  ["^\\s*['’]an\\b", ''],
  ['\\s+', ''],
  ['\\S+', ''],
  ['[\\s,]+', ''],
  ['[\\S]+', ''],
  ['[^\\s]+', ''],
  ['.+', ''],
  ['.+', 's'],
  ['[a-z]+', 'i'],
  ['\\w+', ''],
  ['\\W+', ''],
  ['\\D+', ''],
  ['[^\\d\\s]+', ''],
  ['\\p{L}+', ''],
  ['\\P{L}+', ''],
  ['\\p{Script=Han}+', ''],
  ['\\p{ASCII}+', ''],
  ['[\\P{ASCII}]+', ''],
  ['(?<year>\\d{4})', ''],
  ['(?<first>\\p{Lu})(\\p{Ll}+)', ''],
  ['a+?b', ''],
  ['a{2,3}', 'i'],
  ['a{2}', ''],
  ['(?:a|aa)+b', ''],
  ['\\u00e9|\\u{1F600}|\\x41', 'i'],
  ['straße|STRASSE', 'i'],
  ['(?<=\\d )\\w+', ''],
  ['(?<!\\w)US\\s?\\$', ''],
  ['\\.\\s', ''],
  ['[.](?:\\s|$)', ''],
  ['\\(a\\+b\\)', ''],
  ['[\\-\\]\\\\/]', ''],
  ['\\Ba\\B', ''],
  ['(a)|(b)', 'i'],
]

describe('Pattern', () => {
  it.each(cases)('finds what a RegExp finds: /%s/%s', (source, flags) => {
    expect(linear(source, flags, text)).toEqual(native(source, flags, text))
  })

  it('sees only \\n as a line end for ^ and $ with the m flag', () => {
    const lines = text.replace(/\r|\u2028/g, ' ')
    expect(linear('^.+$', 'm', lines)).toEqual(native('^.+$', 'm', lines))
    expect(linear('^\\p{Lu}\\w+', 'm', lines)).toEqual(native('^\\p{Lu}\\w+', 'm', lines))
  })

  it('case 3: runs a catastrophic pattern in linear time', () => {
    const pattern = new Pattern('(a+)+$')
    const started = performance.now()
    expect([...pattern.matches(`${'a'.repeat(40)}b`)]).toEqual([])
    expect([...pattern.matches(`${'a'.repeat(100_000)}b`)]).toEqual([])
    expect(new Pattern('(x+x+)+y').test('x'.repeat(50_000))).toBe(false)
    // A RegExp needs longer than the age of the universe for the first text alone.
    expect(performance.now() - started).toBeLessThan(5000)
  })

  it('refuses what needs backtracking, saying what to do instead', () => {
    expect(() => new Pattern('US \\$(?=\\s?\\d)')).toThrow(/lookahead `\(\?=\\s\?\\d\)`.*context\.after/)
    expect(() => new Pattern('a(?!b)')).toThrow(PatternError)
    expect(() => new Pattern('(\\w)\\1')).toThrow(/backreference `\\1`/)
    expect(() => new Pattern('(?<x>a)\\k<x>')).toThrow(/backreference/)
    expect(() => new Pattern('(?<=(a))b')).toThrow(/lookbehind .*capturing group/)
  })

  it('refuses a pattern that can match an empty string', () => {
    for (const source of ['a*', 'x?', '(?:)', '\\b', '(?<=a)', 'a|b*', '(?:a*)+']) {
      expect(() => new Pattern(source), source).toThrow(/can match an empty string/)
    }
    expect(() => new Pattern('a+|b')).not.toThrow()
  })

  it('refuses invalid syntax, unknown flags, huge repetitions and unknown properties', () => {
    expect(() => new Pattern('(')).toThrow(/not a valid regular expression/)
    expect(() => new Pattern('a', 'g')).toThrow(/flags/)
    expect(() => new Pattern('a{1001}')).toThrow(/at most 1000/)
    expect(() => new Pattern('\\p{Alphabetic}')).toThrow(/Unicode property/)
    expect(() => new Pattern('[^a\\S]')).toThrow(/negated class/)
  })

  it('compiles a pattern once', () => {
    expect(compilePattern('ab+', 'i')).toBe(compilePattern('ab+', 'i'))
    expect(compilePattern('ab+', 'i')).not.toBe(compilePattern('ab+'))
  })
})
