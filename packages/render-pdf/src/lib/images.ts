/**
 * Images: found in the tree, from bytes already resolved by Colophon
 * (`node.data.asset`), from `data:` URLs, or read as `resolveAssets` reads
 * them (local files confined to the article's folder, regular files only,
 * size-capped and checked; remote ones fetched only when allowed). PNG and
 * JPEG are embedded, SVG drawn as vector graphics; anything else is reported.
 */
import { resolveAssets } from '@colophon/article-hast'
import type { Element, Root } from 'hast'
import { VFile } from 'vfile'
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

/** The bytes of a `data:` URL. */
function readDataUrl(src: string): Buffer {
  const match = /^data:([^,]*?)(;base64)?,(.*)$/is.exec(src)
  if (!match) throw new Error('malformed data: URL')
  const data = match[3] ?? ''
  return match[2] ? Buffer.from(data, 'base64') : Buffer.from(decodeURIComponent(data), 'latin1')
}

/**
 * Read an image that Colophon has not resolved as `resolveAssets` reads
 * every image, on a copy (the tree is not changed); its messages are
 * reported on `file` at the image.
 */
async function readAsset(
  node: Element,
  src: string,
  file: VFile,
  settings: ImageSettings,
): Promise<Buffer | undefined> {
  const probe: Element = { type: 'element', tagName: 'img', properties: { src, alt: '' }, children: [] }
  const scratch = new VFile(file.path ? { path: file.path, cwd: file.cwd } : { cwd: file.cwd })
  try {
    await resolveAssets({ type: 'root', children: [probe] }, scratch, {
      allowRemote: settings.allowRemote,
      fetchTimeout: settings.fetchTimeout,
    })
  } catch {
    // An allowed remote image that cannot be fetched: its message is on `scratch`.
  }
  for (const message of scratch.messages) {
    file.message(message.reason, {
      place: node.position,
      ruleId: message.ruleId ?? ruleIds.imageUnavailable,
      source: message.source ?? messageSource,
    })
  }
  const asset = probe.data?.asset
  return asset ? Buffer.from(asset.data) : undefined
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
    } else if (/^data:/i.test(src)) {
      try {
        bytes = readDataUrl(src)
      } catch (error) {
        file.message(`Cannot read the image \`${src}\`: ${error instanceof Error ? error.message : String(error)}`, {
          place,
          ruleId: ruleIds.imageUnavailable,
          source: messageSource,
        })
        continue
      }
    } else {
      const read = await readAsset(node, src, file, settings)
      if (!read) continue
      bytes = read
    }
    let image: PdfImage
    try {
      image = open(bytes)
    } catch {
      file.message(`The image \`${src}\` is not a PNG, JPEG or SVG file; the PDF edition sets its alternative text`, {
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
