import remarkNormalize, { type DictionaryInput, type Options } from '@colophon/remark-normalize'
import type { Paragraph, Root, Text } from 'mdast'
import remarkParse from 'remark-parse'
import remarkStringify from 'remark-stringify'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'

/** What remark-article does to a dash-led paragraph: `-In` becomes `— In`, role `point`. */
function dashLedPoints() {
  return (tree: Root) => {
    for (const node of tree.children) {
      if (node.type !== 'paragraph') continue
      const first = node.children[0]
      const match = first?.type === 'text' ? /^-{1,2}\s*/.exec(first.value) : null
      if (!match || first?.type !== 'text' || !first.position) continue
      const shift = match[0].length
      const rest: Text = {
        type: 'text',
        value: first.value.slice(shift),
        position: {
          start: {
            line: first.position.start.line,
            column: first.position.start.column + shift,
            offset: (first.position.start.offset ?? 0) + shift,
          },
          end: first.position.end,
        },
      }
      ;(node as Paragraph).children.splice(0, 1, { type: 'text', value: '— ' }, rest)
      node.data = { ...node.data, articleRole: 'point' } as Paragraph['data']
    }
  }
}

async function normalize(markdown: string, options: Options = {}, points = false) {
  const file = new VFile({ path: 'input.md', value: markdown })
  const processor = unified().use(remarkParse)
  if (points) processor.use(dashLedPoints)
  processor.use(remarkNormalize, options).use(remarkStringify)
  const tree = (await processor.run(processor.parse(file), file)) as Root
  return { text: processor.stringify(tree, file), file, corrections: file.data.corrections ?? [] }
}

const title: DictionaryInput = {
  name: 'd',
  entries: [
    { id: 'title', match: '"Top 30 Countries"', replace: 'the top 30 countries', kind: 'term' },
    { id: 'growth', match: 'growth points', replace: 'sources of growth', kind: 'term', scope: 'suggest' },
  ],
}

describe('the audit trail: exactly the changes that reach the text', () => {
  it('does not list a quotation mark that a longer fix then replaces', async () => {
    const { text, file, corrections } = await normalize('They set "Top 30 Countries" goals, "soon".\n', {
      dictionaries: [title],
    })
    expect(text).toBe('They set the top 30 countries goals, “soon”.\n')
    // In document order; the title's quotation marks are not changes of their own.
    expect(corrections.map((item) => [item.id, item.before, item.after])).toEqual([
      ['title', '“Top 30 Countries”', 'the top 30 countries'],
      ['typographic-quotes', '"', '“'],
      ['typographic-quotes', '"', '”'],
    ])
    expect(file.messages.map((message) => message.ruleId)).toEqual([
      'typographic-quotes',
      'typographic-quotes',
      'title',
    ])
  })

  it('finds the changes a fix replaces wherever they fall in a long text', async () => {
    // Applied changes are indexed by offset in buckets of 64: the title crosses a bucket's edge here.
    for (const words of [10, 11, 12, 13, 400]) {
      const lead = 'Word '.repeat(words)
      const { text, corrections } = await normalize(`${lead}They set "Top 30 Countries" goals, "soon".\n`, {
        dictionaries: [title],
      })
      expect(text).toBe(`${lead}They set the top 30 countries goals, “soon”.\n`)
      expect(corrections.map((item) => [item.id, item.position?.start.offset])).toEqual([
        ['title', lead.length + 9],
        ['typographic-quotes', lead.length + 35],
        ['typographic-quotes', lead.length + 40],
      ])
    }
  })

  it('reports in report mode what auto writes, each with scope and applied', async () => {
    const markdown = 'They set "Top 30 Countries" goals at new growth points.\n'
    const auto = await normalize(markdown, { dictionaries: [title] })
    const report = await normalize(markdown, { dictionaries: [title], mode: 'report' })
    expect(report.text).toBe(markdown)
    const shape = (items: typeof auto.corrections) =>
      items.map((item) => [item.id, item.scope, item.applied, item.after, item.position?.start.offset])
    expect(shape(report.corrections)).toEqual(shape(auto.corrections))
    expect(
      report.file.messages.map((message) => [message.ruleId, message.scope, message.applied, message.fatal]),
    ).toEqual([
      ['title', 'fix', true, false],
      ['growth', 'suggest', false, false],
    ])
    expect(report.file.messages[0]?.reason).toBe('`“Top 30 Countries”` should be `the top 30 countries`')
    expect(auto.file.messages.map((message) => [message.scope, message.applied])).toEqual([
      ['fix', true],
      ['suggest', false],
    ])
  })

  it('marks findings without a change as keep, not applied', async () => {
    const { file } = await normalize('It was hardships and hardships.\n', { typography: { duplicates: true } })
    expect(file.messages.map((message) => [message.ruleId, message.scope, message.applied])).toEqual([
      ['duplicate-phrase', 'keep', false],
    ])
  })

  it('reports the em dash that leads a dash-led point, with its place in the source', async () => {
    const { text, file, corrections } = await normalize('Intro.\n\n-In the past.\n\n-- Also "this".\n', {}, true)
    expect(text).toBe('Intro.\n\n— In the past.\n\n— Also “this”.\n')
    const dashes = corrections.filter((item) => item.id === 'dash-lead')
    expect(dashes.map((item) => [item.before, item.after, item.applied, item.position?.start.offset])).toEqual([
      ['-', '— ', true, 8],
      ['-- ', '— ', true, 23],
    ])
    expect(file.messages.find((message) => message.ruleId === 'dash-lead')?.reason).toBe('Replaced `-` with `— `')
  })

  it('does not report a point the source already writes with an em dash', async () => {
    const { corrections } = await normalize('— In the past.\n', {}, true)
    expect(corrections.filter((item) => item.id === 'dash-lead')).toEqual([])
  })

  it('does not report a typography change that another one on the same character beat', async () => {
    const { file, corrections } = await normalize('A\u00A0"b".\n')
    expect(corrections.every((item) => item.applied)).toBe(true)
    expect(file.messages).toHaveLength(corrections.length)
  })
})

describe('a full form already given in parts is a first mention', () => {
  const people: DictionaryInput = {
    name: 'people',
    entries: [
      { id: 'tokayev', match: 'Tokayev', firstMention: 'Kassym-Jomart Tokayev', kind: 'person' },
      { id: 'xi', match: 'Xi', firstMention: 'Xi Jinping', kind: 'person' },
    ],
  }

  it.each([
    [
      'President (Kassym-Jomart) Tokayev spoke. Tokayev left.',
      'President (Kassym-Jomart) Tokayev spoke. Tokayev left.',
    ],
    [
      'President Tokayev (Kassym-Jomart) spoke. Tokayev left.',
      'President Tokayev (Kassym-Jomart) spoke. Tokayev left.',
    ],
    ['President Xi (Jinping) spoke. Xi left.', 'President Xi (Jinping) spoke. Xi left.'],
  ])('keeps %j as written', async (input, output) => {
    const { text, corrections } = await normalize(`${input}\n`, { dictionaries: [people] })
    expect(text).toBe(`${output}\n`)
    expect(corrections).toEqual([])
  })

  it('still completes a name whose given name is elsewhere, or only part of another word', async () => {
    const { text } = await normalize('Kassym-Jomart Smith met President Tokayev. (Kassym-Jomartov) Tokayev left.\n', {
      dictionaries: [people],
    })
    expect(text).toBe('Kassym-Jomart Smith met President Kassym-Jomart Tokayev. (Kassym-Jomartov) Tokayev left.\n')
  })
})
