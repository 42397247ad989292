/**
 * Hostile input, images: files outside the document's folder, special
 * files, scripted SVG, `file:` URLs and damaged PNGs, through the CLI into
 * the HTML, EPUB and PDF editions.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { renderPdf } from '@colophon/render-pdf'
import type { Root } from 'hast'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { epubcheck } from '../../../../scripts/conformance.js'
import { readEpub } from '../../../../scripts/inspect.js'
import { have, needs } from '../../../../scripts/tools.js'
import { cli, temporary } from '../helpers.js'

const png = readFileSync(new URL('../../../article-hast/test/fixtures/images/steppe.png', import.meta.url))
const secret = 'TOP-SECRET-OUTSIDE-THE-FOLDER'

/** A folder with the article's folder (`doc/`) and, beside it, a file that must never be read. */
function workspace() {
  const dir = temporary()
  const doc = path.join(dir, 'doc')
  mkdirSync(doc)
  writeFileSync(path.join(dir, 'secret.svg'), `<svg xmlns="http://www.w3.org/2000/svg"><text>${secret}</text></svg>`)
  writeFileSync(path.join(doc, 'good.png'), png)
  return { dir, doc }
}

/** Everything an HTML file says, with its `data:` URLs decoded. */
function htmlText(file: string): string {
  const html = readFileSync(file, 'utf8')
  const decoded = [...html.matchAll(/data:[^;,"]*;base64,([A-Za-z0-9+/=]+)/g)].map((match) =>
    Buffer.from(match[1] ?? '', 'base64').toString('utf8'),
  )
  return [html, ...decoded].join('\n')
}

/** Every file of an EPUB, as text. */
async function epubText(file: string): Promise<{ entries: Map<string, string>; text: string }> {
  const entries = await readEpub(readFileSync(file))
  return { entries, text: [...entries.values()].join('\n') }
}

function article(doc: string, lines: string[]): string {
  writeFileSync(path.join(doc, 'article.md'), `# Images\n\nSome text.\n\n${lines.join('\n\n')}\n`)
  return path.join('doc', 'article.md')
}

describe('case 2: images read any file, of any size', () => {
  it('case 2: files outside the document folder, by ../, absolute path or symbolic link, and /dev/zero are refused', {
    timeout: 60_000,
  }, async () => {
    const { dir, doc } = workspace()
    symlinkSync(path.join(dir, 'secret.svg'), path.join(doc, 'link.svg'))
    const input = article(doc, [
      '![relative](../secret.svg)',
      `![absolute](${path.join(dir, 'secret.svg')})`,
      '![linked](link.svg)',
      '![zero](/dev/zero)',
      '![good](good.png)',
    ])
    const started = Date.now()
    const { code, stderr } = await cli(['build', input, '--out', 'out', '--formats', 'html,epub'], dir)
    expect(Date.now() - started).toBeLessThan(30_000)
    expect(code, stderr).toBe(0)
    for (const src of ['../secret.svg', path.join(dir, 'secret.svg'), 'link.svg', '/dev/zero']) {
      expect(stderr).toContain(`Image \`${src}\` is outside the document's folder`)
    }
    expect(stderr.match(/asset-outside-root/g)).toHaveLength(4)
    const html = htmlText(path.join(dir, 'out/article.html'))
    expect(html).not.toContain(secret)
    expect(html).toContain('<span class="image-alt">[relative]</span>')
    expect(html).toContain('<span class="image-alt">[zero]</span>')
    expect(html).toMatch(/<img src="data:image\/png;base64,[^"]+" alt="good">/)
    const { entries, text } = await epubText(path.join(dir, 'out/article.epub'))
    expect(text).not.toContain(secret)
    expect([...entries.keys()].filter((name) => name.includes('images/'))).toHaveLength(1)
  })

  it.skipIf(spawnSync('mkfifo', ['--version'], { stdio: 'ignore' }).error !== undefined)(
    'case 2: a named pipe and a folder in the document folder are refused without blocking [needs mkfifo]',
    { timeout: 60_000 },
    async () => {
      const { dir, doc } = workspace()
      expect(spawnSync('mkfifo', [path.join(doc, 'pipe.png')]).status).toBe(0)
      mkdirSync(path.join(doc, 'folder.png'))
      const input = article(doc, ['![pipe](pipe.png)', '![folder](folder.png)'])
      const { code, stderr } = await cli(['build', input, '--out', 'out', '--formats', 'html,epub'], dir)
      expect(code, stderr).toBe(0)
      expect(stderr).toContain('Image `pipe.png` is a named pipe, not a file')
      expect(stderr).toContain('Image `folder.png` is a folder, not a file')
      expect(stderr.match(/asset-not-a-file/g)).toHaveLength(2)
      expect(readFileSync(path.join(dir, 'out/article.html'), 'utf8')).toContain(
        '<span class="image-alt">[pipe]</span>',
      )
    },
  )
})

describe('case 2: the PDF edition on its own', () => {
  it('case 2: reads images of a tree nobody resolved the same way: confined, regular files only', async () => {
    const { dir, doc } = workspace()
    writeFileSync(path.join(dir, 'outside.png'), png)
    const tree: Root = {
      type: 'root',
      children: ['../outside.png', '/dev/zero', pathToFileURL(path.join(dir, 'outside.png')).href, 'good.png'].map(
        (src) => ({
          type: 'element',
          tagName: 'p',
          properties: {},
          children: [{ type: 'element', tagName: 'img', properties: { src, alt: src }, children: [] }],
        }),
      ),
    }
    const file = new VFile({
      path: path.join(doc, 'article.md'),
      data: { metadata: { title: 'Images', language: 'en' } } as never,
    })
    const pdf = await renderPdf(tree, file)
    expect(
      file.messages.filter((message) => message.ruleId === 'asset-outside-root').map((message) => message.reason),
    ).toEqual([expect.stringContaining('`../outside.png`'), expect.stringContaining('`/dev/zero`')])
    // One image, the one inside the folder (the `file:` URL is removed with the tree's sanitizing).
    expect(
      Buffer.from(pdf)
        .toString('latin1')
        .match(/\/Subtype \/Image/g),
    ).toHaveLength(1)
  })
})

describe('case 4: scripted SVG and file: images in the EPUB', () => {
  it('case 4: the SVG loses its script, the file: image becomes its alt text, the EPUB stays valid', async () => {
    const { dir, doc } = workspace()
    writeFileSync(
      path.join(doc, 'scripted.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)"><script>alert(2)</script><rect width="10" height="10" onclick="alert(3)"/></svg>',
    )
    const input = article(doc, ['![scripted](scripted.svg)', `![by URL](${pathToFileURL(path.join(doc, 'good.png'))})`])
    const { code, stderr } = await cli(['build', input, '--out', 'out', '--formats', 'html,epub'], dir)
    expect(code, stderr).toBe(0)
    expect(stderr).toContain('SVG image `scripted.svg`: removed the onload attribute, <script>, the onclick attribute')
    expect(stderr).toContain('svg-sanitized')
    // Named by its source text where the tree keeps positions, else by its alt text.
    expect(stderr).toMatch(/(?:`!\[by URL\]\(file:[^`]*`|alt text `by URL`) has no address an edition can use/)
    const html = htmlText(path.join(dir, 'out/article.html'))
    expect(html).not.toContain('alert(')
    expect(html).toContain('<span class="image-alt">[by URL]</span>')
    const { entries, text } = await epubText(path.join(dir, 'out/article.epub'))
    expect(text).not.toContain('alert(')
    expect(text).not.toMatch(/<script/)
    expect(entries.get('OEBPS/content.opf')).not.toContain('scripted')
    // Every image of every content document has a src that the package holds.
    for (const [name, content] of entries) {
      if (!name.endsWith('.xhtml')) continue
      for (const match of content.matchAll(/<img\b[^>]*>/g)) {
        const src = /\ssrc="([^"]+)"/.exec(match[0])?.[1]
        expect(src, `${name}: ${match[0]}`).toBeDefined()
        expect(entries.has(`OEBPS/${src}`), `${name}: ${src}`).toBe(true)
      }
    }
    const svg = [...entries].find(([name]) => name.endsWith('.svg'))?.[1]
    expect(svg).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" /></svg>',
    )
  })

  it.skipIf(!have('epubcheck'))(
    `case 4: the EPUB with a scripted SVG and a file: image passes epubcheck${needs('epubcheck')}`,
    async () => {
      const { dir, doc } = workspace()
      writeFileSync(
        path.join(doc, 'scripted.svg'),
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(2)</script><circle r="4" cx="5" cy="5"/></svg>',
      )
      const input = article(doc, [
        '![scripted](scripted.svg)',
        `![by URL](${pathToFileURL(path.join(doc, 'good.png'))})`,
        '![good](good.png)',
        '<picture><source srcset="../secret.svg"><img src="good.png" alt="in a picture"></picture>',
      ])
      const { code, stderr } = await cli(['build', input, '--out', 'out', '--formats', 'epub'], dir)
      expect(code, stderr).toBe(0)
      const result = epubcheck(path.join(dir, 'out/article.epub'))
      expect(result.messages, result.output).toEqual([])
      expect([result.fatals, result.errors, result.warnings]).toEqual([0, 0, 0])
    },
  )
})

describe('case 4: a raw <picture> whose <source srcset> points outside the folder', () => {
  it("keeps the picture's checked <img> and drops its sources, in the HTML and the EPUB", async () => {
    const { dir, doc } = workspace()
    const input = article(doc, [
      '<picture><source srcset="../secret.svg 1x, file:///etc/passwd 2x"><img src="good.png" alt="in a picture"></picture>',
    ])
    const { code, stderr } = await cli(['build', input, '--out', 'out', '--formats', 'html,epub'], dir)
    expect(code, stderr).toBe(0)
    expect(stderr).toContain('raw-html-unwrapped')
    const html = htmlText(path.join(dir, 'out/article.html'))
    expect(html).not.toMatch(/srcset|secret|passwd|<source|<picture/i)
    expect(html).toMatch(/<img src="data:image\/png;base64,[^"]+" alt="in a picture"/)
    const { text } = await epubText(path.join(dir, 'out/article.epub'))
    expect(text).not.toMatch(/srcset|secret\.svg|passwd|<source|<picture/i)
    expect(text).toContain('alt="in a picture"')
  })
})

describe('case 13: a corrupt PNG is embedded silently in the HTML and EPUB', () => {
  it('case 13: a damaged or truncated PNG becomes its alt text in all three editions, with one warning', async () => {
    const { dir, doc } = workspace()
    writeFileSync(
      path.join(doc, 'garbage.png'),
      Buffer.concat([png.subarray(0, 8), Buffer.from('not a png at all, '.repeat(8))]),
    )
    writeFileSync(path.join(doc, 'truncated.png'), png.subarray(0, 60))
    const input = article(doc, ['![garbage](garbage.png)', '![truncated](truncated.png)', '![good](good.png)'])
    const { code, stderr } = await cli(['build', input, '--out', 'out'], dir)
    expect(code, stderr).toBe(0)
    expect(stderr).toContain('Image `garbage.png` is a damaged PNG file')
    expect(stderr).toContain('Image `truncated.png` is a damaged PNG file (cut short')
    expect(stderr.match(/corrupt-asset/g)).toHaveLength(2)
    // The PDF edition has nothing left to complain about: the images are gone before it.
    expect(stderr).not.toContain('colophon-pdf')
    const html = readFileSync(path.join(dir, 'out/article.html'), 'utf8')
    expect(html).toContain('<span class="image-alt">[garbage]</span>')
    expect(html).toContain('<span class="image-alt">[truncated]</span>')
    expect(html.match(/<img /g)).toHaveLength(1)
    const { entries } = await epubText(path.join(dir, 'out/article.epub'))
    expect([...entries.keys()].filter((name) => name.includes('images/'))).toHaveLength(1)
    expect(entries.get('OEBPS/article.xhtml')).toContain('[garbage]')
  })
})
