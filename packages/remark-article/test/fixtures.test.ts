// Fixture cases: test/fixtures/<case>/input.{txt,md} -> output.json, holding
// what remark-article found (file.data.article without positions), the role
// of each top-level node, and the ruleIds of its messages.
// Regenerate with `UPDATE_FIXTURES=1 npx vitest run --project remark-article`.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import remarkArticle, { remarkArticleText } from '@colophon/remark-article'
import type { Root } from 'mdast'
import { toString as mdastToString } from 'mdast-util-to-string'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'

const root = new URL('fixtures/', import.meta.url)
const cases = readdirSync(root).sort()

async function run(folder: URL) {
  const name = existsSync(new URL('input.md', folder)) ? 'input.md' : 'input.txt'
  const file = new VFile({ path: name, value: readFileSync(new URL(name, folder), 'utf8') })
  const processor = (name.endsWith('.md') ? unified().use(remarkParse) : unified().use(remarkArticleText)).use(
    remarkArticle,
    { timeZone: '+06:00' },
  )
  const tree = (await processor.run(processor.parse(file), file)) as Root
  const { dateline, ...article } = file.data.article ?? { plainText: false, news: false, missing: [], points: 0 }
  return {
    article: { ...article, ...(dateline ? { dateline: { ...dateline, position: undefined } } : {}) },
    frontmatter: file.data.frontmatter,
    nodes: tree.children.map((node) => {
      const role = (node.data as { articleRole?: string } | undefined)?.articleRole
      return `${node.type}${role ? `:${role}` : ''} ${mdastToString(node).slice(0, 60)}`
    }),
    messages: file.messages.map((message) => `${message.ruleId}`),
  }
}

describe('fixtures', () => {
  it('has at least six cases besides the example', () => {
    expect(cases.length).toBeGreaterThanOrEqual(6)
  })

  it.each(cases)('%s', async (name) => {
    const folder = new URL(`${name}/`, root)
    const actual = JSON.parse(JSON.stringify(await run(folder)))
    const expectedFile = new URL('output.json', folder)
    if (process.env.UPDATE_FIXTURES || !existsSync(expectedFile)) {
      writeFileSync(expectedFile, `${JSON.stringify(actual, undefined, 2)}\n`)
    }
    expect(actual).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')))
  })
})
