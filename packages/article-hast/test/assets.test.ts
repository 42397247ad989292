import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { resolveAssets } from '@colophon/article-hast'
import type { Element, Root } from 'hast'
import { toHtml } from 'hast-util-to-html'
import { VFile } from 'vfile'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CorruptImage, checkImage, sanitizeSvg } from '../src/lib/image-checks.js'

const png = new Uint8Array(readFileSync(new URL('fixtures/images/steppe.png', import.meta.url)))
const b64 = (value: string) => new Uint8Array(Buffer.from(value, 'base64'))
/** A 9 × 12 JPEG (baseline). */
const jpeg = b64(
  '/9j/4AAQSkZJRgABAQEAAQABAAD/2wBDAKBueIx4ZKCMgoy0qqC+8P//8Nzc8P//////////////////////////////////////////////////////////2wBDAaq0tPDS8P//////////////////////////////////////////////////////////////////////////////wAARCAAMAAkDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwCbvRRRQB//2Q==',
)
/** A 1 × 1 GIF, and 1 × 1 WebP files (lossless and lossy). */
const gif = b64('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==')
const webpLossless = b64('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==')
const webpLossy = b64('UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA')

const scriptedSvg = `<?xml version="1.0"?>
<?xml-stylesheet href="https://evil.example/x.css"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10" onload="alert(1)">
  <defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs>
  <script>alert('script')</script>
  <style>@import url(https://evil.example/y.css); rect { fill: blue }</style>
  <style>circle { fill: green }</style>
  <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">outside</div></foreignObject>
  <rect width="10" height="10" fill="url(#g)" onclick="alert(2)" OnMouseOver="alert(3)"/>
  <a xlink:href="javascript:alert(4)"><text>link</text></a>
  <a href="#g"><text>inside</text></a>
  <image href="https://evil.example/tracker.png" width="1" height="1"/>
  <image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
  <use xlink:href="other.svg#shape"/>
  <circle r="2" style="fill: url(https://evil.example/z)"/>
  <set attributeName="href" to="javascript:alert(5)"/>
  <animate attributeName="opacity" from="0" to="1" dur="1s"/>
</svg>`

/** A folder of its own with an article folder (`doc/`) and a file beside it (`outside.png`). */
function workspace() {
  const dir = mkdtempSync(path.join(tmpdir(), 'colophon-assets-'))
  const doc = path.join(dir, 'doc')
  mkdirSync(doc)
  writeFileSync(path.join(dir, 'outside.png'), png)
  writeFileSync(path.join(doc, 'inside.png'), png)
  return { dir, doc, file: () => new VFile({ path: path.join(doc, 'article.md') }) }
}

/** A tree of one `<img>` per source. */
function images(...sources: Array<string | undefined>): Root {
  return {
    type: 'root',
    children: sources.map((src, index) => ({
      type: 'element',
      tagName: 'img',
      properties: src === undefined ? { alt: `image ${index + 1}` } : { src, alt: `image ${index + 1}` },
      children: [],
    })),
  }
}

const rules = (file: VFile) => file.messages.map((message) => message.ruleId)
const asset = (tree: Root, index = 0) => (tree.children[index] as Element).data?.asset

