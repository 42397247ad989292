import { createHash } from 'node:crypto'
import { constants } from 'node:fs'
import { open, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Element, ElementContent, ElementData, Root } from 'hast'
import { SKIP, visit } from 'unist-util-visit'
import type { VFile } from 'vfile'
import { CorruptImage, checkImage, sanitizeSvg } from './image-checks.js'

/** An image (or other file) an article refers to, read by Colophon. */
export interface Asset {
  /** The reference as written in the source. */
  source: string
  /** The bytes (an SVG file as sanitized). */
  data: Uint8Array
  /** Media type, from the bytes. */
  mediaType: string
  /** A stable file name: a hash of the bytes and the extension. */
  name: string
  /** Width in pixels, read from the file (raster images only). */
  width?: number | undefined
  /** Height in pixels, read from the file (raster images only). */
  height?: number | undefined
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
  /**
   * Folder every local image must be inside, after symbolic links are
   * resolved; relative to `file.cwd` (default: `baseDir`, the document's
   * folder). An absolute path is allowed only inside it too.
   */
  root?: string | undefined
  /** Largest image read or fetched, in bytes (default: `defaultMaxAssetSize`, 20 MiB). */
  maxSize?: number | undefined
}

/** The default of `AssetOptions.maxSize`: 20 MiB. */
export const defaultMaxAssetSize: number = 20 * 1024 * 1024

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
    (b) =>
      // A document type naming `svg` is enough: its internal subset may run past the bytes looked at.
      /^\s*(?:<\?[^>]*\?>\s*|<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE\s+svg\b|<svg[\s>])/i.test(
        new TextDecoder().decode(b.slice(0, 1024)),
      ),
  ],
]

/** The media type and extension of an image, from its first bytes. */
export function sniffImage(bytes: Uint8Array): { mediaType: string; extension: string } | undefined {
  for (const [mediaType, extension, test] of signatures) if (test(bytes)) return { mediaType, extension }
  return undefined
}

/** An image that is not used, the rule that refused it and why. */
class Refusal {
  constructor(
    readonly ruleId: string,
    readonly reason: string,
  ) {}
}

/** What reading one reference gave. */
type Outcome =
  | { asset: Omit<Asset, 'source'> /** What was removed from an SVG file. */; removed?: string[] }
  | { refusal: Refusal }
  | { error: string }

/** Human size of a byte count. */
function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / 1024 / 1024).toFixed(1))} MiB`
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`
  return `${bytes} bytes`
}

const tooLarge = (src: string, maxSize: number, size?: number) =>
  new Refusal(
    'asset-too-large',
    `Image \`${src}\` is larger than ${formatSize(maxSize)}${size === undefined ? '' : ` (${formatSize(size)})`}, the limit on an image (\`maxSize\`); its alt text stands in for it`,
  )

/** Whether `target` is `folder` or inside it. */
function isInside(folder: string, target: string): boolean {
  const relative = path.relative(folder, target)
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative))
}

/** The folder local images are confined to: as given, and with its symbolic links resolved. */
interface Confinement {
  folder: string
  real: string
  /** How messages name it. */
  label: string
}

/** What kind of file a non-regular file is, in words. */
function kindOf(info: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  if (info.isDirectory()) return 'a folder'
  if (info.isFIFO()) return 'a named pipe'
  if (info.isSocket()) return 'a socket'
  return 'a device or other special file'
}

/**
 * Read a local file inside the confinement: the path and its real path
 * (symbolic links resolved) inside it, a regular file (a device, pipe,
 * socket or folder is never opened), no larger than `maxSize` (checked
 * before reading, and the read itself stops there).
 */
async function readLocal(src: string, target: string, root: Confinement, maxSize: number): Promise<Outcome> {
  const outside = () =>
    new Refusal(
      'asset-outside-root',
      `Image \`${src}\` is outside ${root.label}; only files inside it are read, and its alt text stands in for it`,
    )
  if (!isInside(root.folder, target) && !isInside(root.real, target)) return { refusal: outside() }
  let real: string
  try {
    real = await realpath(target)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return { error: code === 'ENOENT' || code === 'ENOTDIR' ? 'file not found' : (error as Error).message }
  }
  // A symbolic link inside the folder may point anywhere.
  if (!isInside(root.real, real)) return { refusal: outside() }
  const info = await stat(real)
  const notAFile = (kind: string) =>
    new Refusal('asset-not-a-file', `Image \`${src}\` is ${kind}, not a file; its alt text stands in for it`)
  if (!info.isFile()) return { refusal: notAFile(kindOf(info)) }
  if (info.size > maxSize) return { refusal: tooLarge(src, maxSize, info.size) }
  // Never block on a pipe put there since, nor follow a link put there since.
  const handle = await open(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0))
  try {
    const opened = await handle.stat()
    if (!opened.isFile() || opened.ino !== info.ino || opened.dev !== info.dev) {
      return { refusal: notAFile(opened.isFile() ? 'a file that was replaced while it was read' : kindOf(opened)) }
    }
    // The read stops one byte past the limit, whatever the size said: a file
    // that grew while it was read (or that tells no size) is refused too.
    let buffer = new Uint8Array(Math.min(opened.size, maxSize) + 1)
    let length = 0
    for (;;) {
      if (length === buffer.length) {
        if (length > maxSize) return { refusal: tooLarge(src, maxSize) }
        const larger = new Uint8Array(Math.min(Math.max(buffer.length * 2, 65_536), maxSize + 1))
        larger.set(buffer)
        buffer = larger
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length)
      if (bytesRead === 0) break
      length += bytesRead
    }
    return checked(src, buffer.subarray(0, length))
  } finally {
    await handle.close()
  }
}

