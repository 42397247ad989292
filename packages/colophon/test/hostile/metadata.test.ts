/**
 * Hostile input, metadata and structure: script through metadata URLs,
 * control characters in metadata, nesting deep enough to overflow a
 * recursive walker, a document opening on a lower heading.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { toPublication } from '@colophon/article-hast'
import type { Element } from 'hast'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { readEpub } from '../../../../scripts/inspect.js'
import { cli, temporary } from '../helpers.js'

function write(dir: string, name: string, text: string): string {
  writeFileSync(path.join(dir, name), text)
  return name
}

describe('case 1: script through metadata URLs', () => {
  it('refuses a javascript: URL in front matter, naming the field, and writes nothing', async () => {
    const dir = temporary()
    for (const [field, yaml] of [
      ['source.url', 'source: {name: S, url: "javascript:alert(1)"}'],
      ['url', 'url: "javascript:alert(document.domain)"'],
      ['publisher.url', 'publisher: {name: P, url: "data:text/html,<script>alert(1)</script>"}'],
      ['license', 'license: " JavaScript:alert(1)"'],
    ]) {
      const name = write(dir, 'post.md', `---\ntitle: A post\n${yaml}\n---\n\nText.\n`)
      const { code, stderr } = await cli(['build', name, '--out', 'dist', '--formats', 'html'], dir)
      expect(code, field).toBe(1)
      expect(stderr, field).toContain('post.md')
      expect(stderr, field).toContain(field)
      expect(stderr, field).toContain('http(s) URL')
    }
  })

  it('keeps http(s) links from metadata, in the footer, the canonical link and the EPUB', async () => {
    const dir = temporary()
    const name = write(
      dir,
      'post.md',
      '---\ntitle: A post\nurl: https://example.org/post\nsource: {name: The Source, url: "https://example.org/s"}\n---\n\nText.\n',
    )
    const { code } = await cli(['build', name, '--out', 'dist', '--formats', 'html,epub'], dir)
    expect(code).toBe(0)
    const html = readFileSync(path.join(dir, 'dist/post.html'), 'utf8')
    expect(html).toContain('<link rel="canonical" href="https://example.org/post">')
    expect(html).toContain('href="https://example.org/s"')
    const epub = await readEpub(readFileSync(path.join(dir, 'dist/post.epub')))
    expect([...epub.values()].join('\n')).toContain('href="https://example.org/s"')
  })

  it('removes a javascript: link that another pipeline put in the tree, with a warning', () => {
    const file = new VFile({ data: { metadata: { title: 'T', language: 'en' } } as never })
    const link = (href: string): Element => ({
      type: 'element',
      tagName: 'a',
      properties: { href },
      children: [{ type: 'text', value: 'click' }],
    })
    const tree = toPublication(
      {
        type: 'root',
        children: [
          {
            type: 'element',
            tagName: 'p',
            properties: {},
            children: [link('java\tscript:alert(1)'), link('https://example.org/'), link('#x'), link('a/b:c')],
          },
        ],
      },
      file,
    )
    const hrefs: unknown[] = []
    const walk = (node: {
      type: string
      tagName?: string
      properties?: Record<string, unknown>
      children?: unknown[]
    }) => {
      if (node.tagName === 'a') hrefs.push(node.properties?.href)
      for (const child of (node.children ?? []) as (typeof node)[]) walk(child)
    }
    walk(tree as never)
    expect(hrefs).toEqual([undefined, 'https://example.org/', '#x', 'a/b:c'])
    expect(file.messages.map((message) => message.ruleId)).toContain('unsafe-url')
  })
})

describe('case 11: control characters in metadata', () => {
  it('strips XML-illegal characters from every metadata field, so the EPUB package stays XML', async () => {
    const dir = temporary()
    const name = write(
      dir,
      'post.md',
      '---\ntitle: "A\\x01 post\\x1F"\nauthors: [{name: "Ann\\x07 Lee", role: "Editor\\uFFFE"}]\nkeywords: ["a\\x0Bb"]\n---\n\nText.\n',
    )
    const { code } = await cli(['build', name, '--out', 'dist', '--formats', 'html,epub'], dir)
    expect(code).toBe(0)
    const epub = await readEpub(readFileSync(path.join(dir, 'dist/post.epub')))
    const everything = [readFileSync(path.join(dir, 'dist/post.html'), 'utf8'), ...epub.values()].join('')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters under test
    expect(everything).not.toMatch(/[\u0001\u0007\u000B\u001F\uFFFE]/)
    expect([...epub.values()].find((text) => text.includes('<package'))).toContain('A post')
    expect(everything).toContain('Ann Lee')
  })
})

describe('case 10: nesting deeper than a walker can follow', () => {
  it('stops 2,000 nested blockquotes with a clear error naming the file and line, no stack overflow', async () => {
    const dir = temporary()
    const name = write(dir, 'deep.md', `# Deep\n\n${'> '.repeat(2000)}bottom\n`)
    const { code, stderr } = await cli(['build', name, '--out', 'dist'], dir)
    expect(code).toBe(1)
    expect(stderr).toMatch(/deep\.md\n\s*3:\d+\s+error\s+Nesting deeper than 100 levels/)
    expect(stderr).not.toMatch(/Maximum call stack|\n\s+at /)
  })

  it('stops deeply nested raw HTML and lists the same way, 1,500 list levels before parsing them', async () => {
    const dir = temporary()
    const html = write(dir, 'divs.md', `# Divs\n\n${'<div>'.repeat(3000)}x${'</div>'.repeat(3000)}\n`)
    const lists = write(
      dir,
      'lists.md',
      `# Lists\n\n${Array.from({ length: 1500 }, (_, i) => `${'  '.repeat(i)}- item`).join('\n')}\n`,
    )
    for (const name of [html, lists]) {
      const { code, stderr } = await cli(['build', name, '--out', 'dist', '--formats', 'html'], dir)
      expect(code, name).toBe(1)
      expect(stderr, name).toMatch(/nest/i)
      expect(stderr, name).not.toMatch(/Maximum call stack|\n\s+at /)
    }
  })

  it('builds every edition of a document nested as deep as the limit allows', async () => {
    const dir = temporary()
    const name = write(dir, 'nested.md', `# Nested\n\n${'> '.repeat(95)}bottom of 95 quotes\n`)
    const { code } = await cli(['build', name, '--out', 'dist'], dir)
    expect(code).toBe(0)
    expect(readFileSync(path.join(dir, 'dist/nested.html'), 'utf8')).toContain('bottom of 95 quotes')
  })
})

describe('case 13: a document that opens on a lower heading', () => {
  it('is titled from that heading, without a message that it does not start with a heading', async () => {
    const dir = temporary()
    const name = write(dir, 'notes.md', '## Field notes\n\nText of the notes.\n')
    const { code, stderr } = await cli(['build', name, '--out', 'dist', '--formats', 'html'], dir)
    expect(code).toBe(0)
    expect(stderr).not.toContain('does not start with a heading')
    expect(stderr).not.toContain('missing-title')
    expect(readFileSync(path.join(dir, 'dist/notes.html'), 'utf8')).toContain('<title>Field notes</title>')
  })
})

describe('case 11: control characters from character references', () => {
  it('removes `&#12;` and other XML-illegal references from the text, with a warning, so the EPUB stays valid', async () => {
    const dir = temporary()
    const name = write(dir, 'refs.md', '# Refs\n\nA form&#12;feed, a bell&#7; and <span title="x&#1;y">raw</span>.\n')
    const { code, stderr } = await cli(['build', name, '--out', 'dist', '--formats', 'html,epub'], dir)
    expect(code).toBe(0)
    expect(stderr).toContain('illegal-character')
    const epub = await readEpub(readFileSync(path.join(dir, 'dist/refs.epub')))
    const everything = [readFileSync(path.join(dir, 'dist/refs.html'), 'utf8'), ...epub.values()].join('')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters under test
    expect(everything).not.toMatch(/[\u0001\u0007\u000C]/)
    expect(everything).toContain('A formfeed, a bell')
    expect(everything).toContain('title="xy"')
  })
})

describe('case 10: nesting, in the commands that do not build', () => {
  it('check and normalize stop a deeply nested document the same way', async () => {
    const dir = temporary()
    const name = write(dir, 'deep.md', `# Deep\n\n${'> '.repeat(2000)}bottom\n`)
    for (const command of ['check', 'normalize']) {
      const { code, stdout, stderr } = await cli([command, name], dir)
      expect(code, command).toBe(1)
      expect(stdout + stderr, command).toContain('Nesting deeper than 100 levels')
      expect(stdout + stderr, command).not.toMatch(/Maximum call stack|\n\s+at /)
    }
  })
})

describe('case 4: a cover from the configuration is checked like any image', () => {
  it('sanitizes a scripted SVG cover and refuses a damaged PNG one', async () => {
    const dir = temporary()
    write(dir, 'post.md', '# A post\n\nText.\n')
    write(
      dir,
      'cover.svg',
      '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="900" onload="alert(1)"><script>alert(2)</script><rect width="600" height="900" fill="#234"/></svg>',
    )
    write(dir, 'colophon.config.yaml', 'epub:\n  cover: cover.svg\n')
    const good = await cli(['build', 'post.md', '--out', 'dist', '--formats', 'epub'], dir)
    expect(good.code).toBe(0)
    const epub = [...(await readEpub(readFileSync(path.join(dir, 'dist/post.epub')))).values()].join('')
    expect(epub).toContain('fill="#234"')
    expect(epub).not.toMatch(/alert\(|onload/)
    writeFileSync(
      path.join(dir, 'cover.png'),
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 7)]),
    )
    write(dir, 'colophon.config.yaml', 'epub:\n  cover: cover.png\n')
    const bad = await cli(['build', 'post.md', '--out', 'dist2', '--formats', 'epub'], dir)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/epub\.cover: .*cover\.png cannot be used/)
  })
})

describe('case 2: an image that claims more pixels than an edition should decode', () => {
  it('is left out with asset-too-large, though its file is small', async () => {
    const { crc32, deflateSync } = await import('node:zlib')
    const chunk = (type: string, data: Buffer) => {
      const length = Buffer.alloc(4)
      length.writeUInt32BE(data.length)
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
      const crc = Buffer.alloc(4)
      crc.writeUInt32BE(crc32(body))
      return Buffer.concat([length, body, crc])
    }
    const header = Buffer.alloc(13)
    header.writeUInt32BE(60_000, 0)
    header.writeUInt32BE(60_000, 4)
    header.set([8, 0, 0, 0, 0], 8)
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(Buffer.alloc(1000))),
      chunk('IEND', Buffer.alloc(0)),
    ])
    const dir = temporary()
    writeFileSync(path.join(dir, 'bomb.png'), png)
    write(dir, 'post.md', '# A post\n\n![a huge picture](bomb.png)\n')
    const { code, stderr } = await cli(['build', 'post.md', '--out', 'dist'], dir)
    expect(code).toBe(0)
    expect(stderr).toContain('asset-too-large')
    expect(stderr).toContain('60000 × 60000 pixels')
    expect(readFileSync(path.join(dir, 'dist/post.html'), 'utf8')).toContain('[a huge picture]')
  })
})

describe('case 2: the asset rules come from the configuration', () => {
  it('assetRoot widens the folder images are read from, maxAssetSize narrows the size, maxDepth the nesting', async () => {
    const dir = temporary()
    const { mkdirSync } = await import('node:fs')
    mkdirSync(path.join(dir, 'images'))
    mkdirSync(path.join(dir, 'posts'))
    const png = readFileSync(
      fileURLToPath(new URL('../../../article-hast/test/fixtures/images/steppe.png', import.meta.url)),
    )
    writeFileSync(path.join(dir, 'images/pixel.png'), png)
    write(dir, 'posts/post.md', '# A post\n\n![a pixel](../images/pixel.png)\n\n> > > deep\n')
    const refused = await cli(['build', 'posts/post.md', '--out', 'dist', '--formats', 'html'], dir)
    expect(refused.stderr).toContain('asset-outside-root')
    write(dir, 'colophon.config.yaml', 'assetRoot: .\n')
    const allowed = await cli(['build', 'posts/post.md', '--out', 'dist', '--formats', 'html'], dir)
    expect(allowed.code).toBe(0)
    expect(allowed.stderr).not.toContain('asset-outside-root')
    expect(readFileSync(path.join(dir, 'dist/post.html'), 'utf8')).toContain('src="data:image/png;base64,')
    write(dir, 'colophon.config.yaml', `assetRoot: .\nmaxAssetSize: ${png.length - 1}\n`)
    const large = await cli(['build', 'posts/post.md', '--out', 'dist', '--formats', 'html'], dir)
    expect(large.stderr).toContain('asset-too-large')
    write(dir, 'colophon.config.yaml', 'maxDepth: 3\n')
    const deep = await cli(['build', 'posts/post.md', '--out', 'dist', '--formats', 'html'], dir)
    expect(deep.code).toBe(1)
    expect(deep.stderr).toContain('Nesting deeper than 3 levels')
  })
})

describe('cases 2 and 11: inputs, dictionaries and configs that are devices', () => {
  it('refuses them at once instead of reading without end', async () => {
    const dir = temporary()
    const { symlinkSync } = await import('node:fs')
    symlinkSync('/dev/zero', path.join(dir, 'zero.md'))
    write(dir, 'ok.md', '# Fine\n\nText.\n')
    const input = await cli(['build', 'zero.md', 'ok.md', '--out', 'dist', '--formats', 'html'], dir)
    expect(input.code).not.toBe(0)
    expect(input.stderr).toContain('not a regular file')
    const dictionary = await cli(['check', 'ok.md', '--dictionary', 'zero.md'], dir)
    expect(dictionary.code).toBe(2)
    expect(dictionary.stderr).toContain('not a regular file')
    const config = await cli(['build', 'ok.md', '--config', 'zero.md'], dir)
    expect(config.code).toBe(2)
    expect(config.stderr).toContain('regular file')
  })
})

describe('case 10: the raw HTML nesting estimate', () => {
  it('counts <div/> as the open tag it is, and leaves comments and unclosed inline anchors alone', async () => {
    const dir = temporary()
    write(dir, 'divs.md', `# T\n\n${'<div/>'.repeat(3000)}\n`)
    const deep = await cli(['build', 'divs.md', '--out', 'dist', '--formats', 'html'], dir)
    expect(deep.stdout + deep.stderr).toContain('Nesting deeper than 100 levels')
    write(dir, 'comments.md', `# T\n\n${'<!-- <div> -->\n\n'.repeat(150)}Text.\n`)
    write(
      dir,
      'anchors.md',
      `# T\n\n${Array.from({ length: 150 }, (_, i) => `## S${i}\n\n<a name="s${i}">Section ${i}.\n`).join('\n')}`,
    )
    for (const name of ['comments.md', 'anchors.md']) {
      const { code, stderr } = await cli(['build', name, '--out', 'dist', '--formats', 'html'], dir)
      expect(code, name).toBe(0)
      expect(stderr, name).not.toContain('too-deep')
    }
  })
})

describe('links to the title in an EPUB', () => {
  it('unlinks a link to the title, which moves to the title page, so the EPUB stays valid', async () => {
    const dir = temporary()
    write(dir, 't.md', '# My Title\n\n- [Top](#my-title)\n\n## Usage\n\nText.\n')
    const { code, stderr } = await cli(['build', 't.md', '--out', 'dist', '--formats', 'epub'], dir)
    expect(code).toBe(0)
    expect(stderr).toContain('unresolved-link')
    const epub = [...(await readEpub(readFileSync(path.join(dir, 'dist/t.epub')))).values()].join('')
    expect(epub).not.toContain('href="#my-title"')
  })
})
