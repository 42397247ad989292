import type { Paragraph, Root, Text } from 'mdast'
import type { Plugin, Processor } from 'unified'
import type { Point } from 'unist'
import { parseDateline } from './dateline.js'

/** Characters that make a line blank besides ordinary white space. */
const invisible = /[\s\u200B-\u200D\u2060\uFEFF]/u
const blankLine = /^[\s\u200B-\u200D\u2060\uFEFF]*$/u
/**
 * A dash-led point: `-In the past`, `-- The two`, `– Also`, and `- Two
 * more` when it stands alone (`spacedDashLead`). A hyphen needs a capital
 * and a small letter (`-In`, `-A point`; or a quote, a parenthesis) after
 * it, so that an option (`--no-color`, `-v`, `-P <prefix>`, `--BEGIN`) and
 * a negative number (`-5`) are not points; an indented line is never one,
 * nor paragraphs that each open with `- ` one after another (a list).
 */
export const dashLead =
  /^(?:-(?=\p{Lu}\p{Ll}|\p{Lu} \p{Ll}|[“"'‘(])|--[ \t]?(?=\p{Lu}\p{Ll}|\p{Lu} \p{Ll}|[\p{N}“"'‘(])|- (?=[\p{Lu}“"'‘(])|[–—][ \t]*(?=[\p{L}\p{N}“"'‘(]))/u
/**
 * The form of `dashLead` that is also a bullet of a plain-text list
 * (`- item`): a point only as a paragraph of one line standing alone, not
 * among other lines.
 */
export const spacedDashLead = /^- (?=[\p{Lu}“"'‘(])/u

interface Line {
  /** Text of the line without its line ending. */
  text: string
  /** Offset of the first character of the line. */
  offset: number
  /** 1-indexed line number. */
  line: number
}

function splitLines(value: string): Line[] {
  const lines: Line[] = []
  const ending = /\r\n|\r|\n/g
  let start = 0
  let number = 1
  for (;;) {
    const match = ending.exec(value)
    const end = match ? match.index : value.length
    lines.push({ text: value.slice(start, end), offset: start, line: number })
    if (!match) break
    start = match.index + match[0].length
    number++
  }
  return lines
}

function trimmedRange(line: Line): { start: number; end: number } {
  let start = 0
  let end = line.text.length
  while (start < end && invisible.test(line.text.charAt(start))) start++
  while (end > start && invisible.test(line.text.charAt(end - 1))) end--
  return { start, end }
}

function paragraph(lines: Line[]): Paragraph {
  const first = lines[0] as Line
  const last = lines[lines.length - 1] as Line
  const firstRange = trimmedRange(first)
  const lastRange = trimmedRange(last)
  const start: Point = {
    line: first.line,
    column: firstRange.start + 1,
    offset: first.offset + firstRange.start,
  }
  const end: Point = {
    line: last.line,
    column: lastRange.end + 1,
    offset: last.offset + lastRange.end,
  }
  const value = lines
    .map((line) => {
      const range = trimmedRange(line)
      return line.text.slice(range.start, range.end)
    })
    .join('\n')
  const text: Text = { type: 'text', value, position: { start, end } }
  return { type: 'paragraph', children: [text], position: { start: { ...start }, end: { ...end } } }
}

/**
 * Parse plain text (not Markdown) into an mdast tree of paragraphs.
 *
 * Blank lines separate paragraphs; lines of one block are joined by soft line
 * breaks, except that the first line of the document, and any dash-led line,
 * start a paragraph of their own. When the text has no blank line at all,
 * every line is a paragraph. Nothing in the text is interpreted as Markdown:
 * `1991. Independence`, `* * *`, `_word_`, indented lines and `<b>` stay text.
 *
 * Text values are the source lines with surrounding white space trimmed;
 * positions point into the source.
 *
 * @param value
 *   The document.
 * @returns
 *   An mdast root with `data.plainText` set.
 */
export function parseArticleText(value: string): Root {
  const lines = splitLines(value)
  const blocks: Line[][] = []
  let current: Line[] = []
  for (const line of lines) {
    if (blankLine.test(line.text)) {
      if (current.length > 0) blocks.push(current)
      current = []
    } else {
      current.push(line)
    }
  }
  if (current.length > 0) blocks.push(current)

  const linePerParagraph = blocks.length === 1
  const children: Paragraph[] = []
  blocks.forEach((block, blockIndex) => {
    let group: Line[] = []
    // The headline and a dateline are lines of their own even without a
    // blank line after them; so is the line that follows them.
    let previousStandsAlone = false
    block.forEach((line, lineIndex) => {
      const text = line.text.slice(trimmedRange(line).start)
      const standsAlone =
        blockIndex === 0 && (lineIndex === 0 || (lineIndex === 1 && parseDateline(text) !== undefined))
      // A dash-led line starts a paragraph of its own; `- Item` only alone in its block (else it is a list).
      const indented = trimmedRange(line).start > 0
      const point = !indented && dashLead.test(text) && (block.length === 1 || !spacedDashLead.test(text))
      const startsOwn = linePerParagraph || standsAlone || previousStandsAlone || point
      if (startsOwn && group.length > 0) {
        children.push(paragraph(group))
        group = []
      }
      group.push(line)
      previousStandsAlone = standsAlone
    })
    if (group.length > 0) children.push(paragraph(group))
  })

  const end = lines[lines.length - 1] as Line
  return {
    type: 'root',
    children,
    data: { plainText: true },
    position: {
      start: { line: 1, column: 1, offset: 0 },
      end: { line: end.line, column: end.text.length + 1, offset: value.length },
    },
  }
}

/**
 * unified parser plugin: read the document as plain text (see
 * `parseArticleText`). Use it instead of `remark-parse` for `.txt` input.
 *
 * @example
 *   unified().use(remarkArticleText).use(remarkArticle)
 */
export const remarkArticleText: Plugin<[], string, Root> = function (this: Processor): undefined {
  this.parser = (document: string) => parseArticleText(document)
}