/**
 * Fetch a remote image, within the timeout and `maxSize` (a larger body is
 * not read to its end). A failure that is not a refusal is thrown.
 */
async function fetchRemote(src: string, timeout: number, maxSize: number): Promise<Outcome> {
  const response = await fetch(src, { signal: AbortSignal.timeout(timeout), redirect: 'follow' })
  if (!response.ok) {
    await response.body?.cancel()
    throw new Error(`HTTP ${response.status}`)
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN)
  if (declared > maxSize) {
    await response.body?.cancel()
    return { refusal: tooLarge(src, maxSize, declared) }
  }
  const chunks: Uint8Array[] = []
  let length = 0
  if (response.body) {
    const reader = response.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      length += value.length
      if (length > maxSize) {
        await reader.cancel()
        return { refusal: tooLarge(src, maxSize) }
      }
      chunks.push(value)
    }
  }
  const data = new Uint8Array(length)
  let offset = 0
  for (const chunk of chunks) {
    data.set(chunk, offset)
    offset += chunk.length
  }
  return checked(src, data)
}

/**
 * Most pixels an image may have (50 million: 200 MiB decoded): a small file
 * can claim a huge size, which an edition's decoder would then allocate.
 */
export const maxPixels = 50_000_000

/** Tell the image's type and check it (see `checkImage`, `sanitizeSvg`); its asset, or why it is not used. */
function checked(src: string, bytes: Uint8Array): Outcome {
  const kind = sniffImage(bytes)
  if (!kind) {
    return {
      refusal: new Refusal(
        'unsupported-asset',
        `\`${src}\` is not a PNG, JPEG, GIF, WebP or SVG image; it is left out`,
      ),
    }
  }
  let data = bytes
  let size: { width: number; height: number } | undefined
  let removed: string[] = []
  try {
    if (kind.mediaType === 'image/svg+xml') ({ data, removed } = sanitizeSvg(bytes))
    else size = checkImage(bytes, kind.mediaType)
  } catch (error) {
    if (!(error instanceof CorruptImage)) throw error
    const type = kind.extension === 'jpg' ? 'JPEG' : kind.extension.toUpperCase()
    return {
      refusal: error.refused
        ? new Refusal(
            'refused-asset',
            `Colophon does not use the ${type} image \`${src}\`: ${error.message}; its alt text stands in for it`,
          )
        : new Refusal(
            'corrupt-asset',
            `Image \`${src}\` is a damaged ${type} file (${error.message}); its alt text stands in for it`,
          ),
    }
  }
  if (size && size.width * size.height > maxPixels) {
    return {
      refusal: new Refusal(
        'asset-too-large',
        `Image \`${src}\` is ${size.width} × ${size.height} pixels, more than ${maxPixels / 1e6} million (decoding it would take ${Math.round((size.width * size.height * 4) / 2 ** 20)} MiB); its alt text stands in for it`,
      ),
    }
  }
  const hash = createHash('sha256').update(data).digest('hex').slice(0, 16)
  const asset = { data, mediaType: kind.mediaType, name: `${hash}.${kind.extension}`, ...size }
  return removed.length > 0 ? { asset, removed } : { asset }
}

