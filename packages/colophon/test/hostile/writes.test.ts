/**
 * Hostile conditions for the files a build writes: inputs that share an
 * output name, outputs that would replace an input, builds killed between
 * write and rename, builds racing into one folder, a failing input among
 * good ones, a full disk and a read-only folder, and book names that are not
 * file names.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, editionOf, slugify, UserError } from 'colophon'
import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cli, temporary } from '../helpers.js'

/** Faults injected into the file system calls of the build (the disk cannot be filled in a test). */
const faults = vi.hoisted(() => ({
  /** Fail `open` of a temporary file whose name contains `match`, with `code`. */
  open: [] as Array<{ match: string; code: string }>,
  /** Fail the write of a temporary file whose name contains `match`, with `code`. */
  write: [] as Array<{ match: string; code: string }>,
  /** Calls in order, when `trace` is on: `sync <file>`, `rename <from> <to>`. */
  calls: [] as string[],
  trace: false,
}))

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>()
  const failure = (code: string, file: string) =>
    Object.assign(new Error(`${code}: simulated, '${file}'`), { code, path: file, syscall: 'open' })
  const open: typeof actual.open = async (file, flags, mode) => {
    const name = String(file)
    const fault = faults.open.find((item) => name.endsWith('.tmp') && name.includes(item.match))
    if (fault) throw failure(fault.code, name)
    const handle = await actual.open(file, flags, mode)
    const writeFault = faults.write.find((item) => name.endsWith('.tmp') && name.includes(item.match))
    if (writeFault) {
      handle.writeFile = async () => {
        throw failure(writeFault.code, name)
      }
    }
    if (faults.trace) {
      const sync = handle.sync.bind(handle)
      handle.sync = async () => {
        faults.calls.push(`sync ${name}`)
        return sync()
      }
    }
    return handle
  }
  // Writes that do not go through `open` meet the same faults.
  const writeFile: typeof actual.writeFile = async (file, data, options) => {
    const name = String(file)
    const fault = [...faults.open, ...faults.write].find((item) => name.endsWith('.tmp') && name.includes(item.match))
    if (fault) throw failure(fault.code, name)
    return actual.writeFile(file, data, options)
  }
  const rename: typeof actual.rename = async (from, to) => {
    if (faults.trace) faults.calls.push(`rename ${String(from)} ${String(to)}`)
    return actual.rename(from, to)
  }
  return { ...actual, default: { ...actual, open, rename, writeFile }, open, rename, writeFile }
})

afterEach(() => {
  faults.open.length = 0
  faults.write.length = 0
  faults.calls.length = 0
  faults.trace = false
  vi.restoreAllMocks()
})

/** Write files into a folder (making subfolders). */
function files(dir: string, entries: Record<string, string>): string {
  for (const [name, text] of Object.entries(entries)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    writeFileSync(path.join(dir, name), text)
  }
  return dir
}

const story = (title: string, text = 'Ali Farabbi wrote in Zanatas.') => `${title}\n2024-01-01\n\n${text}\n`

/** Files of a folder, without the cache and its lock. */
const listing = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => !name.startsWith('.colophon-cache'))
        .sort()
    : []

/** The cache manifest's entries. */
const cacheOf = (dir: string) =>
  Object.keys(
    (JSON.parse(readFileSync(path.join(dir, '.colophon-cache.json'), 'utf8')) as { entries: object }).entries,
  ).sort()

describe('case 5: two inputs with the same output name', () => {
  it('case 5: two inputs with the same base name are refused before anything is written', async () => {
    const dir = files(temporary(), {
      'a/article.txt': story('First story'),
      'b/article.txt': story('Second story'),
    })
    const { code, stderr } = await cli(['build', 'a/article.txt', 'b/article.txt', '--formats', 'html'], dir)
    expect(code).toBe(2)
    expect(stderr).toContain('a/article.txt and b/article.txt would both be written to dist/article.*')
    expect(stderr).not.toMatch(/internal error|\n\s+at /)
    expect(existsSync(path.join(dir, 'dist'))).toBe(false)
  })

  it('case 5: names that differ only in case or extension collide too, also through build()', async () => {
    const dir = files(temporary(), { 'Article.txt': story('First story'), 'notes/article.md': '# Second\n\nText.\n' })
    const { code, stderr } = await cli(['build', 'Article.txt', 'notes/article.md', '--formats', 'html'], dir)
    expect(code).toBe(2)
    expect(stderr).toContain('Article.txt and notes/article.md would both be written to dist/article.*')
    await expect(
      build({ inputs: ['Article.txt', 'Article.txt'], outDir: 'out', formats: ['html'], cwd: dir }),
    ).rejects.toThrow(new UserError('Article.txt is given twice as an input'))
    expect(listing(dir)).toEqual(['Article.txt', 'notes'])
  })
})