describe('case 2: images are confined to the document folder or the asset root', () => {
  it('case 2: a `../` path is refused, and its alt text stands in', async () => {
    const { file } = workspace()
    const tree = images('../outside.png')
    const vfile = file()
    await resolveAssets(tree, vfile)
    expect(rules(vfile)).toEqual(['asset-outside-root'])
    expect(String(vfile.messages[0]?.reason)).toMatch(
      /^Image `\.\.\/outside\.png` is outside the document's folder \(.*doc\)/,
    )
    expect(vfile.messages[0]?.source).toBe('colophon-assets')
    expect(vfile.messages[0]?.fatal).toBe(false)
    expect(toHtml(tree)).toBe('<span class="image-alt">[image 1]</span>')
  })

  it('case 2: an absolute path is read only inside the folder', async () => {
    const { dir, doc, file } = workspace()
    const tree = images(path.join(dir, 'outside.png'), path.join(doc, 'inside.png'), '/etc/passwd')
    const vfile = file()
    await resolveAssets(tree, vfile)
    expect(rules(vfile)).toEqual(['asset-outside-root', 'asset-outside-root'])
    expect(toHtml(tree)).not.toContain('root:')
    const inside = tree.children.find((node) => node.type === 'element' && node.tagName === 'img') as Element
    expect(inside.data?.asset?.mediaType).toBe('image/png')
  })

  it('case 2: a symbolic link inside the folder that leads outside is refused', async () => {
    const { dir, doc, file } = workspace()
    symlinkSync(path.join(dir, 'outside.png'), path.join(doc, 'link.png'))
    symlinkSync(dir, path.join(doc, 'up'))
    symlinkSync(path.join(doc, 'inside.png'), path.join(doc, 'local-link.png'))
    const tree = images('link.png', 'up/outside.png', 'local-link.png')
    const vfile = file()
    await resolveAssets(tree, vfile)
    expect(rules(vfile)).toEqual(['asset-outside-root', 'asset-outside-root'])
    expect(asset(tree, 2)?.mediaType).toBe('image/png')
  })

  it('case 2: a configured asset root (relative to cwd) widens or narrows the folder', async () => {
    const { dir, doc } = workspace()
    const wide = images('../outside.png')
    const wideFile = new VFile({ path: path.join(doc, 'article.md'), cwd: path.dirname(dir) })
    await resolveAssets(wide, wideFile, { root: path.basename(dir) })
    expect(wideFile.messages).toEqual([])
    expect(asset(wide)?.mediaType).toBe('image/png')

    mkdirSync(path.join(doc, 'images'))
    const narrow = images('inside.png')
    const narrowFile = new VFile({ path: path.join(doc, 'article.md') })
    await resolveAssets(narrow, narrowFile, { root: path.join(doc, 'images') })
    expect(rules(narrowFile)).toEqual(['asset-outside-root'])
    expect(String(narrowFile.messages[0]?.reason)).toContain('outside the asset root')
  })

  it('case 2: a `file:` URL goes through the same confinement', async () => {
    const { dir, doc, file } = workspace()
    const tree = images(
      pathToFileURL(path.join(doc, 'inside.png')).href,
      pathToFileURL(path.join(dir, 'outside.png')).href,
    )
    const vfile = file()
    await resolveAssets(tree, vfile)
    expect(asset(tree)?.mediaType).toBe('image/png')
    expect(rules(vfile)).toEqual(['asset-outside-root'])
  })

  it('case 2: /dev/zero is refused without being read, even with `/` as the root', { timeout: 5000 }, async () => {
    const { file } = workspace()
    const outside = images('/dev/zero')
    const vfile = file()
    await resolveAssets(outside, vfile)
    expect(rules(vfile)).toEqual(['asset-outside-root'])

    const everywhere = images('/dev/zero')
    const rootFile = file()
    await resolveAssets(everywhere, rootFile, { root: '/' })
    expect(rules(rootFile)).toEqual(['asset-not-a-file'])
    expect(String(rootFile.messages[0]?.reason)).toBe(
      'Image `/dev/zero` is a device or other special file, not a file; its alt text stands in for it',
    )
    expect(toHtml(everywhere)).toBe('<span class="image-alt">[image 1]</span>')
  })

  const mkfifo = spawnSync('mkfifo', ['--version'], { stdio: 'ignore' }).error === undefined
  it.skipIf(!mkfifo)('case 2: a named pipe is refused without blocking [needs mkfifo]', { timeout: 5000 }, async () => {
    const { doc, file } = workspace()
    expect(spawnSync('mkfifo', [path.join(doc, 'pipe.png')]).status).toBe(0)
    const tree = images('pipe.png')
    const vfile = file()
    await resolveAssets(tree, vfile)
    expect(rules(vfile)).toEqual(['asset-not-a-file'])
    expect(String(vfile.messages[0]?.reason)).toContain('is a named pipe, not a file')
  })

  it('case 2: a folder is refused', async () => {
    const { doc, file } = workspace()
    mkdirSync(path.join(doc, 'folder.png'))
    const tree = images('folder.png', '.')
    const vfile = file()
    await resolveAssets(tree, vfile)
    expect(rules(vfile)).toEqual(['asset-not-a-file', 'asset-not-a-file'])
    expect(String(vfile.messages[0]?.reason)).toContain('is a folder, not a file')
  })

  it('case 2: a file larger than `maxSize` is refused before it is read; one of that size is read', async () => {
    const { file } = workspace()
    const over = images('inside.png')
    const overFile = file()
    await resolveAssets(over, overFile, { maxSize: png.length - 1 })
    expect(rules(overFile)).toEqual(['asset-too-large'])
    expect(String(overFile.messages[0]?.reason)).toBe(
      `Image \`inside.png\` is larger than ${png.length - 1} bytes (${png.length} bytes), the limit on an image (\`maxSize\`); its alt text stands in for it`,
    )
    const exact = images('inside.png')
    const exactFile = file()
    await resolveAssets(exact, exactFile, { maxSize: png.length })
    expect(exactFile.messages).toEqual([])
    expect(asset(exact)?.data).toEqual(png)
  })

  it.skipIf(!existsSync('/proc/self/status'))(
    'case 2: the read itself stops at `maxSize`, whatever size the file tells [needs /proc]',
    async () => {
      // A file of /proc tells a size of 0 and holds more: like a file that grows while it is read.
      const tree = images('/proc/self/status')
      const vfile = new VFile({ path: '/proc/article.md' })
      await resolveAssets(tree, vfile, { root: '/proc', maxSize: 16 })
      expect(rules(vfile)).toEqual(['asset-too-large'])
      const whole = images('/proc/self/status')
      const wholeFile = new VFile({ path: '/proc/article.md' })
      await resolveAssets(whole, wholeFile, { root: '/proc' })
      // Read to its end, it is not an image.
      expect(rules(wholeFile)).toEqual(['unsupported-asset'])
    },
  )

  it('the default limit is 20 MiB', async () => {
    const { doc, file } = workspace()
    const big = new Uint8Array(20 * 1024 * 1024 + 1)
    big.set(png)
    writeFileSync(path.join(doc, 'big.png'), big)
    const tree = images('big.png')
    const vfile = file()
    await resolveAssets(tree, vfile)
    expect(rules(vfile)).toEqual(['asset-too-large'])
    expect(String(vfile.messages[0]?.reason)).toContain('larger than 20 MiB')
  })
})

