import { createRequire } from 'node:module'
import { renderPdf } from '@colophon/render-pdf'
import * as fontkit from 'fontkit'
import { describe, expect, it } from 'vitest'
import { run } from '../../../scripts/conformance.js'
import { pdfFonts, readPdf } from '../../../scripts/inspect.js'
import { have, needs } from '../../../scripts/tools.js'
import { Face, FontStack, markGlyphs } from '../src/lib/fonts.js'
import { article, date, examplePdf, fileWithMetadata, h, kazakh, streams, writeOutput } from './helpers.js'

const require = createRequire(import.meta.url)

describe('fonts', () => {
  it('embeds subsets of Noto Serif and Noto Sans Mono, and no standard font', async () => {
    const fonts = pdfFonts(await examplePdf())
    expect(fonts.length).toBeGreaterThanOrEqual(3)
    for (const font of fonts) {
      expect(font.embedded, font.name).toBe(true)
      expect(font.subset, font.name).toBe(true)
      expect(font.name).toMatch(/^[A-Z]{6}\+Noto(Serif|SansMono)-/)
    }
    expect(fonts.map((font) => font.name.slice(7)).sort()).toEqual(
      expect.arrayContaining(['NotoSerif-Bold', 'NotoSerif-Italic', 'NotoSerif-Regular']),
    )
  })

  it('sets characters the text face lacks in the next face of the stack, a fallback before the code face', async () => {
    const tree = article('en', h('p', {}, 'An arrow → between words, and ', h('code', {}, 'code')))
    const plain = await renderPdf(tree, await fileWithMetadata('Arrows'), { date })
    // Noto Serif has no arrows: the monospace face, last of the stack, sets it.
    expect((await readPdf(plain)).text).toContain('An arrow → between words')
    const file = await fileWithMetadata('Arrows')
    const bold = require.resolve('@expo-google-fonts/noto-sans-mono/700Bold/NotoSansMono_700Bold.ttf')
    const withFallback = await renderPdf(tree, file, { date, fonts: { fallback: [bold] } })
    expect(pdfFonts(withFallback).map((font) => font.name.slice(7))).toContain('NotoSansMono-Bold')
    expect((await readPdf(withFallback)).text).toContain('An arrow → between words')
    expect(file.messages.filter((message) => message.ruleId === 'missing-glyph')).toEqual([])
  })

  it('reports characters no font has, by code point and place, and sets U+FFFD standing for them', async () => {
    const file = await fileWithMetadata('Chinese')
    const tree = article(
      'en',
      h(
        'p',
        {},
        {
          type: 'text',
          value: 'The name 习近平 in Chinese.',
          position: { start: { line: 3, column: 1, offset: 10 }, end: { line: 3, column: 27, offset: 36 } },
        },
      ),
    )
    const bytes = await renderPdf(tree, file, { date })
    const [message] = file.messages.filter((item) => item.ruleId === 'missing-glyph')
    expect(message?.source).toBe('colophon-pdf')
    expect(message?.fatal).toBe(false)
    expect(message?.reason).toContain('U+4E60 (习), U+8FD1 (近), U+5E73 (平)')
    expect(message?.line).toBe(3)
    expect(message?.column).toBe(1)
    expect(message?.actual).toBe('习近平')
    // ActualText holds the characters (UTF-16BE): what text extraction that reads it gives back.
    expect(streams(bytes).join('\n')).toContain('/Span <</ActualText <FEFF4E608FD15E73>>> BDC')
    expect((await readPdf(bytes)).text).toContain('The name \uFFFD\uFFFD\uFFFD in Chinese.')
  })

  it('names a character no font has once, with the number of places that have it', async () => {
    const file = await fileWithMetadata('Checks')
    const paragraphs = Array.from({ length: 12 }, (_, index) =>
      h(
        'p',
        {},
        {
          type: 'text',
          value: `Step ${index + 1} \u2713 done.`,
          position: {
            start: { line: index + 3, column: 1, offset: index * 20 },
            end: { line: index + 3, column: 15, offset: index * 20 + 14 },
          },
        },
      ),
    )
    await renderPdf(article('en', ...paragraphs), file, { date })
    const missing = file.messages.filter((item) => item.ruleId === 'missing-glyph')
    expect(missing).toHaveLength(1)
    expect(missing[0]?.line).toBe(3)
    expect(missing[0]?.reason).toMatch(/U\+2713 \(✓\).* \(12 places\)$/)
  })

  it.skipIf(!have('pdffonts'))(`embeds every font, for pdffonts${needs('pdffonts')}`, async () => {
    for (const [name, bytes] of [
      ['example.pdf', await examplePdf()],
      [
        'kazakh.pdf',
        await (async () => {
          const { hast, file } = await kazakh()
          return renderPdf(hast, file, { date })
        })(),
      ],
    ] as const) {
      const path = writeOutput(name, bytes)
      const rows = run('pdffonts', [path]).trim().split('\n').slice(2)
      expect(rows.length, name).toBeGreaterThanOrEqual(2)
      for (const row of rows) {
        // name, type (two words), encoding, then emb sub uni.
        expect(row, name).toMatch(/^[A-Z]{6}\+Noto\S+\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes\s/)
      }
    }
  })
})

