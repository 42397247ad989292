/**
 * What Colophon checks in an image before any edition uses it: that a PNG,
 * JPEG, GIF or WebP file is whole (its structure read, not its pixels
 * decoded), and that an SVG file can hold no script and refers to nothing
 * outside itself.
 */
import { createRequire } from 'node:module'
import type { RootContent as XastContent, Element as XastElement, Root as XastRoot } from 'xast'
import { fromXml } from 'xast-util-from-xml'
import { toXml } from 'xast-util-to-xml'

/** The size of an image in pixels. */
export interface ImageSize {
  width: number
  height: number
}

/**
 * An image that cannot be used: its structure is damaged, or (`refused`) it
 * is well-formed but holds something Colophon does not take; the message
 * says what, in words.
 */
export class CorruptImage extends Error {
  override name = 'CorruptImage'
  /** Whether the file is refused for what it holds rather than damaged. */
  readonly refused: boolean

  constructor(message: string, options?: { refused?: boolean }) {
    super(message)
    this.refused = options?.refused ?? false
  }
}

const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end))
const u16be = (bytes: Uint8Array, at: number) => ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0)
const u16le = (bytes: Uint8Array, at: number) => (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8)
const u24le = (bytes: Uint8Array, at: number) => u16le(bytes, at) | ((bytes[at + 2] ?? 0) << 16)
const u32be = (bytes: Uint8Array, at: number) => ((u16be(bytes, at) << 16) | u16be(bytes, at + 2)) >>> 0
const u32le = (bytes: Uint8Array, at: number) => (u16le(bytes, at) | (u16le(bytes, at + 2) << 16)) >>> 0

let crcTable: Uint32Array | undefined
let nativeCrc32: ((data: Uint8Array) => number) | null | undefined

/**
 * CRC-32 (ISO 3309, as PNG uses it): zlib's when Node has it (20.15+), else a
 * table. zlib is loaded on the first PNG (a few milliseconds of every start otherwise).
 */
