/** Lines of a PDF as pdf.js reads them, for tests of the measure and of hyphenation. */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

/** A line of text on a page. */
export interface PdfLine {
  /** 1-based page number. */
  page: number
  /** Text of the line (a hyphen added at a break is not included: pdf.js drops U+00AD). */
  text: string
  /** Font size of most of the line's characters, in points (rounded to 0.1). */
  size: number
  /** The line ends in a hyphen added at a break (a soft hyphen, in its own marked content). */
  softHyphen: boolean
  /** Where the line's last text ends, in points from the page's left edge. */
  right: number
}

type MarkedItem = { type: string; tag?: string | null; id?: string | null }
type TextItem = { str: string; transform: number[]; width: number }

/** Every line of text of a PDF, page by page, top to bottom; artifacts (running heads, folios) left out. */
export async function pdfLines(bytes: Uint8Array): Promise<PdfLine[]> {
  const document = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false })
    .promise
  const lines: PdfLine[] = []
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number)
    const content = await page.getTextContent({ includeMarkedContent: true })
    const byY = new Map<number, { text: string; sizes: Map<number, number>; softHyphen: boolean; right: number }>()
    const stack: Array<{ tag: string | null; id: string | null; text: boolean }> = []
    let lastY: number | undefined
    for (const item of content.items as Array<MarkedItem | TextItem>) {
      if ('type' in item) {
        if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') {
          stack.push({ tag: item.tag ?? null, id: item.id ?? null, text: false })
        } else if (item.type === 'endMarkedContent') {
          const ended = stack.pop()
          const line = lastY === undefined ? undefined : byY.get(lastY)
          if (ended?.tag === 'Span' && ended.id === null && !ended.text && line) line.softHyphen = true
        }
        continue
      }
      if (item.str === '') continue
      for (const entry of stack) entry.text = true
      if (stack.some((entry) => entry.tag === 'Artifact')) continue
      const y = Math.round((item.transform[5] as number) * 2) / 2
      const size = Math.round(Math.hypot(item.transform[2] as number, item.transform[3] as number) * 10) / 10
      const line = byY.get(y) ?? { text: '', sizes: new Map<number, number>(), softHyphen: false, right: 0 }
      line.text += item.str
      if (item.str.trim() !== '') line.right = Math.max(line.right, (item.transform[4] as number) + item.width)
      line.sizes.set(size, (line.sizes.get(size) ?? 0) + item.str.length)
      byY.set(y, line)
      lastY = y
    }
    for (const [, line] of [...byY].sort((a, b) => b[0] - a[0])) {
      const size = [...line.sizes].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0
      lines.push({ page: number, text: line.text.trim(), size, softHyphen: line.softHyphen, right: line.right })
    }
  }
  await document.destroy()
  return lines
}

/** The lines in the size most of the text is set in: the running text. */
export function bodyLines(lines: ReadonlyArray<PdfLine>): PdfLine[] {
  const characters = new Map<number, number>()
  for (const line of lines) characters.set(line.size, (characters.get(line.size) ?? 0) + line.text.length)
  const body = [...characters].sort((a, b) => b[1] - a[1])[0]?.[0]
  return lines.filter((line) => line.size === body)
}

/** Whether a line ends inside a word: at a hyphen added at a break, or at a hyphen of its own after a letter. */
export function endsInHyphen(line: PdfLine): boolean {
  return line.softHyphen || /\p{L}[-\u2010]$/u.test(line.text)
}

/** The median of numbers. */
export function median(values: ReadonlyArray<number>): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}
