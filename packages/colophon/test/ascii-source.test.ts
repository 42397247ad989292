// The bundle is written in ASCII (scripts/ascii-source.js): every character outside ASCII escaped so that
// the script means the same. Each case runs the script before and after and compares what it computes.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the scripts under test are strings holding templates
import vm from 'node:vm'
import { describe, expect, it } from 'vitest'
import { cookedFromRaw, escapeRegexLiteral, toAsciiSource } from '../../../scripts/ascii-source.js'

/** Run a script that sets `result`, and return it. */
function evaluate(source: string): unknown {
  const context: { result?: unknown } = {}
  vm.runInNewContext(source, context)
  return context.result
}

/** Samples the patterns are tested on. */
const samples = [
  'май',
  'мая',
  'МАЙ',
  'ма',
  '15 наурыз 2025 ж.',
  '“Quoted”',
  '— dash',
  'a–b',
  '🪦',
  '\u{1F9A6}x',
  'é',
  'plain',
]

/** What a list of patterns matches in the samples, with their flags. */
const matching = `
const matches = (patterns) => patterns.map((pattern) => [pattern.flags, samples.map((sample) => {
  pattern.lastIndex = 0
  const found = pattern.exec(sample)
  return found && [found.index, found[0], { ...found.groups }]
})])
`

function check(body: string) {
  const source = `const samples = ${JSON.stringify(samples)}\n${matching}\n${body}`
  const ascii = toAsciiSource(source, 'case.js')
  expect(/[\u0080-\u{10FFFF}]/u.test(ascii)).toBe(false)
  expect(ascii.split('\n').length).toBe(source.split('\n').length)
  expect(evaluate(ascii)).toEqual(evaluate(source))
  return ascii
}

describe('scripts/ascii-source.js', () => {
  it('escapes regular-expression literals, with and without the unicode flags', () => {
    const ascii = check(String.raw`result = matches([
      /^ма[йя]$/, /^ма[йя]$/iu, /[а-я]+/g, /(?<word>[\p{L}’]+)/u, /[“”‘’«»]/, /[–—]/v,
      /\ж?й/, /🪦/, /🪦/u, /[🪦]/u, /^.$/u, /^..$/, /(?<=—) dash/u,
    ])`)
    // Without a unicode flag the pattern reads code units: an astral character is two escapes.
    expect(ascii).toContain(String.raw`/\uD83E\uDEA6/,`)
    expect(ascii).toContain(String.raw`/\u{1FAA6}/u`)
    expect(escapeRegexLiteral('/[–—]/gu')).toBe(String.raw`/[\u2013\u2014]/gu`)
  })

  it('turns String.raw templates into untagged ones with the same value', () => {
    const ascii = check(
      [
        'const month = String.raw`(?<month>jan|мар(?:т|та)|наурыз)`',
        'const yearMark = String.raw`(?:\\s*(?:г\\.?|года|ж\\.?|жылы))?`',
        'const pattern = new RegExp(String.raw`^(?<day>\\d{1,2})\\s+${month}\\s+(?<year>\\d{4})${yearMark}$`, "iu")',
        'const odd = String.raw`a\\`б\\${c}—${`inner ${"é"}`}\\\\ end ${String.raw`\\n—`.length}`',
        'const plain = String.raw`no escapes \\d — only text`',
        'result = { odd, plain, found: matches([pattern]), source: pattern.source, lines: String.raw`а\\\nб` }',
      ].join('\n'),
    )
    expect(ascii).not.toContain('String.raw`(?<month>')
    expect(cookedFromRaw('\\d—`${x}')).toBe('\\\\d\\u2014\\`\\${x}')
  })

  it('escapes strings, untagged templates, identifiers and comments', () => {
    check(
      [
        '// A comment — with “quotes”, an emoji 🪦 and a backslash \\é',
        '/* a block — comment */',
        'const café = "naïve — \\é"',
        'const 𝒳 = `template — ${café} ✓`',
        "result = { café, x: 𝒳, quote: '«»', regex: /é/.test(café) }",
      ].join('\n'),
    )
  })

  it('leaves an ASCII script as it is', () => {
    const source = 'const a = /x/u\nresult = String.raw`\\d${a.source}`\n'
    expect(toAsciiSource(source)).toBe(source)
  })

  it('refuses what it cannot rewrite, naming the place', () => {
    expect(() => toAsciiSource('const tag = (s) => s.raw[0]\nresult = tag`ж`\n', 'tagged.js')).toThrow(
      /^tagged\.js:2:10: a tagged template holds characters outside ASCII/,
    )
    expect(() => toAsciiSource('const a = "ж" +\n', 'broken.js')).toThrow(/^broken\.js:1:16: Expression expected/)
  })
})