describe('case 5: the same file given twice', () => {
  it('is refused by another path or a link, and in a book too', async () => {
    const { symlinkSync } = await import('node:fs')
    const dir = files(temporary(), { 'one.md': '# One\n\nText.\n', 'two.md': '# Two\n\nText.\n' })
    symlinkSync('one.md', path.join(dir, 'link.md'))
    const linked = await cli(['build', 'one.md', 'link.md', '--formats', 'html'], dir)
    expect(linked.code).toBe(2)
    expect(linked.stderr).toContain('link.md (the same file as one.md) is given twice as an input')
    const book = await cli(
      ['build', 'one.md', 'two.md', './one.md', '--book', '--title', 'T', '--formats', 'html'],
      dir,
    )
    expect(book.code).toBe(2)
    expect(book.stderr).toContain('one.md is given twice as an input')
    expect(book.stderr).not.toMatch(/internal error|\n\s+at /)
    expect(listing(dir)).toEqual(['link.md', 'one.md', 'two.md'])
  })
})

describe('case 6: outputs never replace an input', () => {
  it('case 6: building page.html into its own folder refuses and leaves the source alone', async () => {
    const source = '<!-- A Markdown page named .html -->\n# Page\n\nText of the page.\n'
    const dir = files(temporary(), { 'page.html': source })
    const { code, stderr } = await cli(['build', 'page.html', '--out', '.', '--formats', 'html'], dir)
    expect(code).toBe(2)
    expect(stderr).toBe(
      'colophon: page.html is an input; writing the html edition of page.html there would overwrite it: choose another --out folder\n',
    )
    expect(readFileSync(path.join(dir, 'page.html'), 'utf8')).toBe(source)
    expect(listing(dir)).toEqual(['page.html'])
  })

  it('case 6: nor a dictionary, nor the configuration file, nor another input', async () => {
    const dir = files(temporary(), {
      'notes.md': '# Notes\n\nText.\n',
      'notes.report.json': '{"name": "extra", "entries": []}\n',
      'story.txt': story('A story'),
      'settings.report.json': '{"formats": ["html"]}\n',
      'settings.md': '# Settings\n\nText.\n',
    })
    const dictionary = await cli(['build', 'notes.md', '--out', '.', '--dictionary', 'notes.report.json'], dir)
    expect(dictionary.code).toBe(2)
    expect(dictionary.stderr).toContain('notes.report.json is a dictionary; writing the report of notes.md there')
    const config = await cli(['build', 'settings.md', '--out', '.', '--config', 'settings.report.json'], dir)
    expect(config.code).toBe(2)
    expect(config.stderr).toContain('settings.report.json is a file of the configuration; writing the report')
    // An input whose name is another input's edition.
    const input = await cli(['build', 'story.txt', 'notes.md', 'notes.report.json', '--out', '.'], dir)
    expect(input.code).toBe(2)
    expect(input.stderr).toContain('notes.report.json is an input; writing the report of notes.md there')
    expect(readFileSync(path.join(dir, 'notes.report.json'), 'utf8')).toContain('"entries"')
    expect(readFileSync(path.join(dir, 'settings.report.json'), 'utf8')).toContain('"formats"')
    expect(listing(dir)).toEqual(['notes.md', 'notes.report.json', 'settings.md', 'settings.report.json', 'story.txt'])
  })
})

/** Start a process that writes `target` with `writeAtomic` and stops before the rename. */
async function interruptedWrite(target: string): Promise<ChildProcess> {
  const require = createRequire(import.meta.url)
  const script = path.join(temporary(), 'write.mjs')
  writeFileSync(
    script,
    `import { createRequire, syncBuiltinESMExports } from 'node:module'
const require = createRequire(import.meta.url)
const fsp = require('node:fs/promises')
fsp.rename = () => {
  process.stdout.write('renaming\\n')
  // Stay alive, as a build does while it writes, until killed.
  setInterval(() => undefined, 1000)
  return new Promise(() => {})
}
syncBuiltinESMExports()
const { createJiti } = require(${JSON.stringify(require.resolve('jiti'))})
const { writeAtomic } = await createJiti(import.meta.url).import(${JSON.stringify(fileURLToPath(new URL('../../src/lib/write.ts', import.meta.url)))})
await writeAtomic(${JSON.stringify(target)}, 'half of an edition')
`,
  )
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('renaming')) resolve()
    })
    child.on('exit', (code) => reject(new Error(`the writer exited (${code}) before the rename`)))
  })
  return child
}