describe('a Kazakh article', () => {
  async function kazakhPdf() {
    const { hast, file } = await kazakh()
    const bytes = await renderPdf(hast, file, { date })
    return { file, path: writeOutput('kazakh.pdf', bytes) }
  }

  it('sets every letter without a missing glyph', async () => {
    const { file } = await kazakhPdf()
    expect(file.messages.filter((message) => message.ruleId === 'missing-glyph')).toEqual([])
  })

  it.skipIf(!have('pdftotext'))(`gives its text back to pdftotext${needs('pdftotext')}`, async () => {
    const { path } = await kazakhPdf()
    const text = run('pdftotext', ['-enc', 'UTF-8', path, '-'])
      .replace(/\u00AD\n/g, '')
      .replace(/\s+/g, ' ')
    expect(text).toContain('Қасым-Жомарт Тоқаев')
    expect(text).toContain('Құнанбайұлы')
    expect(text).toContain('Ә ә, Ғ ғ, Қ қ, Ң ң, Ө ө, Ұ ұ, Ү ү, Һ һ, І і')
    expect(text).toContain('4 500 ₸')
    expect(text).toContain('«Абай — ұлттың рухани ұстазы»')
  })

  it.skipIf(!have('pdfinfo', 'qpdf'))(
    `is tagged, titled, attributed and valid${needs('pdfinfo', 'qpdf')}`,
    async () => {
      const { path } = await kazakhPdf()
      const info = run('pdfinfo', [path])
      expect(info).toMatch(/^Tagged:\s+yes$/m)
      expect(info).toMatch(/^Title:\s+Абай мұрасы және бүгінгі Қазақстан$/m)
      expect(info).toMatch(/^Author:\s+Әлия Сәрсенова$/m)
      expect(run('qpdf', ['--check', path])).toContain('No syntax or stream encoding errors found')
      expect(Buffer.from(await import('node:fs').then((fs) => fs.readFileSync(path))).toString('latin1')).toContain(
        '/Lang (kk)',
      )
    },
  )
})