function crc32(bytes: Uint8Array): number {
  if (nativeCrc32 === undefined) {
    const zlib = createRequire(import.meta.url)('node:zlib') as { crc32?: (data: Uint8Array) => number }
    nativeCrc32 = zlib.crc32 ?? null
  }
  const native = nativeCrc32
  if (native) return native(bytes) >>> 0
  if (!crcTable) {
    crcTable = new Uint32Array(256)
    for (let n = 0; n < 256; n++) {
      let c = n
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
      crcTable[n] = c >>> 0
    }
  }
  let crc = 0xffffffff
  for (const byte of bytes) crc = (crcTable[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

/** PNG: every chunk whole with a matching CRC, `IHDR` first with a size, image data, `IEND`. */
function checkPng(bytes: Uint8Array): ImageSize {
  let position = 8
  let size: ImageSize | undefined
  let data = false
  while (position + 8 <= bytes.length) {
    const length = u32be(bytes, position)
    const type = ascii(bytes, position + 4, position + 8)
    if (!/^[A-Za-z]{4}$/.test(type) || length > 0x7fffffff) {
      throw new CorruptImage(`a damaged chunk at byte ${position}`)
    }
    if (size === undefined && type !== 'IHDR') throw new CorruptImage('no IHDR chunk after the signature')
    const end = position + 8 + length
    if (end + 4 > bytes.length) throw new CorruptImage(`cut short: its ${type} chunk ends past the end of the file`)
    if (crc32(bytes.subarray(position + 4, end)) !== u32be(bytes, end)) {
      throw new CorruptImage(`the checksum (CRC) of its ${type} chunk does not match`)
    }
    if (type === 'IHDR') {
      if (size !== undefined || length !== 13) throw new CorruptImage('a damaged IHDR chunk')
      size = { width: u32be(bytes, position + 8), height: u32be(bytes, position + 12) }
      if (size.width === 0 || size.height === 0) throw new CorruptImage('a width or height of 0')
    }
    if (type === 'IDAT') data = true
    if (type === 'IEND') {
      if (!data) throw new CorruptImage('no image data, no IDAT chunk')
      return size as ImageSize
    }
    position = end + 4
  }
  throw new CorruptImage(size ? 'cut short: no IEND chunk' : 'no IHDR chunk after the signature')
}

/** JPEG: segments whole up to the first scan, a frame header with a size, an end-of-image marker. */
function checkJpeg(bytes: Uint8Array): ImageSize {
  let position = 2
  let size: ImageSize | undefined
  while (position < bytes.length) {
    if (bytes[position] !== 0xff) throw new CorruptImage(`a damaged segment at byte ${position}`)
    while (bytes[position] === 0xff) position++
    const marker = bytes[position]
    position++
    if (marker === undefined) break
    if (marker === 0xd9) throw new CorruptImage('it ends before its image data')
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue
    if (position + 2 > bytes.length) break
    const length = u16be(bytes, position)
    if (length < 2) throw new CorruptImage(`a damaged segment at byte ${position}`)
    if (position + length > bytes.length) break
    // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (length < 8) throw new CorruptImage('a damaged frame header')
      size = { width: u16be(bytes, position + 5), height: u16be(bytes, position + 3) }
      if (size.width === 0 || size.height === 0) throw new CorruptImage('a width or height of 0')
    }
    if (marker === 0xda) {
      if (!size) throw new CorruptImage('no frame header before its image data')
      // The entropy-coded data never holds 0xFF 0xD9 (an 0xFF there is followed by 0x00).
      for (let at = bytes.length - 2; at >= position + length; at--) {
        if (bytes[at] === 0xff && bytes[at + 1] === 0xd9) return size
      }
      throw new CorruptImage('cut short: no end-of-image marker')
    }
    position += length
  }
  throw new CorruptImage('cut short before its image data')
}

/** GIF: the header with a screen size, every block whole, at least one image, the trailer. */
function checkGif(bytes: Uint8Array): ImageSize {
  const version = ascii(bytes, 0, 6)
  if (version !== 'GIF87a' && version !== 'GIF89a') throw new CorruptImage('an unknown GIF version')
  if (bytes.length < 13) throw new CorruptImage('cut short: no logical screen descriptor')
  const size = { width: u16le(bytes, 6), height: u16le(bytes, 8) }
  if (size.width === 0 || size.height === 0) throw new CorruptImage('a width or height of 0')
  const colorTable = (flags: number) => (flags & 0x80 ? 3 * (2 << (flags & 7)) : 0)
  let position = 13 + colorTable(bytes[10] ?? 0)
  let images = 0
  const skipSubBlocks = () => {
    for (;;) {
      const length = bytes[position]
      if (length === undefined) throw new CorruptImage('cut short: no trailer')
      position += 1 + length
      if (length === 0) return
    }
  }
  for (;;) {
    const separator = bytes[position]
    if (separator === undefined) throw new CorruptImage('cut short: no trailer')
    if (separator === 0x3b) {
      if (images === 0) throw new CorruptImage('no image in it')
      return size
    }
    if (separator === 0x21) {
      position += 2
      skipSubBlocks()
    } else if (separator === 0x2c) {
      if (position + 10 > bytes.length) throw new CorruptImage('cut short: no trailer')
      position += 10 + colorTable(bytes[position + 9] ?? 0) + 1
      skipSubBlocks()
      images++
    } else {
      throw new CorruptImage(`a damaged block at byte ${position}`)
    }
  }
}

/** WebP: the RIFF container whole, a first chunk of a known kind with a size. */
function checkWebp(bytes: Uint8Array): ImageSize {
  if (bytes.length < 30) throw new CorruptImage('cut short')
  if (u32le(bytes, 4) + 8 > bytes.length)
    throw new CorruptImage('cut short: the RIFF container ends past the end of the file')
  const chunk = ascii(bytes, 12, 16)
  if (u32le(bytes, 16) + 20 > bytes.length)
    throw new CorruptImage(`cut short: its ${chunk} chunk ends past the end of the file`)
  let size: ImageSize
  if (chunk === 'VP8 ') {
    if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) throw new CorruptImage('a damaged VP8 frame')
    size = { width: u16le(bytes, 26) & 0x3fff, height: u16le(bytes, 28) & 0x3fff }
  } else if (chunk === 'VP8L') {
    if (bytes[20] !== 0x2f) throw new CorruptImage('a damaged VP8L stream')
    const bits = u32le(bytes, 21)
    size = { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 }
  } else if (chunk === 'VP8X') {
    size = { width: u24le(bytes, 24) + 1, height: u24le(bytes, 27) + 1 }
  } else {
    throw new CorruptImage(`an unknown first chunk, ${JSON.stringify(chunk)}`)
  }
  if (size.width === 0 || size.height === 0) throw new CorruptImage('a width or height of 0')
  return size
}

/**
 * Check that a raster image is whole enough for every edition to use, from
 * its structure (chunks, segments, blocks and their checksums; the pixels
 * are not decoded).
 *
 * @param bytes
 *   The file.
 * @param mediaType
 *   Its media type, from `sniffImage`.
 * @returns
 *   Its size in pixels (`undefined` for a type that is not checked).
 * @throws {CorruptImage}
 *   When the file is damaged or cut short; the message says how.
 */
export function checkImage(bytes: Uint8Array, mediaType: string): ImageSize | undefined {
  if (mediaType === 'image/png') return checkPng(bytes)
  if (mediaType === 'image/jpeg') return checkJpeg(bytes)
  if (mediaType === 'image/gif') return checkGif(bytes)
  if (mediaType === 'image/webp') return checkWebp(bytes)
  return undefined
}

/** Namespace of SVG. */
const svgNamespace = 'http://www.w3.org/2000/svg'

/** Elements that run code or bring in other documents, in any namespace. */
const forbiddenElements = new Set([
  'script',
  'foreignobject',
  'handler',
  'listener',
  'iframe',
  'frame',
  'frameset',
  'embed',
  'object',
  'applet',
  'audio',
  'video',
  'canvas',
  'base',
  'link',
  'meta',
  'form',
  'input',
  'button',
  'textarea',
  'select',
])

/** Animation elements: they may set an attribute (an `href`, a handler) to any value. */
const animations = new Set(['set', 'animate', 'animatecolor', 'animatemotion', 'animatetransform'])

const localName = (name: string) => (name.slice(name.lastIndexOf(':') + 1) || name).toLowerCase()

/** Raster images an SVG file may carry inside itself. */
const embeddedImage = /^data:image\/(?:png|jpeg|gif|webp)[;,]/i

/** Whether CSS (a `<style>` or an attribute value) refers to anything outside the file or runs code. */
function externalCss(value: string): boolean {
  if (/@import|expression\s*\(|behavior\s*:|-moz-binding/i.test(value)) return true
  for (const match of value.matchAll(/url\s*\(\s*(['"]?)\s*([^'")\s]*)/gi)) {
    const target = match[2] ?? ''
    if (!target.startsWith('#') && !embeddedImage.test(target)) return true
  }
  return false
}

/** Whether an attribute value says something a reader could run (`javascript:`), spaces and controls ignored. */
const scriptUrl = (value: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
  /(?:java|vb)script:|data:text\/html/i.test(value.replace(/[\u0000-\u0020]/g, ''))

/** What sanitizing an SVG file did. */
export interface SanitizedSvg {
  /** The file as written again (UTF-8). */
  data: Uint8Array
  /** What was removed, in words (`<script>`, `the onclick attribute`), each once, in order. */
  removed: string[]
}

/**
 * Make an SVG file safe to embed in any edition: parse it as XML and drop
 * what can run code or load anything from outside the file — `<script>`,
 * `<foreignObject>` and other elements that embed documents, event-handler
 * attributes (`on…`), links and references (`href`, `xlink:href`) that are
 * not to a fragment (`#id`) or an embedded PNG, JPEG, GIF or WebP (`data:`),
 * `url(…)`, `@import` and the like in CSS, animations of such attributes,
 * processing instructions (`<?xml-stylesheet?>`) and the document type.
 *
 * @param bytes
 *   The SVG file (UTF-8).
 * @returns
 *   The file written again, and what was removed.
 * @throws {CorruptImage}
 *   When the file is not well-formed XML (an entity declaration is refused
 *   too) or its root is not `<svg>`.
 */
export function sanitizeSvg(bytes: Uint8Array): SanitizedSvg {
  let tree: XastRoot
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
  if (/<!ENTITY\b/.test(text)) {
    throw new CorruptImage('it declares XML entities (`<!ENTITY`), which can expand without bound', { refused: true })
  }
  try {
    tree = fromXml(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause
    if (error instanceof RangeError || cause instanceof RangeError) throw new CorruptImage('elements nested too deeply')
    const detail = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error)
    throw new CorruptImage(`not well-formed XML: ${detail.split('\n')[0]}`)
  }
  const removed = new Set<string>()
  const roots = tree.children.filter((node): node is XastElement => node.type === 'element')
  const root = roots[0]
  if (!root || roots.length !== 1 || localName(root.name) !== 'svg') throw new CorruptImage('its root is not <svg>')
  // Without its namespace an SVG image is shown as XML, not drawn.
  if (root.name === 'svg' && root.attributes.xmlns === undefined) root.attributes.xmlns = svgNamespace

  const clean = (nodes: XastContent[]): XastContent[] =>
    nodes.filter((node) => {
      if (node.type === 'doctype') {
        removed.add('the document type')
        return false
      }
      if (node.type === 'instruction') {
        if (node.name.toLowerCase() === 'xml') return true
        removed.add(`the <?${node.name}?> instruction`)
        return false
      }
      if (node.type !== 'element') return true
      const name = localName(node.name)
      if (forbiddenElements.has(name)) {
        removed.add(`<${node.name}>`)
        return false
      }
      if (animations.has(name)) {
        const target = localName(String(node.attributes.attributeName ?? ''))
        if (target === 'href' || target.startsWith('on') || target === 'style') {
          removed.add(`<${node.name}> of ${String(node.attributes.attributeName)}`)
          return false
        }
      }
      if (name === 'style') {
        const css = node.children.map((child) => ('value' in child ? child.value : '')).join('')
        if (externalCss(css)) {
          removed.add('a <style> that loads or runs something')
          return false
        }
      }
      for (const [attribute, value] of Object.entries(node.attributes)) {
        if (value === null || value === undefined) continue
        const text = String(value)
        if (attribute === 'xmlns' || attribute.startsWith('xmlns:')) continue
        const local = localName(attribute)
        const refused =
          local.startsWith('on') ||
          scriptUrl(text) ||
          ((local === 'href' || local === 'src') && !text.trim().startsWith('#') && !embeddedImage.test(text.trim())) ||
          externalCss(text)
        if (refused) {
          removed.add(local.startsWith('on') ? `the ${attribute} attribute` : `the ${attribute}="${text.slice(0, 40)}"`)
          delete node.attributes[attribute]
        }
      }
      node.children = clean(node.children) as XastElement['children']
      return true
    })

  try {
    tree.children = clean(tree.children) as XastRoot['children']
    return { data: new TextEncoder().encode(toXml(tree, { closeEmptyElements: true })), removed: [...removed] }
  } catch (error) {
    if (error instanceof RangeError) throw new CorruptImage('elements nested too deeply')
    throw error
  }
}
