/**
 * Code blocks (`pre`): monospace lines with tabs expanded, broken only where
 * a line is longer than the measure, on a tinted background.
 */
import type { Element } from 'hast'
import { toString as hastToString } from 'hast-util-to-string'
import { codeBackground, type InlineStyle, type Line, plainRun, type TextRun } from '../layout.js'
import { breakLines, constantShape } from '../linebreak.js'
import { reportMissing } from './text.js'
import { type Context, push, sourceOf, type Walk } from './walk.js'

export function code(walk: Walk, node: Element, context: Context): void {
  const text = hastToString(node).replace(/\n$/, '')
  const size = walk.body * 0.86 * context.scale
  const leading = size * 1.4
  const padding = size * 0.6
  const owner = context.parent.child('P').child('Code')
  const width = context.width - padding * 2
  const lines: Line[] = []
  const style: InlineStyle = { ...context.style, mono: true, hyphenate: false, italic: false, bold: false }
  for (const raw of text.split('\n')) {
    let column = 0
    const expanded = raw.replace(/\t/g, () => {
      const spaces = 4 - (column % 4)
      column += spaces
      return ' '.repeat(spaces)
    })
    const run: TextRun = { ...plainRun(expanded, style, node.position), owner }
    const broken = breakLines([{ ...run, text: expanded.replace(/ /g, '\u00A0') }], {
      fonts: walk.fonts,
      size,
      leading,
      align: 'left',
      shape: constantShape(width),
      hyphenator: walk.hyphenator,
      hyphenate: false,
      onMissing: (missingRun, characters) => reportMissing(walk, missingRun, characters),
    })
    for (const line of broken) {
      // Spaces were kept as no-break spaces for breaking; draw them as spaces.
      for (const piece of line.pieces) piece.text = piece.text.replace(/\u00A0/g, ' ')
      for (const piece of line.pieces) piece.x += padding
    }
    if (broken.length === 0) {
      const regular = walk.fonts.body.regular
      broken.push({
        pieces: [],
        height: leading,
        baseline: (leading + (regular.ascent + regular.descent) * size) / 2,
        width: 0,
        brokenWord: false,
        ratio: 0,
      })
    }
    lines.push(...broken)
  }
  push(walk, {
    kind: 'text',
    x: context.left,
    width: context.width,
    spaceBefore: walk.leading * context.scale * 0.6,
    spaceAfter: walk.leading * context.scale * 0.8,
    keepWithNext: false,
    anchors: [],
    source: sourceOf(node),
    lines,
    owner,
    unbreakable: false,
    minLines: 2,
    heading: undefined,
    label: undefined,
    background: codeBackground,
  })
}
