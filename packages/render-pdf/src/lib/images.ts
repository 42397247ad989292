/**
 * Images: found in the tree, read from local files (relative to the
 * article's folder), from `data:` URLs, from bytes already resolved by
 * Colophon (`node.data.asset`), or fetched when remote images are allowed.
 * PNG and JPEG are embedded; anything else is reported.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Element, Root } from 'hast'
import type { VFile } from 'vfile'
import type { PdfImage } from './layout.js'
import { messageSource, ruleIds } from './messages.js'

/** An image ready to place: the opened image and its size in points. */
export interface ResolvedImage {
  image: PdfImage
  /** Intrinsic size in points (pixels at 96 per inch), after the EXIF orientation. */
  width: number
  height: number
}

/** Open image bytes in the PDF document (pdfkit's `openImage`). */
export type ImageOpener = (bytes: Buffer) => PdfImage

/** Where images come from. */
export interface ImageSettings {
  allowRemote: boolean
  fetchTimeout: number
}

function findImages(tree: Root): Element[] {
  const found: Element[] = []
  const visit = (node: Root | Element) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue
      if (child.tagName === 'img') found.push(child)
      visit(child)
    }
  }
  visit(tree)
  return found
}

async function readSource(src: string, file: VFile, settings: ImageSettings): Promise<Buffer> {
  if (/^data:/i.test(src)) {
    const match = /^data:([^,]*?)(;base64)?,(.*)$/is.exec(src)
    if (!match) throw new Error('malformed data: URL')
    const data = match[3] ?? ''
    return match[2] ? Buffer.from(data, 'base64') : Buffer.from(decodeURIComponent(data), 'latin1')
  }
  if (/^https?:/i.test(src)) {
    const response = await fetch(src, { signal: AbortSignal.timeout(settings.fetchTimeout), redirect: 'follow' })
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    return Buffer.from(await response.arrayBuffer())
  }
  let location: string
  if (/^file:/i.test(src)) location = fileURLToPath(src)
  else {
    const relative = decodeURIComponent(src.replace(/[?#].*$/, ''))
    const base = path.resolve(file.cwd, file.path ? path.dirname(file.path) : '.')
    location = path.resolve(base, relative)
  }
  return readFile(location)
}

/**
 * Read and open every image of the tree.
 *
 * @returns
 *   The opened images by element; images that cannot be used are left out
 *   and reported on `file` (the renderer then sets their alternative text).
 */
export async function resolveImages(
  tree: Root,
  file: VFile,
  settings: ImageSettings,
  open: ImageOpener,
): Promise<Map<Element, ResolvedImage>> {
  const resolved = new Map<Element, ResolvedImage>()
  for (const node of findImages(tree)) {
    const src = typeof node.properties.src === 'string' ? node.properties.src : ''
    const asset = (node.data as { asset?: { data?: Uint8Array } } | undefined)?.asset
    const place = node.position
    let bytes: Buffer
    if (asset?.data) {
      bytes = Buffer.from(asset.data)
    } else if (src === '') {
      file.message('An image without `src` cannot be set in the PDF edition', {
        place,
        ruleId: ruleIds.imageUnavailable,
        source: messageSource,
      })
      continue
    } else if (/^[a-z][a-z0-9+.-]*:/i.test(src) && !/^(?:https?|data|file):/i.test(src)) {
      file.message(`Cannot read the image \`${src}\`: unsupported address scheme`, {
        place,
        ruleId: ruleIds.imageUnavailable,
        source: messageSource,
      })
      continue
    } else if (/^https?:/i.test(src) && !settings.allowRemote) {
      file.message(`The remote image \`${src}\` is not fetched; set \`allowRemote\` to embed it`, {
        place,
        ruleId: ruleIds.remoteImage,
        source: messageSource,
      })
      continue
    } else {
      try {
        bytes = await readSource(src, file, settings)
      } catch (error) {
        file.message(`Cannot read the image \`${src}\`: ${error instanceof Error ? error.message : String(error)}`, {
          place,
          ruleId: ruleIds.imageUnavailable,
          source: messageSource,
        })
        continue
      }
    }
    let image: PdfImage
    try {
      image = open(bytes)
    } catch {
      file.message(`The image \`${src}\` is not a PNG or JPEG file; the PDF edition sets its alternative text`, {
        place,
        ruleId: ruleIds.imageUnsupported,
        source: messageSource,
      })
      continue
    }
    const rotated = (image.orientation ?? 1) > 4
    const width = (rotated ? image.height : image.width) * 0.75
    const height = (rotated ? image.width : image.height) * 0.75
    resolved.set(node, { image, width, height })
  }
  return resolved
}
