/** A replacement in the editorial notes reads `wrong → right`, as in every edition. */
import { renderPdf } from '@colophon/render-pdf'
import { describe, expect, it } from 'vitest'
import { readPdf } from '../../../scripts/inspect.js'
import { article, date, fileWithMetadata, h, streams } from './helpers.js'

async function replacementPdf(marked = true) {
  const item = marked
    ? h('li', {}, h('del', {}, 'Kazakstan'), ' → ', h('ins', {}, 'Kazakhstan'))
    : h('li', {}, 'Kazakstan → Kazakhstan')
  const tree = article('en', h('p', {}, 'The text of the article.'), h('ul', {}, item))
  const file = await fileWithMetadata('A replacement')
  const bytes = await renderPdf(tree, file, { date })
  return { bytes, content: streams(bytes).join('\n') }
}

describe('a replacement', () => {
  it('sets the wrong form in grey, struck by a 0.5 pt line; the arrow and the right form plain, not underlined', async () => {
    const { bytes, content } = await replacementPdf()
    expect((await readPdf(bytes)).pages.join('\n')).toContain('Kazakstan → Kazakhstan')
    // The wrong form's grey (#595959).
    expect(content).toContain('0.349 0.349 0.349 rg')
    // One mark more than the same text unmarked: the strike line, 0.5 pt high, in that grey, through
    // the middle of the x-height (Noto Serif's is 0.536 em: 2.68 pt above the baseline at 10 pt);
    // no underline under the right form.
    const marks = (text: string) =>
      [...text.matchAll(/(-?[\d.]+) (-?[\d.]+) ([\d.]+) ([\d.]+) re f/g)].filter((match) => Number(match[4]) < 2)
    const plain = marks((await replacementPdf(false)).content).map((match) => match[0])
    const added = marks(content).filter((match) => !plain.includes(match[0]))
    expect(added.map((match) => Number(match[4]))).toEqual([0.5])
    const before = content.slice(0, content.indexOf(added[0]?.[0] as string))
    expect(before.slice(before.lastIndexOf(' rg') - 20)).toContain('0.349 0.349 0.349 rg')
  })
})
