import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { build } from 'colophon'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { epubcheck } from '../../../../scripts/conformance.js'
import { readEpub } from '../../../../scripts/inspect.js'
import { have, needs } from '../../../../scripts/tools.js'
import { decodeText, NotTextError } from '../../src/lib/decode.js'
import { limitMessages, reportMessages } from '../../src/lib/report.js'
import { cli, temporary } from '../helpers.js'

/** Reading input does not depend on the bundled dictionary: leave it out, the runs are quicker. */
const quick = ['--no-default-dictionary']

const article = 'Caf\u00e9 in Astana\n\nThe caf\u00e9 opened on Monday, its owner said.\n'

/** A folder holding `files` (name to bytes or text). */
function folder(files: Record<string, string | Uint8Array>): string {
  const dir = temporary()
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    writeFileSync(path.join(dir, name), content)
  }
  return dir
}

function utf16(text: string, order: 'le' | 'be'): Uint8Array {
  const bytes = Buffer.from(`\uFEFF${text}`, 'utf16le')
  if (order === 'be') bytes.swap16()
  return bytes
}

// Characters that XML 1.0 cannot hold: C0 controls other than tab, LF, CR; U+FFFE, U+FFFF.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters under test
const xmlIllegal = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/

describe('case 11: text in another encoding, binary data, invalid bytes', () => {
  it.each(['le', 'be'] as const)('case 11: UTF-16%s with a byte order mark is decoded as UTF-16', async (order) => {
    const dir = folder({ 'article.txt': utf16(article, order) })
    const { code, stderr } = await cli(
      ['build', 'article.txt', '--formats', 'html,epub', '--out', 'out', ...quick],
      dir,
    )
    expect(code, stderr).toBe(0)
    const html = readFileSync(path.join(dir, 'out/article.html'), 'utf8')
    expect(html).toContain('<h1')
    expect(html).toContain('Caf\u00e9 in Astana')
    expect(html).not.toMatch(xmlIllegal)
    const epub = await readEpub(readFileSync(path.join(dir, 'out/article.epub')))
    for (const [name, text] of epub) expect(text, name).not.toMatch(xmlIllegal)
    expect(stderr).not.toContain('invalid')
  })

  it('case 11: a UTF-8 byte order mark is dropped', () => {
    const decoded = decodeText(Buffer.from(`\uFEFF${article}`, 'utf8'))
    expect(decoded.value).toBe(article)
    expect(decoded.findings).toEqual([])
  })

  const refused: Array<[string, Uint8Array, RegExp]> = [
    ['random bytes', randomBytes(4000), /Looks like a binary file \(NUL byte at line \d+, column \d+\), not text/],
    ['a NUL byte in text', Buffer.from('Title\n\nFirst line.\nHel\0lo world.\n'), /4:4 .*NUL byte at line 4, column 4/],
    ['a PDF', Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n', 'latin1'), /Looks like a PDF document, not text/],
    ['a Word file (ZIP)', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), /Looks like a ZIP archive/],
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /Looks like a PNG image/],
    ['UTF-16 without a byte order mark', Buffer.from(article, 'utf16le'), /UTF-16LE text without a byte order mark/],
    ['UTF-32', Buffer.from([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]), /Is UTF-32 text/],
    [
      'mostly control characters',
      Buffer.from('Ti\x01t\x02le\x03\n\n\x04\x05\x06 x\x07\x10\n'),
      /1:3 .*\d+% control characters, the first at line 1, column 3/,
    ],
  ]
  // One build of all of them, with a good input among them.
  let refusedRun: Promise<{ dir: string; code: number; stdout: string; stderr: string }> | undefined
  const refusedBuild = () =>
    (refusedRun ??= (async () => {
      const files = Object.fromEntries(refused.map(([, bytes], index) => [`bad-${index}.txt`, bytes]))
      const dir = folder({ ...files, 'good.txt': article })
      const inputs = [...Object.keys(files), 'good.txt']
      const run = await cli(['build', ...inputs, '--formats', 'html', '--out', 'out', '--jobs', '1', ...quick], dir)
      return { dir, ...run }
    })())

  it.each(refused.map(([name, , reason], index) => [name, index, reason] as const))(
    'case 11: %s is refused as not text, naming the file, exit 1, nothing written',
    async (_name, index, reason) => {
      const { dir, code, stdout, stderr } = await refusedBuild()
      expect(code, stderr).toBe(1)
      // The reporter names the file, then its messages.
      const section = stderr
        .split('\n\n')
        .map((part) => part.slice(part.indexOf(`bad-${index}.txt\n`)))
        .find((part) => part.startsWith(`bad-${index}.txt\n`))
      expect(section, stderr).toMatch(reason)
      expect(section).toMatch(/error .*(binary-input|unsupported-encoding)\s+colophon/)
      expect(stderr).not.toMatch(/internal error|\n\s+at /)
      expect(existsSync(path.join(dir, `out/bad-${index}.html`))).toBe(false)
      expect(existsSync(path.join(dir, `out/bad-${index}.report.json`))).toBe(false)
      // The good input is built all the same.
      expect(readFileSync(path.join(dir, 'out/good.html'), 'utf8')).toContain('Caf\u00e9 in Astana')
      // The summary says it was not built.
      expect(stdout).toMatch(new RegExp(`bad-${index}\\.txt +\\(not built\\) +0 \\(1 error\\)\\n`))
    },
  )

  it('case 11: check and normalize refuse binary input too', async () => {
    const dir = folder({ 'article.md': Buffer.from('# Title\n\nHel\0lo\n') })
    const check = await cli(['check', 'article.md', ...quick], dir)
    expect(check.code).toBe(1)
    expect(check.stdout).toMatch(
      /article\.md[\s\S]*3:4\s+error\s+Looks like a binary file \(NUL byte at line 3, column 4\)/,
    )
    const normalize = await cli(['normalize', 'article.md', ...quick], dir)
    expect(normalize.code).toBe(1)
    expect(normalize.stdout).toBe('')
    expect(normalize.stderr).toMatch(/NUL byte at line 3, column 4/)
  })

  it('case 11: invalid UTF-8 is replaced with U+FFFD and reported with its places', async () => {
    const bytes = Buffer.concat([
      Buffer.from('Title\n\nThe caf'),
      Buffer.from([0xe9]), // Latin-1 é
      Buffer.from(' opened.\nA second ', 'utf8'),
      Buffer.from([0xf0, 0x9f, 0x98]), // a truncated four-byte sequence
      Buffer.from(' line.\n'),
    ])
    const dir = folder({ 'article.txt': bytes })
    const { code, stderr } = await cli(['build', 'article.txt', '--formats', 'html', '--out', 'out', ...quick], dir)
    expect(code, stderr).toBe(0)
    expect(stderr).toMatch(
      /3:8\s+warning\s+Replaced 2 invalid UTF-8 byte sequences with U\+FFFD: `E9` at 3:8, `F0 9F 98` at 4:10; the file is not all UTF-8/,
    )
    expect(stderr).toMatch(/invalid-utf8\s+colophon/)
    const html = readFileSync(path.join(dir, 'out/article.html'), 'utf8')
    expect(html).toContain('The caf\uFFFD opened.')
    const report = JSON.parse(readFileSync(path.join(dir, 'out/article.report.json'), 'utf8'))
    expect(report.messages).toContainEqual(
      expect.objectContaining({ ruleId: 'invalid-utf8', source: 'colophon', severity: 'warning', places: ['3:8'] }),
    )
  })

  it('case 11: a U+FFFD written in the file is kept and not reported', () => {
    const decoded = decodeText(Buffer.concat([Buffer.from('a\uFFFDb '), Buffer.from([0xff]), Buffer.from(' c')]))
    expect(decoded.value).toBe('a\uFFFDb \uFFFD c')
    expect(decoded.findings).toHaveLength(1)
    expect(decoded.findings[0]).toMatchObject({
      ruleId: 'invalid-utf8',
      count: 1,
      samples: [{ place: { line: 1, column: 5 }, found: 'FF' }],
    })
  })

  it('case 11: many invalid bytes are reported in aggregate: the first places and a count', () => {
    const lines = Array.from({ length: 2000 }, () => Buffer.from([0x61, 0xe9, 0x0a]))
    const decoded = decodeText(Buffer.concat(lines))
    const [finding] = decoded.findings
    expect(finding?.count).toBe(2000)
    expect(finding?.samples).toHaveLength(5)
    expect(finding?.reason).toBe(
      'Replaced 2,000 invalid UTF-8 byte sequences with U+FFFD: `E9` at 1:2, `E9` at 2:2, `E9` at 3:2, `E9` at 4:2, `E9` at 5:2 and 1,995 more; the file is not all UTF-8 (saved in another encoding?), save it as UTF-8',
    )
  })

  it('case 11: unpaired surrogates in UTF-16 become U+FFFD with a warning', () => {
    const bytes = Buffer.from('\uFEFFab\uD800c', 'utf16le')
    const decoded = decodeText(Buffer.concat([bytes, Buffer.from([0x41])]))
    expect(decoded.encoding).toBe('utf-16le')
    expect(decoded.value).toBe('ab\uFFFDc\uFFFD')
    expect(decoded.findings[0]).toMatchObject({ ruleId: 'invalid-utf16', count: 2 })
    expect(decoded.findings[0]?.reason).toMatch(/`U\+D800` at 1:3, `41` at 1:5/)
  })

  it.skipIf(!have('epubcheck'))(
    `case 11: control characters are removed with a warning and their places; the EPUB is valid${needs('epubcheck')}`,
    async () => {
      const text = 'Title\x0B\n\nHel\x01lo wo\x1Brld, page one.\x0C\nNext \uFFFF line.\n'
      const dir = folder({ 'article.txt': text })
      const { code, stderr } = await cli(
        ['build', 'article.txt', '--formats', 'html,epub', '--out', 'out', ...quick],
        dir,
      )
      expect(code, stderr).toBe(0)
      expect(stderr).toMatch(
        /1:6\s+warning\s+Removed 5 control characters that text cannot contain: `U\+000B` at 1:6, `U\+0001` at 3:4, `U\+001B` at 3:10, `U\+000C` at 3:25, `U\+FFFF` at 4:6\s+control-character\s+colophon/,
      )
      const html = readFileSync(path.join(dir, 'out/article.html'), 'utf8')
      expect(html).not.toMatch(xmlIllegal)
      expect(html).toContain('Hello world, page one.')
      const epub = await readEpub(readFileSync(path.join(dir, 'out/article.epub')))
      for (const [name, content] of epub) expect(content, name).not.toMatch(xmlIllegal)
      const result = epubcheck(path.join(dir, 'out/article.epub'))
      expect(result.errors + result.fatals, result.output).toBe(0)
    },
  )

  it('case 11: build() reports the same as the CLI', async () => {
    const dir = folder({ 'article.txt': utf16(article, 'be'), 'binary.txt': randomBytes(512) })
    const result = await build({
      inputs: [path.join(dir, 'article.txt'), path.join(dir, 'binary.txt')],
      outDir: path.join(dir, 'out'),
      formats: ['html'],
      defaultDictionary: false,
      cwd: dir,
    })
    const [good, bad] = result.documents
    expect(good?.editions.map((edition) => edition.format)).toEqual(['html', 'report'])
    expect(readFileSync(path.join(dir, 'out/article.html'), 'utf8')).toContain('Caf\u00e9 in Astana')
    expect(bad?.editions).toEqual([])
    expect(bad?.file.messages).toEqual([
      expect.objectContaining({ fatal: true, ruleId: 'binary-input', source: 'colophon' }),
    ])
  })

  it('case 11: a few letters of UTF-16 are named as UTF-16; text that starts like a bzip2 archive is text', () => {
    expect(() => decodeText(Buffer.from('Hi', 'utf16le'))).toThrow(/UTF-16LE text without a byte order mark/)
    expect(() => decodeText(Buffer.from('Hi!', 'utf16le').swap16())).toThrow(/UTF-16BE text without a byte order mark/)
    expect(decodeText(Buffer.from('BZh is how the text starts.\n')).value).toBe('BZh is how the text starts.\n')
    const bzip2 = Buffer.from([0x42, 0x5a, 0x68, 0x39, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59, 0x0e, 0x7c])
    expect(() => decodeText(bzip2)).toThrow(/Looks like a bzip2 archive, not text/)
  })

  it('case 11: decodeText throws NotTextError with the place of the evidence', () => {
    expect(() => decodeText(Buffer.from('ab\n\0'))).toThrow(NotTextError)
    try {
      decodeText(Buffer.from('ab\nc\0'))
    } catch (error) {
      expect(error).toMatchObject({ ruleId: 'binary-input', place: { line: 2, column: 2 } })
    }
  })
})

