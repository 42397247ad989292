import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { confinedPath, main, slugify, writeAtomic } from 'colophon'
import { describe, expect, it } from 'vitest'
import { readEpub } from '../../../scripts/inspect.js'
import { cli, temporary } from './helpers.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const articles = path.join(root, 'packages/colophon/test/fixtures/articles')

/** A project folder with three short articles. */
function project(config = 'sources: ["*.txt", "*.md"]\n'): string {
  const dir = temporary()
  writeFileSync(path.join(dir, 'colophon.config.yaml'), config)
  writeFileSync(path.join(dir, 'one.txt'), 'First story\n2024-01-01\n\nAli Farabbi wrote in Zanatas.\n')
  writeFileSync(path.join(dir, 'two.txt'), readFileSync(path.join(articles, 'wind-farms.txt')))
  writeFileSync(path.join(dir, 'three.md'), readFileSync(path.join(articles, 'abai-book.md')))
  return dir
}

describe('configuration files', () => {
  it('reads colophon.config.ts written with defineConfig', async () => {
    const dir = project('')
    const index = path.join(root, 'packages/colophon/src/index.ts')
    writeFileSync(
      path.join(dir, 'colophon.config.ts'),
      `import { defineConfig } from ${JSON.stringify(index)}\nconst formats: Array<'html' | 'epub'> = ['html']\nexport default defineConfig({ sources: ['one.txt'], formats, out: 'site' })\n`,
    )
    writeFileSync(path.join(dir, 'colophon.config.yaml'), 'out: ignored\n')
    const { code, stdout } = await cli(['build', '--print-config'], dir)
    expect(code).toBe(0)
    const effective = JSON.parse(stdout)
    expect(effective.configFile).toBe(path.join(dir, 'colophon.config.ts'))
    expect(effective.formats).toEqual(['html'])
    expect(effective.outDir).toBe(path.join(dir, 'site'))
  })

  it('reads .mjs and .json, and flags override the file', async () => {
    const dir = project('')
    writeFileSync(path.join(dir, 'colophon.config.mjs'), "export default { sources: ['one.txt'], formats: ['epub'] }\n")
    const { stdout } = await cli(['build', '--print-config', '--formats', 'html,pdf', '--out', 'elsewhere'], dir)
    const effective = JSON.parse(stdout)
    expect(effective.formats).toEqual(['html', 'pdf'])
    expect(effective.outDir).toBe(path.join(dir, 'elsewhere'))
    const json = temporary()
    writeFileSync(path.join(json, 'colophon.config.json'), '{ "timeZone": "+05:00" }')
    expect(JSON.parse((await cli(['check', '--print-config'], json)).stdout).timeZone).toBe('+05:00')
  })

  it('names the file of a JavaScript config that does not load, in one sentence', async () => {
    const dir = temporary()
    writeFileSync(path.join(dir, 'colophon.config.mjs'), 'export default { sources: [\n')
    const { code, stderr } = await cli(['build'], dir)
    expect(code).toBe(2)
    expect(stderr).toMatch(/^colophon: .*colophon\.config\.mjs: cannot load configuration: /)
    expect(stderr).not.toMatch(/\n\s+at /)
  })

  it('expands globs in sources, in a stable order', async () => {
    const dir = project()
    const { stdout } = await cli(['build', '--print-config'], dir)
    expect(JSON.parse(stdout).inputs.map((input: string) => path.basename(input))).toEqual([
      'one.txt',
      'two.txt',
      'three.md',
    ])
    writeFileSync(path.join(dir, 'colophon.config.yaml'), 'sources: ["missing/*.txt"]\n')
    const missing = await cli(['build'], dir)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('source "missing/*.txt" matches no file')
  })
})

describe('colophon init', () => {
  it('writes a commented config and an example article, which build', async () => {
    const dir = temporary()
    const init = await cli(['init'], dir)
    expect(init.code).toBe(0)
    expect(readdirSync(dir).sort()).toEqual(['article.txt', 'colophon.config.yaml'])
    expect(readFileSync(path.join(dir, 'colophon.config.yaml'), 'utf8')).toContain('# Inputs (globs).')
    const built = await cli(['build', '--jobs', '1'], dir)
    expect(built.code, built.stderr).toBe(0)
    for (const name of ['article.html', 'article.pdf', 'article.epub'])
      expect(existsSync(path.join(dir, 'dist', name))).toBe(true)
    expect(readFileSync(path.join(dir, 'dist/article.html'), 'utf8')).toContain('Zhanatas')
  })

  it('refuses a folder that is not empty', async () => {
    const dir = project()
    const { code, stderr } = await cli(['init'], dir)
    expect(code).toBe(2)
    expect(stderr).toMatch(/is not empty .*run colophon init in an empty folder/)
  })
})