describe('shaping', () => {
  it('shapes each chunk of text once in a face: the run measured for layout is the one drawn', async () => {
    // Every face's fontkit font is of one class: count the calls of its own `layout`, by font.
    const sample = fontkit.openSync(
      require.resolve('@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf'),
    )
    const prototype = Object.getPrototypeOf(sample) as { layout: (text: string, ...rest: unknown[]) => unknown }
    const original = prototype.layout
    const calls = new Map<unknown, Map<string, number>>()
    prototype.layout = function (this: unknown, text: string, ...rest: unknown[]) {
      const counts = calls.get(this) ?? new Map<string, number>()
      calls.set(this, counts.set(text, (counts.get(text) ?? 0) + 1))
      return original.call(this, text, ...rest)
    }
    let pdf: Uint8Array
    try {
      const words = 'the steppe wind and the silk road meet at the museum of the steppe'
      const tree = article('en', h('p', {}, `${words}. `.repeat(12)), h('p', {}, h('em', {}, words)))
      pdf = await renderPdf(tree, await fileWithMetadata('Shaping'), { date })
    } finally {
      prototype.layout = original
    }
    expect((await readPdf(pdf)).text).toContain('the steppe wind and the silk road')
    // The regular and the italic face each shaped "steppe", measured and drawn from one run.
    const steppe = [...calls.values()].map((counts) => counts.get('steppe')).filter((count) => count !== undefined)
    expect(steppe).toEqual([1, 1])
    for (const counts of calls.values()) expect(Math.max(...counts.values())).toBe(1)
  })
})