/** A file with `count` warnings of a few rules, and one error after them. */
function noisyFile(count: number): VFile {
  const file = new VFile({ path: 'big.txt', cwd: '/' })
  const rules = ['al-farabi', 'typographic-quotes', 'typographic-quotes', 'typographic-dashes']
  for (let index = 0; index < count; index++) {
    file.message(`Replaced \`Ali Farabbi\` with \`Al-Farabi\``, {
      place: { line: index + 1, column: 3 },
      ruleId: rules[index % rules.length],
      source: 'colophon-normalize',
    })
  }
  const error = file.message('Invalid front matter', { place: { line: count + 1, column: 1 }, ruleId: 'front-matter' })
  error.fatal = true
  return file
}

describe('case 10: huge message lists are reported in aggregate', () => {
  it('case 10: 210,000 messages: the first 100 (errors first), a count by rule, the true totals, in seconds', () => {
    const file = noisyFile(210_000)
    const started = performance.now()
    const text = reportMessages([file])
    const elapsed = performance.now() - started
    expect(elapsed).toBeLessThan(10_000)
    const lines = text.split('\n')
    expect(lines.filter((line) => /warning +Replaced/.test(line))).toHaveLength(99)
    expect(text).toMatch(/210001:1 +error +Invalid front matter/)
    expect(text).toContain(
      '209,901 of 210,001 messages not shown: 104,950 typographic-quotes (colophon-normalize), 52,476 typographic-dashes (colophon-normalize), 52,475 al-farabi (colophon-normalize)',
    )
    expect(text).toMatch(/messages-not-shown +colophon/)
    expect(lines.at(-1)).toBe('210001 messages (✖ 1 error, ⚠ 210000 warnings)')
    // The file itself is untouched.
    expect(file.messages).toHaveLength(210_001)
  })

  it('case 10: the JSON report is cut the same way, and parses', () => {
    const json = JSON.parse(reportMessages([noisyFile(210_000)], { format: 'json', limit: 50 }))
    expect(json).toHaveLength(1)
    expect(json[0].messages).toHaveLength(51)
    expect(json[0].messages[0]).toMatchObject({ ruleId: 'messages-not-shown', source: 'colophon' })
    expect(json[0].messages[0].reason).toMatch(/^209,951 of 210,001 messages not shown/)
    expect(json[0].messages.filter((message: { fatal: boolean }) => message.fatal)).toHaveLength(1)
  })

  it('case 10: --max-messages 0 shows every message, without overflowing the reporter', () => {
    const file = noisyFile(20_100)
    const text = reportMessages([file], { limit: 0 })
    const lines = text.split('\n')
    expect(lines.filter((line) => /warning +Replaced/.test(line))).toHaveLength(20_100)
    // vfile-reporter is given the list in parts: the name is repeated at each part.
    expect(lines.filter((line) => line === 'big.txt')).toHaveLength(2)
    expect(lines.at(-1)).toBe('20101 messages (✖ 1 error, ⚠ 20100 warnings)')
  })

  it('case 10: limitMessages keeps the order of the text and counts the rest', () => {
    const { kept, omitted } = limitMessages(noisyFile(10).messages, 4)
    expect(kept.map((message) => message.line)).toEqual([1, 2, 3, 11])
    expect(omitted).toEqual({
      count: 7,
      byRule: [
        { ruleId: 'typographic-quotes', source: 'colophon-normalize', count: 3 },
        { ruleId: 'typographic-dashes', source: 'colophon-normalize', count: 2 },
        { ruleId: 'al-farabi', source: 'colophon-normalize', count: 2 },
      ],
    })
    expect(limitMessages(noisyFile(10).messages, 0).omitted).toBeUndefined()
  })

  it('case 10: a document with hundreds of corrections builds; stderr shows 100, report.json keeps all', async () => {
    const paragraphs = Array.from({ length: 300 }, (_, index) => `Paragraph ${index + 1} quotes Ali Farabbi once.`)
    const dir = folder({
      'big.txt': `Many Corrections\n\n${paragraphs.join('\n\n')}\n`,
      'names.yaml':
        'name: names\nentries:\n  - {id: al-farabi, match: Ali Farabbi, replace: Al-Farabi, kind: person}\n',
    })
    const names = ['--no-default-dictionary', '--dictionary', 'names.yaml']
    const built = await cli(['build', 'big.txt', '--formats', 'html', '--out', 'out', ...names], dir)
    expect(built.code, built.stderr).toBe(0)
    // 100 messages (the two notes on the article's shape come first: they have no place or an earlier one), and the count of the rest.
    const rows = built.stderr.split('\n').filter((line) => /^\S*\s+(info|warning|error) /.test(line))
    expect(rows).toHaveLength(101)
    expect(rows.filter((line) => /Ali Farabbi/.test(line))).toHaveLength(98)
    expect(built.stderr).toMatch(
      / 202 of 302 messages not shown: 202 al-farabi \(colophon-normalize\) +messages-not-shown/,
    )
    const report = JSON.parse(readFileSync(path.join(dir, 'out/big.report.json'), 'utf8'))
    // Each message once, with its count and every place.
    const farabi = report.messages.filter((message: { ruleId: string }) => message.ruleId === 'al-farabi')
    expect(farabi).toHaveLength(1)
    expect(farabi[0].count).toBe(300)
    expect(new Set(farabi[0].places).size).toBe(300)
    const [corrections] = report.corrections
    expect(corrections).toMatchObject({ id: 'al-farabi', before: 'Ali Farabbi', after: 'Al-Farabi', count: 300 })

    const all = await cli(['check', 'big.txt', '--max-messages', '0', ...names], dir)
    expect(all.stdout.split('\n').filter((line) => /Ali Farabbi/.test(line))).toHaveLength(300)
    const json = await cli(
      ['build', 'big.txt', '--formats', 'html', '--out', 'out', '--json', '--max-messages', '10'],
      dir,
    )
    const [document] = JSON.parse(json.stdout).documents
    expect(document.messages).toHaveLength(10)
    expect(document.messagesNotShown.count).toBeGreaterThanOrEqual(290)
  })
})

