/**
 * The cover as SVG: a generated typographic cover, and the text of a given
 * SVG cover, drawn as outlines of the fonts (reading systems show an SVG
 * image without the book's fonts). The only part of the edition that opens
 * fonts with fontkit, loaded when a cover is asked for.
 */
import { escapeXml } from '@colophon/metadata'
import * as fontkit from 'fontkit'
import { defaultFonts, type EmbeddedFont } from './fonts.js'

type Face = Pick<EmbeddedFont, 'weight' | 'style' | 'data'>

const coverWidth = 1600
const coverHeight = 2560
/** Left edge of the text, and the width it may take. */
const textLeft = 140
const textWidth = 1320

const svgCommand: Record<string, string> = {
  moveTo: 'M',
  lineTo: 'L',
  quadraticCurveTo: 'Q',
  bezierCurveTo: 'C',
  closePath: 'Z',
}

/** A face of `faces` closest to the weight asked for, upright if one is. */
function pickFace(faces: ReadonlyArray<Face>, weight: number, style: 'normal' | 'italic' = 'normal'): Face | undefined {
  const styled = faces.filter((face) => face.style === style)
  const pool = styled.length > 0 ? styled : faces
  return [...pool].sort((a, b) => Math.abs(a.weight - weight) - Math.abs(b.weight - weight))[0]
}

function openFace(face: Face | undefined): fontkit.Font | undefined {
  if (!face) return undefined
  try {
    const font = fontkit.create(Buffer.from(face.data))
    return 'layout' in font ? font : font.fonts[0]
  } catch {
    return undefined
  }
}

/** Text set as outlines: the lines, and whether the face had every glyph. */
class Outliner {
  constructor(readonly font: fontkit.Font) {}

  /** Width of `text` at `size` px. */
  width(text: string, size: number): number {
    return (this.font.layout(text).advanceWidth * size) / this.font.unitsPerEm
  }

  /** Whether the face draws every character of `text`. */
  covers(text: string): boolean {
    return this.font.layout(text.replace(/\s+/g, '')).glyphs.every((glyph) => glyph.id !== 0)
  }

  /** `text` as one SVG path outline, its baseline starting at (`x`, `y`). */
  path(text: string, x: number, y: number, size: number): string {
    const run = this.font.layout(text)
    const scale = size / this.font.unitsPerEm
    const round = (value: number) => String(Math.round(value * 10) / 10)
    const parts: string[] = []
    let pen = 0
    for (const [index, glyph] of run.glyphs.entries()) {
      const position = run.positions[index]
      const dx = pen + (position?.xOffset ?? 0)
      const dy = position?.yOffset ?? 0
      for (const { command, args } of glyph.path.commands) {
        const points: string[] = []
        for (let i = 0; i + 1 < args.length; i += 2) {
          points.push(`${round(x + ((args[i] ?? 0) + dx) * scale)} ${round(y - ((args[i + 1] ?? 0) + dy) * scale)}`)
        }
        parts.push(`${svgCommand[command] ?? ''}${points.join(' ')}`)
      }
      pen += position?.xAdvance ?? glyph.advanceWidth
    }
    return parts.join('')
  }
}

/** Words of `value` in lines no wider than `width` px at `size` px. */
function wrapMeasured(value: string, width: number, measure: (text: string) => number): string[] {
  // A word wider than the line (a title in a script without spaces) breaks between its characters.
  const pieces = value
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((word) =>
      measure(word) > width
        ? [...word].map((text, index) => ({ text, space: index === 0 }))
        : [{ text: word, space: true }],
    )
  const lines: string[] = []
  let line = ''
  for (const piece of pieces) {
    const candidate = line ? `${line}${piece.space ? ' ' : ''}${piece.text}` : piece.text
    if (line && measure(candidate) > width) {
      lines.push(line)
      line = piece.text
    } else {
      line = candidate
    }
  }
  if (line) lines.push(line)
  return lines
}

