import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { configJsonSchema, editionOf, formats } from 'colophon'
import { describe, expect, it } from 'vitest'
import { epubcheck, run } from '../../../scripts/conformance.js'
import { readEpub } from '../../../scripts/inspect.js'
import { have, needs } from '../../../scripts/tools.js'
import { cli as runCli, temporary } from './helpers.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const exampleDir = path.join(root, 'examples/xi-kazakhstan-2022')
const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url))
const cli = (args: string[], cwd = exampleDir) => runCli(args, cwd)

describe('public API', () => {
  it('exports build, the CLI entry and the pipeline', async () => {
    expect(Object.keys(await import('colophon')).sort()).toEqual([
      'UserError',
      'articleTemplate',
      'build',
      'buildDocument',
      'cacheFileName',
      'colophonPreset',
      'configJsonSchema',
      'configNames',
      'configSchema',
      'configTemplate',
      'confinedPath',
      'createContext',
      'createProcessor',
      'defineConfig',
      'documentReport',
      'editionOf',
      'editions',
      'findConfig',
      'formats',
      'init',
      'isPlainText',
      'loadConfig',
      'loadDictionaries',
      'main',
      'messageSummary',
      'normalizeDocument',
      'parseConfig',
      'processDocument',
      'renderEdition',
      'slugify',
      'version',
      'writeAtomic',
    ])
  })
})