const billionLaughs = [
  'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
  ...'bcdefghi'.split('').map((name, index) => {
    const previous = 'abcdefghi'[index]
    return `${name}: &${name} [${Array.from({ length: 9 }, () => `*${previous}`).join(', ')}]`
  }),
  '',
].join('\n')

/** Run the CLI and check that it printed one clean line, without a stack trace. */
async function refusedWith(args: string[], dir: string, exitCode: number) {
  const result = await cli([...args, ...quick], dir)
  expect(result.code, result.stderr).toBe(exitCode)
  expect(result.stderr).toMatch(/^colophon: [^\n]+\n$/)
  expect(result.stderr).not.toMatch(/internal error|\n\s+at |Error:/)
  return result.stderr
}

describe('case 12: configuration problems are user errors naming the file, exit 2', () => {
  it('case 12: a YAML alias bomb in colophon.config.yaml', async () => {
    const dir = folder({ 'colophon.config.yaml': billionLaughs, 'article.txt': article })
    const started = performance.now()
    const stderr = await refusedWith(['build', 'article.txt', '--formats', 'html'], dir, 2)
    expect(performance.now() - started).toBeLessThan(10_000)
    expect(stderr).toContain(
      `${path.join(dir, 'colophon.config.yaml')}:2: cannot read configuration: its aliases expand too far`,
    )
    expect(existsSync(path.join(dir, 'dist'))).toBe(false)
  })

  it('case 12: an alias bomb in a JSON-named config is refused the same way', async () => {
    const dir = folder({ 'settings.json': billionLaughs, 'article.txt': article })
    const stderr = await refusedWith(['check', 'article.txt', '--config', 'settings.json'], dir, 2)
    expect(stderr).toContain('settings.json:2: cannot read configuration: its aliases expand too far')
  })

  it('case 12: an unknown paper size in the config names the file and line', async () => {
    const dir = folder({ 'colophon.config.yaml': 'formats: [pdf]\npdf:\n  size: A11\n', 'article.txt': article })
    const stderr = await refusedWith(['build', 'article.txt'], dir, 2)
    expect(stderr).toContain(
      `${path.join(dir, 'colophon.config.yaml')}:3: invalid configuration: \`pdf.size\` must be a paper size`,
    )
    const json = folder({ 'colophon.config.json': '{"pdf": {"size": "A11"}}', 'article.txt': article })
    expect(await refusedWith(['build', 'article.txt'], json, 2)).toContain(
      'colophon.config.json:1: invalid configuration: `pdf.size`',
    )
  })

  it('case 12: an unknown paper size given to build() is a UserError', async () => {
    const dir = folder({ 'article.txt': article })
    const result = build({
      inputs: [path.join(dir, 'article.txt')],
      outDir: path.join(dir, 'out'),
      formats: ['pdf'],
      editions: { pdf: { size: 'A11' } },
      defaultDictionary: false,
      cwd: dir,
    })
    await expect(result).rejects.toMatchObject({
      name: 'UserError',
      exitCode: 2,
      message: expect.stringMatching(/size/),
    })
  })

  it.each([
    [
      'a PNG image',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      ': cannot read configuration: looks like a PNG image, not text',
    ],
    [
      'a NUL byte',
      Buffer.from('formats: [html]\nout: d\0ist\n'),
      ':2:7: cannot read configuration: looks like a binary file (NUL byte at line 2, column 7), not text',
    ],
    [
      'Latin-1 text',
      Buffer.from('defaults:\n  publisher: Caf\xe9 Press\n', 'latin1'),
      ':2:17: cannot read configuration: it is not valid text (replaced 1 invalid UTF-8 byte sequence with U+FFFD: `E9` at 2:17',
    ],
    [
      'a control character',
      Buffer.from('defaults:\n  publisher: Caf\x01 Press\n'),
      ':2:17: cannot read configuration: it has control characters (removed 1 control character',
    ],
  ])('case 12: a config file that is not UTF-8 text (%s) is refused with its place', async (_name, bytes, expected) => {
    const dir = folder({ 'colophon.config.yaml': bytes, 'article.txt': article })
    const stderr = await refusedWith(['build', 'article.txt', '--formats', 'html'], dir, 2)
    expect(stderr).toContain(`${path.join(dir, 'colophon.config.yaml')}${expected}`)
  })

  it('case 12: a UTF-16 config with a byte order mark is read', async () => {
    const dir = folder({ 'colophon.config.yaml': utf16('formats: [html]\nout: site\n', 'le'), 'article.txt': article })
    const { code, stdout, stderr } = await cli(['build', 'article.txt', '--print-config'], dir)
    expect(code, stderr).toBe(0)
    expect(JSON.parse(stdout)).toMatchObject({ formats: ['html'], outDir: path.join(dir, 'site') })
  })
})