describe('case 2: remote images are size-capped', () => {
  let server: Server
  let base = ''
  let closed = 0
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/endless.png') {
        // No length given, and no end: only the reader's limit stops it.
        response.writeHead(200, { 'content-type': 'image/png' })
        const chunk = new Uint8Array(64 * 1024)
        const write = () => {
          while (!response.destroyed && response.write(chunk));
          if (!response.destroyed) response.once('drain', write)
        }
        response.once('close', () => closed++)
        write()
      } else if (request.url === '/declared.png') {
        response.writeHead(200, { 'content-type': 'image/png', 'content-length': String(png.length) })
        response.end(png)
      } else {
        response.writeHead(404).end()
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('case 2: an endless response is read up to the limit only', { timeout: 10_000 }, async () => {
    const tree = images(`${base}/endless.png`)
    const file = new VFile({ path: 'x.md' })
    await resolveAssets(tree, file, { allowRemote: true, maxSize: 1024 * 1024 })
    expect(rules(file)).toEqual(['asset-too-large'])
    expect(toHtml(tree)).toBe('<span class="image-alt">[image 1]</span>')
    await expect.poll(() => closed).toBe(1)
  })

  it('case 2: a declared length over the limit is refused before the body is read', async () => {
    const tree = images(`${base}/declared.png`)
    const file = new VFile({ path: 'x.md' })
    await resolveAssets(tree, file, { allowRemote: true, maxSize: png.length - 1 })
    expect(rules(file)).toEqual(['asset-too-large'])
    const fits = images(`${base}/declared.png`)
    await resolveAssets(fits, new VFile({ path: 'x.md' }), { allowRemote: true, maxSize: png.length })
    expect(asset(fits)?.width).toBe(40)
  })
})