describe('case 7: interrupted writes', () => {
  it('case 7: temporary files of a killed build are removed by the next build; a running writer keeps its own', async () => {
    const dir = files(temporary(), { 'one.txt': story('First story') })
    const out = path.join(dir, 'dist')
    mkdirSync(out)
    const killed = await interruptedWrite(path.join(out, 'one.html'))
    killed.kill('SIGKILL')
    await new Promise((resolve) => killed.once('close', resolve))
    const running = await interruptedWrite(path.join(out, 'one.pdf'))
    try {
      const left = readdirSync(out)
      expect(left.filter((name) => name.startsWith('.one.html.') && name.endsWith('.tmp'))).toHaveLength(1)
      // Left by an earlier version that did not name its process: stale after a while.
      writeFileSync(path.join(out, '.one.epub.0123456789ab.tmp'), 'old')
      utimesSync(path.join(out, '.one.epub.0123456789ab.tmp'), new Date(0), new Date(0))
      writeFileSync(path.join(out, '.one.epub.ba9876543210.tmp'), 'recent')
      // Not ours: left alone.
      writeFileSync(path.join(out, '.notes.txt.swp'), 'an editor')

      const { code } = await cli(['build', 'one.txt', '--formats', 'html'], dir)
      expect(code).toBe(0)
      const after = readdirSync(out).sort()
      expect(after.filter((name) => name.startsWith('.one.html.'))).toEqual([])
      expect(after).not.toContain('.one.epub.0123456789ab.tmp')
      expect(after).toContain('.one.epub.ba9876543210.tmp')
      expect(after).toContain('.notes.txt.swp')
      expect(after.filter((name) => name.startsWith('.one.pdf.') && name.endsWith('.tmp'))).toHaveLength(1)
      expect(readFileSync(path.join(out, 'one.html'), 'utf8')).toContain('Al-Farabi')
    } finally {
      running.kill('SIGKILL')
    }
  })

  it('case 7: an edition is flushed to the disk before it is renamed into place, and its folder after', async () => {
    const dir = files(temporary(), { 'one.txt': story('First story') })
    faults.trace = true
    expect((await cli(['build', 'one.txt', '--formats', 'html'], dir)).code).toBe(0)
    const target = path.join(dir, 'dist/one.html')
    const rename = faults.calls.findIndex((call) => call.startsWith('rename ') && call.endsWith(` ${target}`))
    expect(rename).toBeGreaterThan(0)
    const temporaryFile = faults.calls[rename]?.split(' ')[1] as string
    expect(path.basename(temporaryFile)).toMatch(/^\.one\.html\.[0-9a-f]{6}-\d+\.[0-9a-f]{12}\.tmp$/)
    expect(faults.calls.slice(0, rename)).toContain(`sync ${temporaryFile}`)
    expect(faults.calls.slice(rename)).toContain(`sync ${path.join(dir, 'dist')}`)
  })
})