describe('output for people and scripts', () => {
  it('--quiet prints nothing on success; --json prints the result', async () => {
    const dir = project()
    const quiet = await cli(['build', 'one.txt', '--formats', 'html', '--quiet'], dir)
    expect([quiet.code, quiet.stdout, quiet.stderr]).toEqual([0, '', ''])
    const json = await cli(['build', 'one.txt', '--formats', 'html', '--json', '--force'], dir)
    const result = JSON.parse(json.stdout)
    expect(result.documents[0].input).toBe('one.txt')
    expect(result.documents[0].editions.map((edition: { format: string }) => edition.format)).toEqual([
      'html',
      'report',
    ])
    expect(result.documents[0].messages.some((message: { ruleId: string }) => message.ruleId === 'al-farabi')).toBe(
      true,
    )
  })

  it('prints plain progress lines when not on a terminal', async () => {
    const dir = project()
    const { stderr } = await cli(['build', 'one.txt', 'two.txt', '--formats', 'html,epub', '--jobs', '1'], dir)
    expect(stderr).toMatch(/^one\.txt: html \d+(\.\d)? kB$/m)
    expect(stderr).toMatch(/^two\.txt: epub \d+(\.\d)? kB$/m)
  })

  it('updates one line per document in place on a terminal', async () => {
    const dir = project()
    let stderr = ''
    await main(['build', 'one.txt', '--formats', 'html,epub'], {
      stdout: { write: () => true },
      stderr: { write: (chunk: string) => (stderr += chunk), isTTY: true },
      cwd: dir,
    })
    expect(stderr).toContain('\r\u001B[Kone.txt: html…')
    expect(stderr).toContain('\r\u001B[Kone.txt: html, epub\n')
  })
})

describe('the cache', () => {
  it('skips editions that are up to date, and rebuilds what changed', async () => {
    const dir = project()
    const first = await cli(['build', '--formats', 'html,epub', '--jobs', '1'], dir)
    expect(first.code).toBe(0)
    const html = path.join(dir, 'dist/one.html')
    const before = statSync(html).mtimeMs
    const second = await cli(['build', '--formats', 'html,epub', '--jobs', '1'], dir)
    expect(second.stdout.match(/cached/g)).toHaveLength(6)
    expect(statSync(html).mtimeMs).toBe(before)

    writeFileSync(path.join(dir, 'one.txt'), 'First story\n2024-01-01\n\nChimkent grew.\n')
    const third = await cli(['build', '--formats', 'html,epub', '--jobs', '1'], dir)
    expect(third.stdout.match(/cached/g)).toHaveLength(4)
    expect(readFileSync(html, 'utf8')).toContain('Shymkent grew.')

    const forced = await cli(['build', '--formats', 'html,epub', '--jobs', '1', '--force'], dir)
    expect(forced.stdout).not.toContain('cached')
  })

  it('rebuilds when a dictionary changes, or an edition was altered', async () => {
    const dir = project('sources: [one.txt]\ndictionaries: [extra.yaml]\nformats: [html]\n')
    writeFileSync(path.join(dir, 'extra.yaml'), 'name: extra\nentries: []\n')
    await cli(['build'], dir)
    writeFileSync(
      path.join(dir, 'extra.yaml'),
      'name: extra\nentries:\n  - { id: story, match: First story, replace: Opening story, kind: phrase }\n',
    )
    const changed = await cli(['build'], dir)
    expect(changed.stdout).not.toContain('cached')
    expect(readFileSync(path.join(dir, 'dist/one.html'), 'utf8')).toContain('Opening story')
    writeFileSync(path.join(dir, 'dist/one.html'), 'tampered')
    const repaired = await cli(['build'], dir)
    expect(repaired.stdout).not.toContain('cached')
    expect(readFileSync(path.join(dir, 'dist/one.html'), 'utf8')).toContain('Opening story')
  })
})