describe('case 4: SVG images hold no script and load nothing', () => {
  it('case 4: a scripted SVG is sanitized, with a warning saying what was removed', async () => {
    const { doc, file } = workspace()
    writeFileSync(path.join(doc, 'scripted.svg'), scriptedSvg)
    const tree = images('scripted.svg')
    const vfile = file()
    await resolveAssets(tree, vfile)
    expect(rules(vfile)).toEqual(['svg-sanitized'])
    const reason = String(vfile.messages[0]?.reason)
    for (const part of ['<script>', '<foreignObject>', 'the onclick attribute', 'the onload attribute']) {
      expect(reason).toContain(part)
    }
    const svg = new TextDecoder().decode(asset(tree)?.data)
    expect(asset(tree)?.mediaType).toBe('image/svg+xml')
    expect(svg).not.toMatch(/script|alert|evil\.example|foreignObject|onclick|onload|OnMouseOver|other\.svg|@import/i)
    // What is safe stays: shapes, fragment references, embedded rasters, plain CSS, harmless animation.
    expect(svg).toContain('<rect width="10" height="10" fill="url(#g)" />')
    expect(svg).toContain('<a href="#g"><text>inside</text></a>')
    expect(svg).toContain('href="data:image/png;base64,iVBORw0KGgo="')
    expect(svg).toContain('<style>circle { fill: green }</style>')
    expect(svg).toContain('<animate attributeName="opacity"')
    expect(svg).toContain('<a><text>link</text></a>')
    // The name is the hash of what is embedded, not of the original.
    expect(asset(tree)?.name).toMatch(/^[0-9a-f]{16}\.svg$/)
  })

  it('case 4: an SVG that is not well-formed, or declares entities, is refused', () => {
    const encode = (text: string) => new TextEncoder().encode(text)
    expect(() => sanitizeSvg(encode('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>'))).toThrow(CorruptImage)
    expect(() =>
      sanitizeSvg(
        encode(
          '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg">&b;</svg>',
        ),
      ),
    ).toThrow(/declares XML entities/)
    expect(() => sanitizeSvg(encode('<html><svg/></html>'))).toThrow(/root is not <svg>/)
    const deep = `<svg xmlns="http://www.w3.org/2000/svg">${'<g>'.repeat(50_000)}${'</g>'.repeat(50_000)}</svg>`
    expect(() => sanitizeSvg(encode(deep))).toThrow('elements nested too deeply')
    // A plain one passes unchanged in substance; a missing namespace is added so it is drawn.
    const plain = sanitizeSvg(encode('<svg width="1" height="1"><circle r="1"/></svg>'))
    expect(plain.removed).toEqual([])
    expect(new TextDecoder().decode(plain.data)).toBe(
      '<svg width="1" height="1" xmlns="http://www.w3.org/2000/svg"><circle r="1" /></svg>',
    )
  })

  it('case 4: an SVG declaring entities is sniffed as SVG and refused for its entities, not called damaged or no image', async () => {
    const { doc, file } = workspace()
    const subset = `<!ENTITY a "aaaaaaaaaa">${'<!-- padding past the sniffed bytes -->'.repeat(40)}`
    writeFileSync(
      path.join(doc, 'bomb.svg'),
      `<?xml version="1.0"?>\n<!DOCTYPE svg [${subset}]>\n<svg xmlns="http://www.w3.org/2000/svg">&a;</svg>`,
    )
    const tree = images('bomb.svg')
    const vfile = file()
    await resolveAssets(tree, vfile)
    expect(rules(vfile)).toEqual(['refused-asset'])
    expect(String(vfile.messages[0]?.reason)).toBe(
      'Colophon does not use the SVG image `bomb.svg`: it declares XML entities (`<!ENTITY`), which can expand without bound; its alt text stands in for it',
    )
  })

  it('case 4: an SVG that cannot be made safe is left out, with a warning', async () => {
    const { doc, file } = workspace()
    writeFileSync(path.join(doc, 'broken.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>')
    const tree = images('broken.svg')
    const vfile = file()
    await resolveAssets(tree, vfile)
    expect(rules(vfile)).toEqual(['corrupt-asset'])
    expect(String(vfile.messages[0]?.reason)).toMatch(
      /^Image `broken\.svg` is a damaged SVG file \(not well-formed XML/,
    )
    expect(toHtml(tree)).toBe('<span class="image-alt">[image 1]</span>')
  })

  it('case 4: an image without an address (a `file:` URL removed by the sanitizer) becomes its alt text', async () => {
    const tree = images(undefined, '')
    const file = new VFile({ path: 'x.md' })
    await resolveAssets(tree, file)
    expect(rules(file)).toEqual(['missing-asset', 'missing-asset'])
    expect(String(file.messages[0]?.reason)).toBe(
      'The image with alt text `image 1` has no address an edition can use (a relative path, or http or https; a `file:` or `data:` URL is not kept); its alt text stands in for it',
    )
    expect(toHtml(tree)).toBe('<span class="image-alt">[image 1]</span><span class="image-alt">[image 2]</span>')
  })
})

describe('case 13: damaged images are left out, for every edition alike', () => {
  it('reads the size of whole PNG, JPEG, GIF and WebP files', () => {
    expect(checkImage(png, 'image/png')).toEqual({ width: 40, height: 20 })
    expect(checkImage(jpeg, 'image/jpeg')).toEqual({ width: 9, height: 12 })
    expect(checkImage(gif, 'image/gif')).toEqual({ width: 1, height: 1 })
    expect(checkImage(webpLossless, 'image/webp')).toEqual({ width: 1, height: 1 })
    expect(checkImage(webpLossy, 'image/webp')).toEqual({ width: 1, height: 1 })
  })

  const garbage = new Uint8Array(200).map((_, index) => (index * 37 + 11) % 251)
  const withCrcBroken = png.slice()
  withCrcBroken[45] = (withCrcBroken[45] ?? 0) ^ 0xff
  const zeroWidth = png.slice()
  zeroWidth.set([0, 0, 0, 0], 16)
  const damaged: Array<[string, Uint8Array, string, RegExp]> = [
    ['a PNG signature and garbage', new Uint8Array([...png.subarray(0, 8), ...garbage]), 'image/png', /damaged chunk/],
    ['a PNG cut short', png.subarray(0, 60), 'image/png', /cut short/],
    ['a PNG without its IEND', png.subarray(0, png.length - 12), 'image/png', /no IEND/],
    ['a PNG with a wrong checksum', withCrcBroken, 'image/png', /checksum \(CRC\) of its IDAT chunk/],
    ['a PNG of width 0', zeroWidth, 'image/png', /IHDR/],
    ['a JPEG cut in its headers', jpeg.subarray(0, 300), 'image/jpeg', /cut short/],
    ['a JPEG cut in its data', jpeg.subarray(0, jpeg.length - 2), 'image/jpeg', /no end-of-image/],
    ['a JPEG signature and garbage', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...garbage]), 'image/jpeg', /./],
    ['a GIF cut short', gif.subarray(0, gif.length - 1), 'image/gif', /no trailer/],
    ['a WebP cut short', webpLossless.subarray(0, webpLossless.length - 4), 'image/webp', /cut short/],
  ]
  it.each(damaged)('case 13: %s is damaged', (_name, bytes, mediaType, reason) => {
    expect(() => checkImage(bytes, mediaType)).toThrow(CorruptImage)
    expect(() => checkImage(bytes, mediaType)).toThrow(reason)
  })

  it('case 13: a corrupt or truncated PNG becomes its alt text with a warning', async () => {
    const { doc, file } = workspace()
    writeFileSync(path.join(doc, 'garbage.png'), new Uint8Array([...png.subarray(0, 8), ...garbage]))
    writeFileSync(path.join(doc, 'truncated.png'), png.subarray(0, 60))
    writeFileSync(path.join(doc, 'photo.jpg'), jpeg)
    const tree = images('garbage.png', 'truncated.png', 'photo.jpg')
    const vfile = file()
    await resolveAssets(tree, vfile)
    expect(rules(vfile)).toEqual(['corrupt-asset', 'corrupt-asset'])
    expect(vfile.messages.map((message) => message.reason)).toEqual([
      'Image `garbage.png` is a damaged PNG file (a damaged chunk at byte 8); its alt text stands in for it',
      'Image `truncated.png` is a damaged PNG file (cut short: its IDAT chunk ends past the end of the file); its alt text stands in for it',
    ])
    expect(toHtml({ ...tree, children: tree.children.slice(0, 2) })).toBe(
      '<span class="image-alt">[image 1]</span><span class="image-alt">[image 2]</span>',
    )
    expect(asset(tree, 2)).toMatchObject({ mediaType: 'image/jpeg', width: 9, height: 12 })
  })
})
