/// <reference path="./svg-to-pdfkit.d.ts" />
/**
 * SVG drawn as PDF vector graphics with `svg-to-pdfkit`: paths, shapes,
 * gradients and text, the text set in the faces the document registers
 * (serif families in the text family, monospace ones in the code face), so
 * it renders in a real, embedded font and the same way on every run.
 */
import SVGtoPDF from 'svg-to-pdfkit'
import type { FontStack } from './fonts.js'

/** An SVG image: its markup and intrinsic size in CSS pixels (as pdfkit gives an image's). */
export interface SvgImage {
  readonly svg: string
  readonly width: number
  readonly height: number
}

const svgStart =
  /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<svg[\s>]/i

/** The markup of SVG bytes, or `undefined` when they are not SVG. */
export function readSvg(bytes: Uint8Array): string | undefined {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '')
  return svgStart.test(text) ? text : undefined
}

/** A length attribute of the root `svg` element in CSS pixels (unitless, `px`, or `pt` at 96 pixels per 72 points). */
function rootLength(svg: string, name: string): number | undefined {
  const root = /<svg\b[^>]*>/i.exec(svg)?.[0] ?? ''
  const value = new RegExp(`\\s${name}\\s*=\\s*["']\\s*([\\d.]+)\\s*(px|pt)?\\s*["']`, 'i').exec(root)
  if (!value) return undefined
  const number = Number(value[1])
  if (!Number.isFinite(number) || number <= 0) return undefined
  return value[2]?.toLowerCase() === 'pt' ? number / 0.75 : number
}

/**
 * Open SVG bytes as an image: its size from the root's `width` and
 * `height`, else its `viewBox`, else 300 by 150 pixels as in browsers.
 */
export function openSvg(bytes: Uint8Array): SvgImage | undefined {
  const svg = readSvg(bytes)
  if (svg === undefined) return undefined
  const root = /<svg\b[^>]*>/i.exec(svg)?.[0] ?? ''
  const box = /\sviewBox\s*=\s*["']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*["']/i.exec(root)
  const boxWidth = box ? Number(box[1]) : undefined
  const boxHeight = box ? Number(box[2]) : undefined
  let width = rootLength(svg, 'width')
  let height = rootLength(svg, 'height')
  if (width === undefined && height !== undefined && boxWidth && boxHeight) width = (height * boxWidth) / boxHeight
  if (height === undefined && width !== undefined && boxWidth && boxHeight) height = (width * boxHeight) / boxWidth
  return { svg, width: width ?? boxWidth ?? 300, height: height ?? boxHeight ?? 150 }
}

/** Whether an opened image is SVG. */
export function isSvg(image: unknown): image is SvgImage {
  return typeof image === 'object' && image !== null && typeof (image as { svg?: unknown }).svg === 'string'
}

const monospace = /\b(?:monospace|mono|courier|consolas|menlo|monaco|code)\b/i

/**
 * The registered face an SVG `font-family` (and weight and style) is set
 * in: monospace families in the code face, every other family in the text
 * family's face of that style.
 */
export function svgFace(fonts: FontStack, family: string, bold: boolean, italic: boolean): string {
  if (monospace.test(family)) return fonts.code.name
  const style = bold ? (italic ? 'boldItalic' : 'bold') : italic ? 'italic' : 'regular'
  return fonts.body[style].name
}

/** Where and how large an SVG is drawn. */
export interface SvgPlacement {
  x: number
  y: number
  width: number
  height: number
  /** `xMidYMid meet` (fit, the default) or `xMidYMid slice` (cover). */
  preserveAspectRatio?: string
}

/**
 * Draw an SVG on the current page of a pdfkit document.
 *
 * @param warn
 *   Called with each warning of the SVG reader (unsupported features).
 */
export function drawSvg(
  doc: PDFKit.PDFDocument,
  image: SvgImage,
  fonts: FontStack,
  placement: SvgPlacement,
  warn?: (message: string) => void,
): void {
  SVGtoPDF(doc, image.svg, placement.x, placement.y, {
    width: placement.width,
    height: placement.height,
    preserveAspectRatio: placement.preserveAspectRatio ?? 'xMidYMid meet',
    fontCallback: (family: string, bold: boolean, italic: boolean) => svgFace(fonts, family, bold, italic),
    // Images inside the SVG: embedded PNG and JPEG `data:` URLs only, never a file or a remote address.
    imageCallback: (link: string) =>
      /^data:image\/(?:png|jpeg);base64,/i.test(link.trim()) ? link.replace(/\s+/g, '') : '',
    warningCallback: warn ?? (() => {}),
  })
}