describe('parallel builds', () => {
  it('--jobs 3 writes the same bytes as --jobs 1', async () => {
    const dir = project()
    const one = await cli(['build', '--out', 'serial', '--jobs', '1'], dir)
    const three = await cli(['build', '--out', 'parallel', '--jobs', '3'], dir)
    expect([one.code, three.code]).toEqual([0, 0])
    const files = readdirSync(path.join(dir, 'serial')).filter((name) => !name.startsWith('.'))
    expect(files.length).toBe(12)
    for (const name of files) {
      expect(
        readFileSync(path.join(dir, 'parallel', name)).equals(readFileSync(path.join(dir, 'serial', name))),
        name,
      ).toBe(true)
    }
    // Messages come back from the workers, in input order.
    expect(three.stderr.indexOf('one.txt')).toBeLessThan(three.stderr.lastIndexOf('three.md'))
    expect(three.stderr).toContain('al-farabi')
  })
})

describe('watch', () => {
  it('rebuilds when a source changes, and keeps going after an error', async () => {
    const dir = project('sources: [one.txt]\nformats: [html]\n')
    let watching: { close(): Promise<void> } | undefined
    let stderr = ''
    const code = await main(['build', '--watch'], {
      stdout: { write: () => true },
      stderr: { write: (chunk: string) => (stderr += chunk) },
      cwd: dir,
      onWatch: (value) => {
        watching = value
      },
    })
    expect(code).toBe(0)
    const html = path.join(dir, 'dist/one.html')
    const waitFor = async (test: () => boolean) => {
      for (let tries = 0; tries < 100 && !test(); tries++) await new Promise((resolve) => setTimeout(resolve, 100))
      expect(test()).toBe(true)
    }
    try {
      expect(readFileSync(html, 'utf8')).toContain('Al-Farabi')
      writeFileSync(path.join(dir, 'one.txt'), 'First story\n2024-01-01\n\nCapella Bekov arrived.\n')
      await waitFor(() => readFileSync(html, 'utf8').includes('Saulebek Kabylbekov'))
      // A broken config is reported; watching goes on.
      writeFileSync(path.join(dir, 'colophon.config.yaml'), 'sources: [one.txt]\nformats: [docx]\n')
      await waitFor(() => stderr.includes('invalid configuration'))
      writeFileSync(path.join(dir, 'colophon.config.yaml'), 'sources: [one.txt]\nformats: [html]\n')
      writeFileSync(path.join(dir, 'one.txt'), 'First story\n2024-01-01\n\nZanatas again.\n')
      await waitFor(() => readFileSync(html, 'utf8').includes('Zhanatas again.'))
    } finally {
      await watching?.close()
    }
  })
})

describe('writes', () => {
  it('never leaves a half-written file: a failed write removes its temporary file', async () => {
    const dir = temporary()
    const target = path.join(dir, 'edition.html')
    mkdirSync(target) // a folder where the file should go: the rename fails
    await expect(writeAtomic(target, 'content')).rejects.toThrow()
    expect(readdirSync(dir)).toEqual(['edition.html'])
  })

  it('keeps every output inside the output folder', () => {
    expect(() => confinedPath('/out', '../escape.html')).toThrow(/outside/)
    expect(() => confinedPath('/out', '/etc/passwd')).toThrow(/outside/)
    expect(confinedPath('/out', 'a/b.html')).toBe('/out/a/b.html')
    expect(slugify('../../Étude: Rock & Roll!')).toBe('étude-rock-roll')
  })

  it('a config date stamps every edition', async () => {
    const dir = project('sources: [one.txt]\nformats: [epub]\ndate: "2030-05-06"\n')
    await cli(['build'], dir)
    const files = await readEpub(readFileSync(path.join(dir, 'dist/one.epub')))
    expect(files.get('OEBPS/content.opf')).toContain('<meta property="dcterms:modified">2030-05-06T00:00:00Z</meta>')
  })
})

describe('the PDF section of the config', () => {
  it('sets the paper size and passes the options to the renderer', async () => {
    const dir = temporary()
    writeFileSync(path.join(dir, 'one.txt'), 'First story\n2024-01-01\n\nText of the first story.\n')
    writeFileSync(
      path.join(dir, 'colophon.config.yaml'),
      'sources: [one.txt]\nformats: [pdf]\npdf:\n  size: LETTER\n  tagged: false\n',
    )
    const { code } = await cli(['build'], dir)
    expect(code).toBe(0)
    const pdf = readFileSync(path.join(dir, 'dist/one.pdf')).toString('latin1')
    expect(pdf).toMatch(/\/MediaBox \[0 0 612 792\]/)
    expect(pdf).not.toContain('/StructTreeRoot')
  })
})