describe('case 8: concurrent builds and a failing input', () => {
  it('case 8: two builds into one folder at once keep both cache entries', async () => {
    const dir = files(temporary(), {
      'one.txt': story('First story'),
      'two.txt': story('Second story'),
      'three.txt': story('Third story'),
    })
    const results = await Promise.all(
      ['one.txt', 'two.txt', 'three.txt'].map((input) => cli(['build', input, '--formats', 'html'], dir)),
    )
    expect(results.map((result) => result.code)).toEqual([0, 0, 0])
    expect(cacheOf(path.join(dir, 'dist'))).toEqual(['one.html', 'three.html', 'two.html'])
    expect(listing(path.join(dir, 'dist')).filter((name) => name.endsWith('.tmp'))).toEqual([])
    // Each is up to date for the next build.
    const again = await cli(['build', 'one.txt', 'two.txt', 'three.txt', '--formats', 'html', '--jobs', '1'], dir)
    expect(again.stdout.match(/cached/g)).toHaveLength(3)
  })

  it('case 8: one failing input among ten is named, the nine others build, and --jobs changes nothing', async () => {
    const names = Array.from({ length: 10 }, (_, index) => `story-${index + 1}.txt`)
    const dir = files(temporary(), {
      ...Object.fromEntries(names.map((name, index) => [name, story(`Story ${index + 1}`)])),
      // The user's plugin cannot handle one of the documents.
      'story-5.txt': story('Story 5', '[[chart: missing.csv]]'),
      'charts.mjs':
        "export default function charts() {\n  return (tree, file) => {\n    if (String(file.value).includes('[[chart:')) throw new Error('chart data missing.csv not found')\n  }\n}\n",
      'colophon.config.yaml': 'rehypePlugins: [./charts.mjs]\nformats: [html, epub]\n',
    })
    const outputs: string[][] = []
    for (const jobs of ['1', '2']) {
      const { code, stderr } = await cli(['build', ...names, '--out', `out-${jobs}`, '--jobs', jobs], dir)
      expect(code, `--jobs ${jobs}`).toBe(1)
      expect(stderr).toMatch(/story-5\.txt\n\s+error\s+Cannot process the document: chart data missing\.csv not found/)
      expect(stderr).not.toMatch(/internal error|\n\s+at /)
      outputs.push(listing(path.join(dir, `out-${jobs}`)))
      const good = names.filter((name) => name !== 'story-5.txt').map((name) => name.replace('.txt', ''))
      expect(cacheOf(path.join(dir, `out-${jobs}`))).toEqual(
        good.flatMap((name) => [`${name}.epub`, `${name}.html`]).sort(),
      )
    }
    expect(outputs[0]).toHaveLength(27)
    expect(outputs[0]).not.toContain('story-5.html')
    expect(outputs[1]).toEqual(outputs[0])
  })

  it('case 8: an edition that throws on one input costs that edition only, named, exit 1', async () => {
    const dir = files(temporary(), {
      'one.txt': story('First story'),
      'two.txt': story('Second story'),
      'three.txt': story('Third story'),
    })
    const epub = editionOf('epub')
    const compile = epub.compile.bind(epub)
    vi.spyOn(epub, 'compile').mockImplementation(async (tree, file, settings, context) => {
      if (file.path === 'two.txt') throw new Error('EPUB: the table of contents would be empty')
      return compile(tree, file, settings, context)
    })
    const { code, stdout, stderr } = await cli(['build', '--jobs', '1', 'one.txt', 'two.txt', 'three.txt'], dir)
    expect(code).toBe(1)
    expect(stderr).toMatch(
      /two\.txt\n\s+error\s+Cannot build the epub edition: EPUB: the table of contents would be empty\s+edition-failed\s+colophon/,
    )
    expect(stdout).toMatch(/two\.txt\s+dist\/two\.html/)
    expect(listing(path.join(dir, 'dist'))).toEqual(
      ['one', 'three', 'two']
        .flatMap((name) => ['epub', 'html', 'pdf', 'report.json'].map((ext) => `${name}.${ext}`))
        .filter((name) => name !== 'two.epub'),
    )
    const report = JSON.parse(readFileSync(path.join(dir, 'dist/two.report.json'), 'utf8')) as {
      messages: Array<{ ruleId: string; severity: string }>
    }
    expect(report.messages).toContainEqual(expect.objectContaining({ ruleId: 'edition-failed', severity: 'error' }))
    expect(cacheOf(path.join(dir, 'dist'))).not.toContain('two.epub')
    expect(cacheOf(path.join(dir, 'dist'))).toContain('two.pdf')
  })
})