/** The title's size and lines: 120 px down to 64 px until it fits in 7 lines. */
function fitTitle(title: string, measure: (text: string, size: number) => number): { size: number; lines: string[] } {
  let size = 120
  for (;;) {
    const lines = wrapMeasured(title, textWidth, (text) => measure(text, size))
    const fits = lines.length <= 7 && lines.every((line) => measure(line, size) <= textWidth)
    if (fits || size <= 64) return { size, lines: lines.slice(0, 7) }
    size -= 8
  }
}

/**
 * A typographic cover as SVG (1600 × 2560): the title and the authors on a
 * plain ground. The text is drawn as outlines of the faces given (default:
 * Noto Serif bold for the title, regular for the authors), so the cover looks
 * the same in every reading system; a text the faces cannot draw stays live
 * text in the reading system's serif, and `onLiveText` is told.
 *
 * @param cover
 *   The title and the authors' names, as the title page shows them.
 * @param options
 *   The faces to draw with, and a callback for text left live.
 */
export function generatedCover(
  cover: { title: string; authors: ReadonlyArray<string> },
  options: { fonts?: ReadonlyArray<Face> | undefined; onLiveText?: ((text: string) => void) | undefined } = {},
): string {
  const faces = options.fonts && options.fonts.length > 0 ? options.fonts : defaultFonts()
  const bold = openFace(pickFace(faces, 700))
  const regular = openFace(pickFace(faces, 400))
  const authors = cover.authors.join(', ')
  const block = (
    text: string,
    font: fontkit.Font | undefined,
    style: {
      size: number
      baseline: number
      up?: boolean
      leading: number
      fill: string
      weight: string
      fit: boolean
    },
  ): string => {
    if (!text) return ''
    // Outlined when the face draws all of it; measured by the face then, else estimated.
    const candidate = font ? new Outliner(font) : undefined
    const outliner = candidate?.covers(text) ? candidate : undefined
    const measure = (line: string, size: number) =>
      outliner
        ? outliner.width(line, size)
        : // Without the face's metrics: a full em for ideographs and kana, half an em for other characters.
          [...line].reduce(
            (sum, character) =>
              sum +
              size *
                (/[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/u.test(character) ? 1 : 0.55),
            0,
          )
    const { size, lines } = style.fit
      ? fitTitle(text, measure)
      : { size: style.size, lines: wrapMeasured(text, textWidth, (line) => measure(line, style.size)).slice(0, 3) }
    const leading = (style.leading * size) / style.size
    // The authors grow upward from the foot of the cover; the title down from its head.
    const top = style.up ? style.baseline - (lines.length - 1) * leading : style.baseline
    if (outliner) {
      const d = lines.map((line, index) => outliner.path(line, textLeft, top + index * leading, size)).join('')
      return `  <path fill="${style.fill}" d="${d}"/>\n`
    }
    options.onLiveText?.(text)
    const spans = lines
      .map((line, index) => `<tspan x="${textLeft}" dy="${index === 0 ? 0 : leading}">${escapeXml(line)}</tspan>`)
      .join('')
    return `  <text x="${textLeft}" y="${top}" font-family="serif" font-size="${size}" font-weight="${style.weight}" fill="${style.fill}">${spans}</text>\n`
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 ${coverWidth} ${coverHeight}" width="${coverWidth}" height="${coverHeight}" role="img" aria-label="${escapeXml(cover.title)}">
  <title>${escapeXml(cover.title)}</title>
  <rect width="${coverWidth}" height="${coverHeight}" fill="#f4efe6"/>
  <rect x="100" y="100" width="1400" height="2360" fill="none" stroke="#8a2f1b" stroke-width="6"/>
${block(cover.title, bold, { size: 120, baseline: 700, leading: 150, fill: '#1f1d1a', weight: 'bold', fit: true })}${block(
  authors,
  regular,
  { size: 72, baseline: 2200, up: true, leading: 90, fill: '#5b554d', weight: 'normal', fit: false },
)}</svg>
`
}

/** Attributes a `<text>` of a cover may have to be drawn as outlines; any other leaves it live. */
const outlinable = new Set([
  'x',
  'y',
  'id',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'fill',
  'fill-opacity',
  'opacity',
  'text-anchor',
])

const xmlEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decodeXml(text: string): string {
  return text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(\w+));/gi, (whole, hex, decimal, name) => {
    if (hex || decimal) {
      const code = Number.parseInt(hex ?? decimal, hex ? 16 : 10)
      // Only characters XML allows: no NUL, no surrogate halves.
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole
    }
    return xmlEntities[name] ?? whole
  })
}

/**
 * An SVG cover with its simple text elements (`<text x y font-size
 * font-weight font-style fill text-anchor>` holding only text, in a serif
 * family) drawn as outlines of the publication's fonts, so that reading
 * systems, which show an SVG image without the book's fonts, show the
 * cover as designed. Text with other attributes (`class`, `style`,
 * `transform`), child elements (`<tspan>`), a list of positions, a sans or
 * monospace family, or characters the fonts lack stays live, and
 * `onLiveText` is told.
 *
 * @param svg
 *   The SVG document.
 * @param options
 *   The faces to draw with (default: Noto Serif), and a callback for text left live.
 */
export function outlineSvgText(
  svg: string,
  options: { fonts?: ReadonlyArray<Face> | undefined; onLiveText?: ((text: string) => void) | undefined } = {},
): string {
  const faces = options.fonts && options.fonts.length > 0 ? options.fonts : defaultFonts()
  const opened = new Map<Face, Outliner | undefined>()
  const outliner = (face: Face | undefined) => {
    if (!face) return undefined
    if (!opened.has(face)) {
      const font = openFace(face)
      opened.set(face, font ? new Outliner(font) : undefined)
    }
    return opened.get(face)
  }
  const outlined = svg.replace(/<text\b([^>]*)>([^<]*)<\/text>/g, (element, attributeText: string, content: string) => {
    const attributes = new Map<string, string>()
    const rest = attributeText.replace(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g, (_, name, double, single) => {
      attributes.set(name, decodeXml(double ?? single ?? ''))
      return ''
    })
    const text = decodeXml(content).replace(/\s+/g, ' ').trim()
    const number = (name: string, fallback: number) => {
      const value = attributes.get(name)
      if (value === undefined) return fallback
      const match = /^\s*(-?\d+(?:\.\d+)?)(?:px)?\s*$/.exec(value)
      return match ? Number(match[1]) : Number.NaN
    }
    const x = number('x', 0)
    const y = number('y', 0)
    const size = number('font-size', 16)
    const family = (attributes.get('font-family') ?? 'serif').toLowerCase()
    const weightValue = attributes.get('font-weight') ?? 'normal'
    const weight = weightValue === 'bold' || weightValue === 'bolder' ? 700 : Number(weightValue) || 400
    const style = /italic|oblique/.test(attributes.get('font-style') ?? '') ? 'italic' : 'normal'
    const drawer = outliner(pickFace(faces, weight, style))
    const simple =
      rest.trim() === '' &&
      [...attributes.keys()].every((name) => outlinable.has(name)) &&
      [x, y, size].every(Number.isFinite) &&
      size > 0 &&
      !/sans|mono|courier|cursive|fantasy/.test(family)
    if (!text) return element
    if (!simple || !drawer?.covers(text)) {
      options.onLiveText?.(text)
      return element
    }
    const width = drawer.width(text, size)
    const anchor = attributes.get('text-anchor')
    const left = anchor === 'middle' ? x - width / 2 : anchor === 'end' ? x - width : x
    const paint = ['id', 'fill', 'fill-opacity', 'opacity']
      .filter((name) => attributes.has(name))
      .map((name) => ` ${name}="${escapeXml(attributes.get(name) ?? '')}"`)
      .join('')
    return `<path${paint}${attributes.has('fill') ? '' : ' fill="#000"'} d="${drawer.path(text, left, y, size)}"/>`
  })
  // Text this could not see as simple (`<text>` with child elements) stays live.
  for (const match of outlined.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)) {
    if (!/^[^<]*$/.test(match[1] ?? ''))
      options.onLiveText?.(decodeXml((match[1] ?? '').replace(/<[^>]*>/g, '')).trim())
  }
  return outlined
}