describe('the EPUB section of the config', () => {
  it('gives a single article a cover, and says which key names a missing one', async () => {
    const dir = temporary()
    writeFileSync(path.join(dir, 'one.txt'), 'First story\n2024-01-01\n\nText of the first story.\n')
    writeFileSync(
      path.join(dir, 'colophon.config.yaml'),
      'sources: [one.txt]\nformats: [epub]\nepub:\n  cover: generate\n',
    )
    expect((await cli(['build'], dir)).code).toBe(0)
    const files = await readEpub(readFileSync(path.join(dir, 'dist/one.epub')))
    expect(files.get('OEBPS/content.opf')).toContain('properties="cover-image"')
    writeFileSync(
      path.join(dir, 'colophon.config.yaml'),
      'sources: [one.txt]\nformats: [epub]\nepub:\n  cover: missing.png\n',
    )
    const missing = await cli(['build'], dir)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/epub\.cover: cover image \S*missing\.png not found/)
  })
})

describe("the user's plugins", () => {
  it('runs remark and rehype plugins named in the config, resolved from its folder', async () => {
    const dir = temporary()
    writeFileSync(path.join(dir, 'one.md'), '---\ntitle: Plugins\n---\n\nSome text in Chimkent.\n')
    // A remark plugin that sees the normalized text, and a rehype plugin that sees the publication tree.
    writeFileSync(
      path.join(dir, 'shout.mjs'),
      "export default function shout(options = {}) {\n  return (tree) => {\n    const walk = (node) => {\n      if (node.type === 'text') node.value = node.value.replace('Shymkent', 'Shymkent' + (options.mark ?? '!'))\n      for (const child of node.children ?? []) walk(child)\n    }\n    walk(tree)\n  }\n}\n",
    )
    writeFileSync(
      path.join(dir, 'mark.mjs'),
      "export default function mark() {\n  return (tree) => {\n    const walk = (node) => {\n      if (node.type === 'element' && node.tagName === 'header') node.properties.dataMarked = 'yes'\n      for (const child of node.children ?? []) walk(child)\n    }\n    walk(tree)\n  }\n}\n",
    )
    writeFileSync(
      path.join(dir, 'colophon.config.yaml'),
      "sources: [one.md]\nformats: [html]\nremarkPlugins:\n  - ['./shout.mjs', { mark: '?!' }]\nrehypePlugins: ['./mark.mjs']\n",
    )
    const { code, stderr } = await cli(['build'], dir)
    expect(stderr).not.toContain('error')
    expect(code).toBe(0)
    const html = readFileSync(path.join(dir, 'dist/one.html'), 'utf8')
    expect(html).toContain('Some text in Shymkent?!.')
    expect(html).toContain('<header class="title-block" data-marked="yes">')
    writeFileSync(path.join(dir, 'colophon.config.yaml'), "sources: [one.md]\nremarkPlugins: ['remark-nothing-here']\n")
    const missing = await cli(['build'], dir)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('remarkPlugins: cannot load plugin "remark-nothing-here"')
  })
})

describe('determinism across documents of one process', () => {
  it('a PDF is the same bytes whatever was rendered before it in the process', async () => {
    // Another document, with hyphens of every kind, rendered first in this process.
    const other = temporary()
    await cli(['init'], other)
    expect((await cli(['build', '--jobs', '1', '--formats', 'pdf'], other)).code).toBe(0)
    const dir = project('sources: ["one.txt"]\nformats: [pdf]\n')
    expect((await cli(['build', '--out', 'here', '--jobs', '1'], dir)).code).toBe(0)
    // The same document in a process of its own (the built command).
    const bin = path.join(root, 'packages/colophon/bin/colophon.cjs')
    const fresh = spawnSync(process.execPath, [bin, 'build', '--out', 'fresh', '--quiet'], { cwd: dir })
    expect(fresh.status).toBe(0)
    expect(readFileSync(path.join(dir, 'here/one.pdf')).equals(readFileSync(path.join(dir, 'fresh/one.pdf')))).toBe(
      true,
    )
  })
})
