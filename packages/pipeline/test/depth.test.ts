/**
 * The nesting bound: the tree's depth in levels (a list and its item are one
 * level), and the source scan that refuses what is far too deep before the
 * parser spends minutes on it.
 */
import { estimateSourceNesting, excessiveNesting, remarkDepthLimit } from '@colophon/pipeline'
import type { Root } from 'mdast'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'

const parse = (value: string): Root => unified().use(remarkParse).use(remarkGfm).parse(value)

/** The deepest nesting the tree check finds: the least bound it accepts. */
function treeDepth(value: string): number {
  const tree = parse(value)
  let bound = 0
  while (excessiveNesting(tree, bound)) bound++
  return bound
}

const indentedList = (levels: number, step = 2): string =>
  `${Array.from({ length: levels }, (_, i) => `${' '.repeat(step * i)}- item ${i}`).join('\n')}\n`

describe('the tree check counts a list and its items as one level', () => {
  it('accepts a list nested 60 deep under the default bound of 100', async () => {
    const file = new VFile({ path: 'list.md', value: indentedList(60) })
    const processor = unified()
      .use(remarkParse)
      .use(remarkDepthLimit)
      .use(() => () => undefined)
    await processor.run(processor.parse(file), file)
    expect(file.messages).toEqual([])
    expect(treeDepth(indentedList(60))).toBe(61)
  })

  it('refuses a list nested 150 deep at the line it goes too deep', async () => {
    const file = new VFile({ path: 'list.md', value: indentedList(150) })
    const processor = unified().use(remarkParse).use(remarkDepthLimit)
    await expect(async () => processor.run(processor.parse(file), file)).rejects.toThrow(/Nesting deeper than 100/)
    expect(file.messages[0]?.ruleId).toBe('too-deep')
    expect(file.messages[0]?.line).toBe(100)
  })
})

describe('the source scan', () => {
  const documents: Record<string, string> = {
    'lists, two spaces': indentedList(30),
    'lists, four spaces': indentedList(20, 4),
    'ordered lists': `${Array.from({ length: 12 }, (_, i) => `${' '.repeat(3 * i)}1. item`).join('\n')}\n`,
    'markers on one line': '- - - - item\n',
    quotes: `${'> '.repeat(40)}deep\n`,
    'lists in quotes': '> - a\n>   - b\n>     - c\n>\n> text\n',
    'quotes in lists': '- a\n  > - b\n  >   > c\n',
    'thematic breaks': '- - -\n\n* * *\n\n---\n',
    'fenced code': `- a\n\n  \`\`\`yaml\n${Array.from({ length: 50 }, (_, i) => `  ${'  '.repeat(i)}- k`).join('\n')}\n  \`\`\`\n`,
    'indented code': `Text\n\n${Array.from({ length: 40 }, (_, i) => `    ${'  '.repeat(i)}- k`).join('\n')}\n`,
    'lazy lines': '- a\n  - b\n    - c\nlazy\n- d\n',
    'a real document': '# T\n\nA paragraph - with a dash.\n\n1) one\n2) two\n   - sub\n\n> Quote\n> - item\n',
  }
  for (const [name, value] of Object.entries(documents)) {
    it(`never estimates deeper than the parser nests: ${name}`, () => {
      const { deepest } = estimateSourceNesting(value, 100)
      expect(deepest).toBeLessThanOrEqual(treeDepth(value))
    })
  }

  it('sees the nesting of lists and quotes', () => {
    expect(estimateSourceNesting(indentedList(30), 100).deepest).toBe(30)
    expect(estimateSourceNesting(`${'> '.repeat(40)}deep\n`, 100).deepest).toBe(40)
    expect(estimateSourceNesting('- - - - item\n', 100).deepest).toBe(4)
    expect(estimateSourceNesting(indentedList(150), 100)).toEqual({ deepest: 150, line: 101 })
  })

  it('refuses 1,500 nested list levels before parsing, at once', async () => {
    const file = new VFile({ path: 'deep.md', value: indentedList(1500) })
    const processor = unified().use(remarkParse).use(remarkDepthLimit)
    const started = performance.now()
    expect(() => processor.parse(file)).toThrow(/Nesting deeper than 100 levels/)
    // Parsing this document takes minutes; the scan, milliseconds (a generous bound against a slow machine).
    expect(performance.now() - started).toBeLessThan(5000)
    expect(file.messages[0]?.ruleId).toBe('too-deep')
    expect(file.messages[0]?.line).toBe(101)
  })

  it('refuses 1,000 nested quotes, one more each line, before parsing', () => {
    const value = Array.from({ length: 1000 }, (_, i) => `${'>'.repeat(i + 1)} x\n`).join('\n')
    const file = new VFile({ path: 'quotes.md', value })
    const processor = unified().use(remarkParse).use(remarkDepthLimit)
    expect(() => processor.parse(file)).toThrow(/Nesting deeper than 100 levels/)
  })

  it('leaves a parser of another syntax alone with `markdown: false`', () => {
    const processor = unified()
      .use(function () {
        this.parser = (document) => ({ type: 'root', children: [{ type: 'text', value: document }] }) as never
      })
      .use(remarkDepthLimit, { markdown: false })
    expect(() => processor.parse(indentedList(300))).not.toThrow()
  })
})