describe('usage mistakes print one line and exit 2', () => {
  it.each([
    [['build', 'missing.txt'], 'colophon: missing.txt: input file not found'],
    [['build', 'articles'], 'colophon: articles: is a folder, not a'],
    [['check', 'articles'], 'colophon: articles: is a folder, not a file'],
    [['normalize', 'articles'], 'colophon: articles: is a folder, not a file'],
    [['build', 'article.txt', '--formats', 'html,docx'], 'colophon: unknown format "docx" in --formats'],
    [['build', 'article.txt', '--jobs', '0'], 'colophon: --jobs takes a whole number of at least 1, not "0"'],
    [['build', 'article.txt', '--jobs', 'many'], 'colophon: --jobs takes a whole number of at least 1, not "many"'],
    [
      ['check', 'article.txt', '--max-messages', 'lots'],
      'colophon: --max-messages takes a whole number (0 shows all), not "lots"',
    ],
    [['check', 'article.txt', '--format', 'xml'], 'colophon: unknown --format "xml"; use text or json'],
    [['build', 'article.txt', '--config', 'broken.yaml'], 'broken.yaml:2:1: cannot parse configuration: '],
    [
      ['build', 'article.txt', '--config', 'unknown-key.yaml'],
      'unknown-key.yaml:1: invalid configuration: Unrecognized key: "outt"',
    ],
    [['build', 'article.txt', '--config', 'missing.yaml'], 'missing.yaml: configuration file not found'],
    [['build', 'article.txt', '--config', 'articles'], 'articles: is a folder, not a configuration file'],
    [['build', 'article.txt', '--dictionary', 'missing.yaml'], 'missing.yaml: dictionary file not found'],
    [['build', 'article.txt', '--colour'], 'colophon: unknown option --colour; see `colophon build --help`'],
  ])('%j', async (args, expected) => {
    const dir = folder({
      'article.txt': article,
      'articles/one.txt': article,
      'broken.yaml': 'out: [\n',
      'unknown-key.yaml': 'outt: dist\n',
    })
    const stderr = await refusedWith(args, dir, 2)
    expect(stderr).toContain(expected)
  })
})

/** Deterministic pseudo-random bytes (a linear congruential generator). */
function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length)
  let state = 12345
  for (let index = 0; index < length; index++) {
    state = (state * 1103515245 + 12345) >>> 0
    bytes[index] = state >>> 24
  }
  return bytes
}