describe('mark positioning of the bundled faces', () => {
  const files = [
    '@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf',
    '@expo-google-fonts/noto-serif/400Regular_Italic/NotoSerif_400Regular_Italic.ttf',
    '@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf',
    '@expo-google-fonts/noto-serif/700Bold_Italic/NotoSerif_700Bold_Italic.ttf',
    '@expo-google-fonts/noto-sans-mono/400Regular/NotoSansMono_400Regular.ttf',
  ]
  type Coverage =
    | { version: 1; glyphs: ArrayLike<number> }
    | { version: 2; rangeRecords: ArrayLike<{ start: number; end: number }> }
  type Subtable = { markCoverage?: Coverage; mark1Coverage?: Coverage; lookupType?: number; extension?: Subtable }
  type Gpos = {
    featureList: Array<{ tag: string; feature: { lookupListIndexes: number[] } }>
    lookupList: { get(index: number): { lookupType: number; subTables: Subtable[] } }
  }
  const glyphsOf = (coverage: Coverage): number[] => {
    if (coverage.version === 1) return Array.from(coverage.glyphs)
    const glyphs: number[] = []
    for (const { start, end } of Array.from(coverage.rangeRecords))
      for (let id = start; id <= end; id++) glyphs.push(id)
    return glyphs
  }

  it('moves only glyphs the font classes as marks, so runs without one are shaped without it', () => {
    for (const file of files) {
      const font = fontkit.openSync(require.resolve(file)) as fontkit.Font & { GPOS: Gpos }
      const marks = markGlyphs(font)
      expect(marks.size, file).toBeGreaterThan(50)
      const lookups = font.GPOS.featureList
        .filter(({ tag }) => tag === 'mark' || tag === 'mkmk')
        .flatMap(({ feature }) => feature.lookupListIndexes)
      expect(lookups.length, file).toBeGreaterThan(0)
      for (const index of lookups) {
        const lookup = font.GPOS.lookupList.get(index)
        for (const table of lookup.subTables) {
          // An extension subtable (type 9) holds the real one.
          const type = lookup.lookupType === 9 ? table.lookupType : lookup.lookupType
          const subtable = lookup.lookupType === 9 ? (table.extension as Subtable) : table
          // Mark-to-base, mark-to-ligature, mark-to-mark: each moves the glyphs of its first coverage.
          expect([4, 5, 6], file).toContain(type)
          const moved = glyphsOf((type === 6 ? subtable.mark1Coverage : subtable.markCoverage) as Coverage)
          expect(
            moved.filter((glyph) => !marks.has(glyph)),
            `${file}, lookup ${index}`,
          ).toEqual([])
        }
      }
    }
  })

  it('shapes every run as fontkit does with all its features, glyph for glyph and position for position', () => {
    const texts = [
      'The steppe, “Abai” — 1,250 km; office affine fjord Tokayev.',
      'Қазақстан Республикасы: әліпби, ұлттық, өнер, үміт, һ, і, ғ.',
      'Tiếng Việt: Người, được, những, ở, ừ, ẫ, ặ, ỹ.',
      'ἀγαθός ἐστιν ὁ θεός· Ἀθῆναι, ᾠδή, ῥήτωρ.',
      // Combining marks: these runs are shaped again with mark positioning.
      'e\u0301 a\u0300 o\u0308\u0304 n\u0303 x\u0323\u0302 i\u0307\u0301 Z\u030C ą̄ ę̃',
      'ǖ ǘ ǚ ǜ ṩ ḯ Ā ē ī ō ū ḍ ṭ ṣ ḥ ẓ',
    ]
    const positions = (run: fontkit.GlyphRun) => ({
      glyphs: run.glyphs.map((glyph) => glyph.id),
      positions: run.positions.map(({ xAdvance, yAdvance, xOffset, yOffset }) => [
        xAdvance,
        yAdvance,
        xOffset,
        yOffset,
      ]),
      advance: run.advanceWidth,
    })
    // Whole texts, whose script changes from one to the next, then their words one by one, as a document
    // shapes them: many words in a row of one script (the processors' script choice is remembered).
    const runs = [...texts, ...texts.flatMap((text) => text.split(' ')), ...texts]
    for (const file of files) {
      const face = new Face(file, fontkit.openSync(require.resolve(file)) as fontkit.Font, true)
      const reference = fontkit.openSync(require.resolve(file)) as fontkit.Font
      for (const text of runs) {
        expect(positions(face.font.layout(text)), `${file}: ${text}`).toEqual(positions(reference.layout(text)))
      }
    }
  })

  it('chooses the script once for words in a row of one script, and again when it changes', () => {
    type Processor = { selectScript: (...args: unknown[]) => unknown }
    const processorOf = (font: fontkit.Font) =>
      (font as unknown as { _layoutEngine: { engine: { GSUBProcessor: Processor } } })._layoutEngine.engine
        .GSUBProcessor
    const file = files[0] as string
    const reference = fontkit.openSync(require.resolve(file)) as fontkit.Font
    const prototype = Object.getPrototypeOf(processorOf(reference)) as Processor
    const original = prototype.selectScript
    let calls = 0
    prototype.selectScript = function (this: unknown, ...args: unknown[]) {
      calls++
      return original.apply(this, args)
    }
    const words = ['steppe', 'office', 'Abai', 'Қазақстан', 'әліпби', 'Tokayev', 'fjord']
    try {
      const face = new Face(file, fontkit.openSync(require.resolve(file)) as fontkit.Font, true)
      calls = 0
      for (const word of words) reference.layout(word)
      const plain = calls
      calls = 0
      for (const word of words) face.font.layout(word)
      // Latin, Cyrillic, Latin again: three choices, against one per word.
      expect([plain, calls]).toEqual([words.length, 3])
    } finally {
      prototype.selectScript = original
    }
  })

  it('leaves mark positioning out of a run without a mark, and shapes a run with one again with it', () => {
    const sample = fontkit.openSync(require.resolve(files[0] as string))
    const prototype = Object.getPrototypeOf(sample) as { layout: (text: string, ...rest: unknown[]) => unknown }
    const original = prototype.layout
    const calls: Array<[string, unknown]> = []
    prototype.layout = function (this: unknown, text: string, ...rest: unknown[]) {
      calls.push([text, rest[0] === undefined ? undefined : { ...(rest[0] as object) }])
      return original.call(this, text, ...rest)
    }
    try {
      const face = new FontStack().body.regular
      face.font.layout('steppe')
      face.font.layout('e\u0301')
    } finally {
      prototype.layout = original
    }
    expect(
      calls.map(([text, features]) => [text, features && { mark: (features as Record<string, unknown>).mark }]),
    ).toEqual([
      ['steppe', { mark: false }],
      ['e\u0301', { mark: false }],
      ['e\u0301', undefined],
    ])
  })
})