/** The text of a node in its file (`![alt](url)`), when short enough to quote. */
function quoted(node: Element, file: VFile): string | undefined {
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  if (start === undefined || end === undefined || end - start > 200) return undefined
  const text = String(file.value ?? '').slice(start, end)
  return text.trim() ? text.replace(/\s+/g, ' ') : undefined
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
 * Read every image of an article and check it, once, for every edition:
 *
 * - a local file (a relative or absolute path, or a `file:` URL) only
 *   inside the document's folder or `root`, symbolic links resolved; only a
 *   regular file (never a device, pipe, socket or folder), no larger than
 *   `maxSize`;
 * - a remote one only when allowed, within the timeout and `maxSize` (an
 *   allowed image that cannot be fetched is an error, never an empty file);
 * - a PNG, JPEG, GIF or WebP file whose structure is whole (its size is
 *   recorded), or an SVG file, sanitized: no script, nothing from outside.
 *
 * Each resolved `<img>` gets `data.asset`; an image that cannot be used (or
 * has no `src`) is replaced by its alt text, with a warning naming it and the
 * rule that refused it (`ruleId`: `missing-asset`, `asset-outside-root`,
 * `asset-not-a-file`, `asset-too-large`, `corrupt-asset`, `unsupported-asset`,
 * `remote-asset`; `svg-sanitized` when something was removed from an SVG).
 *
 * @param tree
 *   The shared hast tree.
 * @param file
 *   The document's file (messages; `path` locates relative images).
 * @param options
 *   Configuration (optional).
 * @throws {VFileMessage}
 *   When an allowed remote image cannot be fetched.
 */
export async function resolveAssets(tree: Root, file: VFile, options: AssetOptions = {}): Promise<void> {
  const base = options.baseDir ?? (file.path ? path.resolve(file.cwd, path.dirname(file.path)) : file.cwd)
  const maxSize = options.maxSize ?? defaultMaxAssetSize
  const pending: Array<{ node: Element; parent: Element | Root; src: string }> = []
  visit(tree, 'element', (node, _index, parent) => {
    if (node.tagName !== 'img' || !parent) return
    const src = node.properties.src
    pending.push({ node, parent: parent as Element | Root, src: typeof src === 'string' ? src.trim() : '' })
    return SKIP
  })
  if (pending.length === 0) return
  let confinement: Confinement | undefined
  const confine = async (): Promise<Confinement> => {
    if (confinement) return confinement
    const folder = path.resolve(file.cwd, options.root ?? base)
    const real = await realpath(folder).catch(() => folder)
    const label = options.root === undefined ? `the document's folder (${folder})` : `the asset root (${folder})`
    confinement = { folder, real, label }
    return confinement
  }
  const failed: Array<{ node: Element; parent: Element | Root }> = []
  const outcomes = new Map<string, Promise<Outcome>>()
  const read = async (src: string): Promise<Outcome> => {
    if (/^https?:\/\//i.test(src)) return fetchRemote(src, options.fetchTimeout ?? 20_000, maxSize)
    let target: string
    try {
      target = /^file:/i.test(src)
        ? fileURLToPath(src)
        : path.resolve(base, decodeURIComponent(src.split(/[?#]/)[0] ?? src))
    } catch (error) {
      return {
        refusal: new Refusal(
          'unsupported-asset',
          `Image \`${src}\` has an address that is not valid (${(error as Error).message}); its alt text stands in for it`,
        ),
      }
    }
    return readLocal(src, target, await confine(), maxSize)
  }
  for (const { node, parent, src } of pending) {
    const place = node.position
    const refuse = (ruleId: string, reason: string) => {
      file.message(reason, { place, ruleId, source })
      failed.push({ node, parent })
    }
    if (src === '') {
      const text = quoted(node, file)
      const alt = typeof node.properties.alt === 'string' && node.properties.alt ? node.properties.alt : undefined
      const named = text ? `Image \`${text}\`` : alt ? `The image with alt text \`${alt}\`` : 'An image'
      refuse(
        'missing-asset',
        `${named} has no address an edition can use (a relative path, or http or https; a \`file:\` or \`data:\` URL is not kept); its alt text stands in for it`,
      )
      continue
    }
    const remote = /^https?:\/\//i.test(src)
    if (remote && !options.allowRemote) {
      refuse('remote-asset', `Remote image \`${src}\` is not fetched; allow remote assets to include it`)
      continue
    }
    if (!remote && /^[a-z][a-z\d+.-]*:/i.test(src) && !/^file:/i.test(src)) {
      refuse('unsupported-asset', `Image \`${src}\` has an unsupported URL scheme`)
      continue
    }
    let outcome = outcomes.get(src)
    if (!outcome) {
      outcome = read(src).catch((error: Error): Outcome => ({ error: error.message }))
      outcomes.set(src, outcome)
    }
    const result = await outcome
    if ('error' in result) {
      const reason = result.error
      if (remote) {
        // Allowed but unreachable: an error, never an empty file in an edition.
        file.fail(`Cannot fetch image \`${src}\`: ${reason}`, { place, ruleId: 'remote-asset-failed', source })
      }
      refuse('missing-asset', `Cannot read image \`${src}\` (${reason}); its alt text stands in for it`)
      continue
    }
    if ('refusal' in result) {
      refuse(result.refusal.ruleId, result.refusal.reason)
      continue
    }
    if (result.removed) {
      file.message(
        `SVG image \`${src}\`: removed ${result.removed.join(', ')} (an image may hold no script and load nothing from outside itself)`,
        { place, ruleId: 'svg-sanitized', source },
      )
    }
    const elementData = (node.data ?? {}) as ElementData
    elementData.asset = { source: src, ...result.asset }
    node.data = elementData
  }
  for (const { node, parent } of failed) {
    const index = parent.children.indexOf(node)
    if (index !== -1) replaceWithAlt(parent, index, node)
  }
}