describe('case 12: a full disk and a read-only folder', () => {
  it('case 12: a full disk names the edition and the problem, leaves no temporary file, and keeps the cache', async () => {
    const dir = files(temporary(), { 'one.txt': story('First story'), 'two.txt': story('Second story') })
    faults.write.push({ match: '.two.pdf.', code: 'ENOSPC' })
    const { code, stderr } = await cli(['build', 'one.txt', 'two.txt', '--jobs', '1', '--formats', 'html,pdf'], dir)
    expect(code).toBe(1)
    expect(stderr).toContain(
      'colophon: dist/two.pdf: no space left on device (ENOSPC); free some space or choose another --out folder\n',
    )
    expect(stderr).not.toMatch(/internal error|\n\s+at /)
    const out = path.join(dir, 'dist')
    expect(readdirSync(out).filter((name) => name.endsWith('.tmp'))).toEqual([])
    expect(listing(out)).not.toContain('two.pdf')
    // What was written before the disk filled up is recorded.
    expect(cacheOf(out)).toEqual(['one.html', 'one.pdf', 'two.html'])
  })

  it('case 12: a read-only output folder names the file and the problem', async () => {
    const dir = files(temporary(), { 'one.txt': story('First story') })
    const out = path.join(dir, 'locked')
    mkdirSync(out)
    chmodSync(out, 0o555)
    try {
      // Root writes into a 0555 folder anyway: the system's answer to anyone else is simulated.
      if (process.getuid?.() === 0) faults.open.push({ match: `${out}/`, code: 'EACCES' })
      const denied = await cli(['build', 'one.txt', '--out', 'locked', '--formats', 'html'], dir)
      expect(denied.code).toBe(1)
      expect(denied.stderr).toBe(
        'colophon: locked/one.html: permission denied (EACCES); choose a writable --out folder\n',
      )
      expect(readdirSync(out)).toEqual([])
    } finally {
      chmodSync(out, 0o755)
    }
    faults.open.length = 0
    faults.open.push({ match: `${out}/`, code: 'EROFS' })
    const readOnly = await cli(['build', 'one.txt', '--out', 'locked', '--formats', 'html'], dir)
    expect(readOnly.code).toBe(1)
    expect(readOnly.stderr).toBe(
      'colophon: locked/one.html: read-only file system (EROFS); choose a writable --out folder\n',
    )
  })
})

describe('case 13: book names', () => {
  it('case 13: a book titled .. is book.*, and a Kazakh title keeps its letters', async () => {
    const dir = files(temporary(), { 'one.txt': story('First story'), 'two.txt': story('Second story') })
    for (const [title, name] of [
      ['..', 'book'],
      ['Жел мен дала', 'жел-мен-дала'],
      ['Қазақ әдебиеті: 2024', 'қазақ-әдебиеті-2024'],
    ]) {
      const out = `out-${name}`
      const { code } = await cli(
        ['build', 'one.txt', 'two.txt', '--book', '--title', title as string, '--out', out],
        dir,
      )
      expect(code, title).toBe(0)
      expect(listing(path.join(dir, out))).toEqual(
        ['epub', 'html', 'pdf', 'report.json'].map((ext) => `${name}.${ext}`),
      )
      expect(readdirSync(path.join(dir, out)).filter((file) => file.startsWith('.'))).toEqual(['.colophon-cache.json'])
    }
  })

  it('case 13: a book name that is hidden or has a folder in it is refused', async () => {
    const dir = files(temporary(), { 'one.txt': story('First story') })
    for (const name of ['..', '.hidden', 'a/b', 'a\\b', '']) {
      await expect(
        build({
          inputs: ['one.txt'],
          outDir: 'dist',
          formats: ['html'],
          cwd: dir,
          book: { metadata: { title: 'T' }, name },
        }),
        name,
      ).rejects.toThrow(`book name ${JSON.stringify(name)}: give a file name without a folder, not starting with a dot`)
      writeFileSync(path.join(dir, 'colophon.config.json'), JSON.stringify({ book: { title: 'T', name } }))
      const { code, stderr } = await cli(['build', 'one.txt', '--formats', 'html'], dir)
      expect(code, name).toBe(2)
      expect(stderr, name).toMatch(/book\.?\s?name/)
      expect(stderr, name).not.toMatch(/internal error|\n\s+at /)
    }
    expect(existsSync(path.join(dir, 'dist'))).toBe(false)
  })

  it('case 13: a slug is never empty, hidden, a folder or too long for a file name', () => {
    expect(slugify('../../Étude: Rock & Roll!')).toBe('étude-rock-roll')
    expect(slugify('ＡＢＣ ﬁne')).toBe('abc-fine')
    expect(slugify('CON')).toBe('con-book')
    expect(slugify('...')).toBe('book')
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (title) => {
        const slug = slugify(title)
        expect(slug).not.toBe('')
        expect(slug).not.toMatch(/^[.-]|[/\\\0]|-$/)
        expect(Buffer.byteLength(slug)).toBeLessThanOrEqual(150)
      }),
    )
  })
})
