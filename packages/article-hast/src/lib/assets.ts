import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Element, ElementContent, ElementData, Root } from 'hast'
import { SKIP, visit } from 'unist-util-visit'
import type { VFile } from 'vfile'

/** An image (or other file) an article refers to, read by Colophon. */
export interface Asset {
  /** The reference as written in the source. */
  source: string
  /** The bytes. */
  data: Uint8Array
  /** Media type, from the bytes. */
  mediaType: string
  /** A stable file name: a hash of the bytes and the extension. */
  name: string
}

declare module 'hast' {
  interface ElementData {
    /** The resolved file of an `<img>`, set by `resolveAssets`. */
    asset?: Asset | undefined
  }
}

/** Configuration for `resolveAssets`. */
export interface AssetOptions {
  /** Fetch `http:`/`https:` images (default: `false`: they are refused with a message). */
  allowRemote?: boolean | undefined
  /** Timeout of a fetch, in milliseconds (default: `20000`). */
  fetchTimeout?: number | undefined
  /** Folder relative references are resolved against (default: the folder of `file.path`). */
  baseDir?: string | undefined
}

/** `source` of every message this module emits. */
const source = 'colophon-assets'

const signatures: Array<[string, string, (bytes: Uint8Array) => boolean]> = [
  ['image/png', 'png', (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47],
  ['image/jpeg', 'jpg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['image/gif', 'gif', (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46],
  [
    'image/webp',
    'webp',
    (b) => b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42,
  ],
  [
    'image/svg+xml',
    'svg',
    (b) => /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<svg[\s>]/.test(new TextDecoder().decode(b.slice(0, 512))),
  ],
]

/** The media type and extension of an image, from its first bytes. */
export function sniffImage(bytes: Uint8Array): { mediaType: string; extension: string } | undefined {
  for (const [mediaType, extension, test] of signatures) if (test(bytes)) return { mediaType, extension }
  return undefined
}

async function fetchBytes(url: string, timeout: number): Promise<Uint8Array> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeout), redirect: 'follow' })
  if (!response.ok) throw new Error(`HTTP ${response.status}`)
  return new Uint8Array(await response.arrayBuffer())
}

function replaceWithAlt(parent: Element | Root, index: number, node: Element): void {
  const alt = typeof node.properties.alt === 'string' ? node.properties.alt : ''
  const replacement: ElementContent = alt
    ? {
        type: 'element',
        tagName: 'span',
        properties: { className: ['image-alt'] },
        children: [{ type: 'text', value: `[${alt}]` }],
      }
    : { type: 'text', value: '' }
  parent.children.splice(index, 1, replacement as never)
}

/**
 * Read every image of an article: local files relative to the document,
 * remote ones only when allowed (with a timeout; a failure is an error, never
 * an empty file). Each resolved `<img>` gets `data.asset`; an image that
 * cannot be used is replaced by its alt text and reported.
 *
 * @param tree
 *   The shared hast tree.
 * @param file
 *   The document's file (messages; `path` locates relative images).
 * @param options
 *   Configuration (optional).
 */
export async function resolveAssets(tree: Root, file: VFile, options: AssetOptions = {}): Promise<void> {
  const base = options.baseDir ?? (file.path ? path.resolve(file.cwd, path.dirname(file.path)) : file.cwd)
  const pending: Array<{ node: Element; parent: Element | Root; src: string }> = []
  visit(tree, 'element', (node, _index, parent) => {
    if (node.tagName !== 'img' || !parent) return
    const src = node.properties.src
    if (typeof src !== 'string' || src === '') return
    pending.push({ node, parent: parent as Element | Root, src })
    return SKIP
  })
  const failed: Array<{ node: Element; parent: Element | Root }> = []
  for (const { node, parent, src } of pending) {
    const place = node.position
    const remote = /^https?:\/\//i.test(src)
    let data: Uint8Array | undefined
    try {
      if (remote) {
        if (!options.allowRemote) {
          file.message(`Remote image \`${src}\` is not fetched; allow remote assets to include it`, {
            place,
            ruleId: 'remote-asset',
            source,
          })
          failed.push({ node, parent })
          continue
        }
        data = await fetchBytes(src, options.fetchTimeout ?? 20_000)
      } else if (/^[a-z][a-z\d+.-]*:/i.test(src) && !/^file:/i.test(src)) {
        file.message(`Image \`${src}\` has an unsupported URL scheme`, { place, ruleId: 'unsupported-asset', source })
        failed.push({ node, parent })
        continue
      } else {
        const target = /^file:/i.test(src)
          ? new URL(src)
          : path.resolve(base, decodeURIComponent(src.split(/[?#]/)[0] ?? src))
        data = new Uint8Array(await readFile(target))
      }
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message
      if (remote) {
        // Allowed but unreachable: an error, never an empty file in an edition.
        file.fail(`Cannot fetch image \`${src}\`: ${reason}`, { place, ruleId: 'remote-asset-failed', source })
      }
      file.message(`Cannot read image \`${src}\` (${reason}); its alt text stands in for it`, {
        place,
        ruleId: 'missing-asset',
        source,
      })
      failed.push({ node, parent })
      continue
    }
    if (!data) continue
    const kind = sniffImage(data)
    if (!kind) {
      file.message(`\`${src}\` is not a PNG, JPEG, GIF, WebP or SVG image; it is left out`, {
        place,
        ruleId: 'unsupported-asset',
        source,
      })
      failed.push({ node, parent })
      continue
    }
    const hash = createHash('sha256').update(data).digest('hex').slice(0, 16)
    const elementData = (node.data ?? {}) as ElementData
    elementData.asset = { source: src, data, mediaType: kind.mediaType, name: `${hash}.${kind.extension}` }
    node.data = elementData
  }
  for (const { node, parent } of failed) {
    const index = parent.children.indexOf(node)
    if (index !== -1) replaceWithAlt(parent, index, node)
  }
}