describe('usage', () => {
  it('ships the generated config JSON Schema, up to date (npm run schemas)', () => {
    const shipped = readFileSync(path.join(root, 'packages/colophon/config.schema.json'), 'utf8')
    expect(shipped).toBe(`${JSON.stringify(configJsonSchema(), undefined, 2)}\n`)
  })

  it('lists the commands with --help', async () => {
    const { code, stdout } = await cli(['--help'])
    expect(code).toBe(0)
    for (const command of ['colophon build', 'colophon check', 'colophon normalize']) expect(stdout).toContain(command)
  })

  it('prints the version', async () => {
    const { code, stdout } = await cli(['--version'])
    expect(code).toBe(0)
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it.each([
    [[], 'Usage:'],
    [['publish'], 'unknown command "publish"'],
    [['build', '--colour'], 'unknown option --colour; see `colophon build --help`'],
    [['check', 'article.txt', '--out', 'x'], '--out is not an option of `colophon check`'],
    [['build', 'article.txt', '--formats', 'html,docx'], 'unknown format "docx"'],
    [['build', 'article.txt', '--book'], 'a book needs a title: give --title, or book.title in the config'],
    [['build', 'article.txt', '--title', 'T'], '--title names a book; add --book to combine the inputs into one'],
    [['build', 'article.txt', '--jobs', 'many'], '--jobs takes a whole number of at least 1, not "many"'],
    [['init', 'a', 'b'], '`colophon init` takes at most one folder'],
    [['check', 'missing.txt'], 'missing.txt: input file not found'],
    [['normalize', 'a.txt', 'b.txt'], 'takes exactly one input file'],
  ])('exits 2 with one sentence for %j', async (args, message) => {
    const { code, stdout, stderr } = await cli(args)
    expect(code).toBe(2)
    expect(stdout + stderr).toContain(message)
    expect(stderr).not.toMatch(/\n\s+at /)
  })

  it('names the file and line of a bad dictionary', async () => {
    const { code, stderr } = await cli(['check', 'article.txt', '--dictionary', fixture('bad-dictionary.yaml')])
    expect(code).toBe(2)
    expect(stderr).toMatch(
      /bad-dictionary\.yaml:3:\d+: invalid dictionary: `entries\[0\] \(id no-replacement\)\.replace`/,
    )
  })

  it('rejects an edition setting its edition does not know, as a configuration error', async () => {
    const dir = temporary()
    writeFileSync(path.join(dir, 'colophon.config.yaml'), 'out: dist\npdf:\n  size: A11\n')
    const { code, stderr } = await cli(['build', 'x.txt'], dir)
    expect(code).toBe(2)
    expect(stderr).toMatch(
      /colophon\.config\.yaml:3: invalid configuration: `pdf\.size` must be a paper size such as A4/,
    )
    expect(stderr).not.toContain('internal error')
  })

  it('lists every edition of the registry in its help', async () => {
    const { stdout } = await cli(['--help'], temporary())
    for (const format of formats) expect(stdout).toContain(`${format.padEnd(6)} ${editionOf(format).description}`)
  })

  it('names the file, line and field of a bad config', async () => {
    const dir = temporary()
    writeFileSync(path.join(dir, 'colophon.config.yaml'), 'out: dist\nformats: [html, docx]\n')
    const { code, stderr } = await cli(['build', 'x.txt'], dir)
    expect(code).toBe(2)
    expect(stderr).toMatch(/colophon\.config\.yaml:2: invalid configuration: `formats\.1`/)
  })
})

describe('check', () => {
  it('lists every change with rule id and position as JSON, without writing', async () => {
    const { code, stdout } = await cli(['check', 'article.txt', '--format', 'json'])
    expect(code).toBe(0)
    const [report] = JSON.parse(stdout) as Array<{ path: string; messages: Array<Record<string, unknown>> }>
    expect(report?.path).toBe('article.txt')
    const farabi = report?.messages.find((message) => message.ruleId === 'al-farabi')
    expect(farabi).toMatchObject({ line: 15, column: 462, source: 'colophon-normalize', actual: 'Ali Farabbi' })
  })

  it('exits 1 with --frail when there are findings', async () => {
    const { code, stdout } = await cli(['check', 'article.txt', '--frail'])
    expect(code).toBe(1)
    expect(stdout).toContain('`Ali Farabbi` should be `Al-Farabi`')
  })
})

describe('normalize', () => {
  it('prints the normalized document as Markdown', async () => {
    const { code, stdout } = await cli(['normalize', 'article.txt'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^# Xi Jinping published a signed article in Kazakh media\n/)
    expect(stdout).toContain('Al-Farabi')
    expect(stdout).not.toContain('Ali Farabbi')
    expect(stdout).toContain('— In the past 30 years')
  })
})

describe('build', () => {
  it('builds the example into three editions and a report', async () => {
    const out = temporary()
    const { code, stdout } = await cli(['build', '--out', out])
    expect(code).toBe(0)
    for (const name of ['article.html', 'article.pdf', 'article.epub', 'article.report.json']) {
      expect(existsSync(path.join(out, name)), name).toBe(true)
    }
    // The summary table: input, edition, size, time, warnings.
    expect(stdout).toMatch(/^input\s+edition\s+size\s+time\s+warnings\n/)
    expect(stdout).toMatch(/article\.txt\s+.*article\.html\s+\d+(\.\d)? kB\s+\d+ ms\s+\d+\n/)
    const report = JSON.parse(readFileSync(path.join(out, 'article.report.json'), 'utf8'))
    expect(report.metadata).toMatchObject({
      language: 'en',
      originalLanguage: 'zh',
      datePublished: '2022-09-14T10:45+08:00',
      source: { name: 'Kazakhstanskaya Pravda', date: '2022-09-13' },
    })
    // The shape remark-article found, with what it did not (a news article: nothing missing here).
    expect(report.structure).toMatchObject({ news: true, missing: [] })
    expect(readFileSync(path.join(out, 'article.html'), 'utf8')).toContain(
      '<ins><span class="name">Al-Farabi</span></ins>',
    )
  })

  it('builds only the formats asked for', async () => {
    const out = temporary()
    const { code } = await cli(['build', 'article.txt', '--out', out, '--formats', 'html'])
    expect(code).toBe(0)
    expect(existsSync(path.join(out, 'article.html'))).toBe(true)
    expect(existsSync(path.join(out, 'article.pdf'))).toBe(false)
  })

  it('builds the same bytes twice', async () => {
    const one = temporary()
    const two = temporary()
    await cli(['build', '--out', one])
    await cli(['build', '--out', two])
    for (const name of ['article.html', 'article.pdf', 'article.epub']) {
      expect(readFileSync(path.join(one, name)).equals(readFileSync(path.join(two, name))), name).toBe(true)
    }
  })

  it.skipIf(!have('epubcheck', 'qpdf', 'pdftotext'))(
    `produces an EPUB that passes epubcheck and a PDF that passes qpdf with the corrected text${needs('epubcheck', 'qpdf', 'pdftotext')}`,
    async () => {
      const out = temporary()
      await cli(['build', '--out', out])
      const result = epubcheck(path.join(out, 'article.epub'))
      expect(result.messages, result.output).toEqual([])
      expect([result.fatals, result.errors, result.warnings]).toEqual([0, 0, 0])
      expect(run('qpdf', ['--check', path.join(out, 'article.pdf')])).toContain('No syntax or stream encoding errors')
      const text = run('pdftotext', [path.join(out, 'article.pdf'), '-']).replace(/\s+/g, ' ')
      const body = text.slice(0, text.indexOf('Editorial notes'))
      expect(body).toContain('Al-Farabi')
      expect(body).not.toContain('Ali Farabbi')
    },
  )
})

describe('the installed command', () => {
  it('runs from dist with a shebang and exit codes', () => {
    const bin = path.join(root, 'packages/colophon/dist/bin.js')
    expect(existsSync(bin), 'packages are not built: run `npm run build` (npm test does)').toBe(true)
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true)
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' })
    expect(help.status).toBe(0)
    const missing = spawnSync(process.execPath, [bin, 'build', 'nope.txt'], { encoding: 'utf8', cwd: tmpdir() })
    expect(missing.status).toBe(2)
    expect(missing.stderr).toBe('colophon: nope.txt: input file not found\n')
  })
})

describe('dictionaries on the command line', () => {
  it('--no-default-dictionary leaves names alone', async () => {
    const { code, stdout } = await cli(['normalize', 'article.txt', '--no-default-dictionary'])
    expect(code).toBe(0)
    expect(stdout).toContain('Ali Farabbi')
    expect(stdout).toContain('AsiaInfo')
  })

  it('--dictionary adds entries', async () => {
    const { code, stdout } = await cli([
      'normalize',
      'article.txt',
      '--no-default-dictionary',
      '--dictionary',
      fixture('extra-dictionary.yaml'),
    ])
    expect(code).toBe(0)
    expect(stdout).toContain('Al-Farabi')
  })
})

describe('images', () => {
  const png = readFileSync(path.join(root, 'packages/article-hast/test/fixtures/images/steppe.png'))
  function project(config: string) {
    const dir = temporary()
    writeFileSync(path.join(dir, 'colophon.config.yaml'), config)
    writeFileSync(path.join(dir, 'steppe.png'), png)
    writeFileSync(
      path.join(dir, 'story.md'),
      '---\nlang: en\n---\n\n# A story with a picture\n\n![The steppe in summer](steppe.png)\n\n![Remote](https://example.org/x.png)\n',
    )
    return dir
  }

  it('inlines local images in the HTML edition and refuses remote ones by name', async () => {
    const dir = project('formats: [html]\n')
    const { code, stderr } = await cli(['build', 'story.md'], dir)
    expect(code).toBe(0)
    const html = readFileSync(path.join(dir, 'dist/story.html'), 'utf8')
    expect(html).toContain('<img src="data:image/png;base64,')
    expect(html).toContain('alt="The steppe in summer"')
    expect(html).not.toContain('https://example.org/x.png"')
    expect(stderr).toContain('Remote image `https://example.org/x.png` is not fetched')
  })

  it('copies them next to the HTML when the config says so', async () => {
    const dir = project('formats: [html]\nhtml:\n  images: copy\n')
    const { code } = await cli(['build', 'story.md'], dir)
    expect(code).toBe(0)
    const html = readFileSync(path.join(dir, 'dist/story.html'), 'utf8')
    const src = /<img src="(story-assets\/[0-9a-f]{16}\.png)"/.exec(html)?.[1]
    expect(src).toBeDefined()
    expect(readFileSync(path.join(dir, 'dist', src as string)).equals(png)).toBe(true)
  })
})

describe('books', () => {
  it('combines the inputs, in order, into one publication per format', async () => {
    const out = temporary()
    const inputs = [
      'article.txt',
      path.join(root, 'packages/colophon/test/fixtures/articles/wind-farms.txt'),
      path.join(root, 'packages/colophon/test/fixtures/articles/abai-book.md'),
    ]
    const { code, stdout, stderr } = await cli([
      'build',
      ...inputs,
      '--book',
      '--title',
      'Steppe & Silk Road',
      '--out',
      out,
      '--formats',
      'html,epub',
    ])
    expect(code, stderr).toBe(0)
    expect(stdout).toContain('steppe-silk-road.html')
    expect(stdout).toContain('steppe-silk-road.epub')
    const html = readFileSync(path.join(out, 'steppe-silk-road.html'), 'utf8')
    const order = ['Build on the Past', 'Steppe wind farms double', 'Абай Құнанбайұлы'].map((text) =>
      html.indexOf(text),
    )
    expect(order.every((at, index) => at > 0 && (index === 0 || at > (order[index - 1] as number)))).toBe(true)
    expect(html.match(/<h1[ >]/g)).toHaveLength(1)
    const report = JSON.parse(readFileSync(path.join(out, 'steppe-silk-road.report.json'), 'utf8'))
    expect(report.metadata.title).toBe('Steppe & Silk Road')
    expect(report.articles).toHaveLength(3)
    if (have('epubcheck')) {
      const result = epubcheck(path.join(out, 'steppe-silk-road.epub'))
      expect(result.messages, result.output).toEqual([])
    }
  })

  it('takes the book from the config, with a generated cover', async () => {
    const dir = temporary()
    writeFileSync(path.join(dir, 'one.txt'), 'First story\n2024-01-01\n\nText of the first story.\n')
    writeFileSync(path.join(dir, 'two.txt'), 'Second story\n2024-02-01\n\nText of the second story.\n')
    writeFileSync(
      path.join(dir, 'colophon.config.yaml'),
      'sources: [one.txt, two.txt]\nformats: [epub]\nbook:\n  title: Two stories\n  name: stories\n  cover: generate\n  metadata:\n    publisher: { name: Colophon Press }\n',
    )
    const { code } = await cli(['build'], dir)
    expect(code).toBe(0)
    const files = await readEpub(readFileSync(path.join(dir, 'dist/stories.epub')))
    expect(files.get('OEBPS/content.opf')).toContain('<dc:publisher>Colophon Press</dc:publisher>')
    expect([...files.keys()]).toContain('OEBPS/images/cover.svg')
  })
})
