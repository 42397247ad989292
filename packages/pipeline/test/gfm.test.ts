/**
 * Markdown with GitHub's extensions: the pipeline's parser gives the tree
 * remark-parse with remark-gfm gives, whether or not a document can hold a
 * table or an autolink literal (whose tokenizers it then leaves out).
 */
import { createRequire } from 'node:module'
import { isDeepStrictEqual } from 'node:util'
import { mayHoldAutolinkLiteral, mayHoldTable, remarkGfmParse } from '@colophon/pipeline'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkStringify from 'remark-stringify'
import { unified } from 'unified'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
const examples = (require('commonmark-spec') as { tests: Array<{ markdown: string }> }).tests.map(
  (example) => example.markdown,
)

const reference = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml'])
const pipeline = unified().use(remarkGfmParse).use(remarkFrontmatter, ['yaml'])

const gfm = [
  'a | b\n--|--\n1 | 2\n',
  '| a |\n| - |\n| b |\n',
  // Tables of one column without a pipe: a colon in the delimiter row.
  'a\n:-\nb\n',
  'a\n-:\nb\n',
  '> a\n> :-:\n> b\n',
  '- a\n  :--\n  b\n',
  'www.example.com, user@example.org, https://example.org/a?b and HTTP://EXAMPLE.ORG.\n',
  'Mail mailto:user@example.org or xmpp:user@example.org/resource.\n',
  'Text[^1].\n\n[^1]: A note.\n',
  '~~gone~~ and ~one~\n',
  '- [ ] to do\n- [x] done\n',
  '---\ntitle: A post\n---\n\n# Heading\n\nText with a footnote[^a].\n\n[^a]: Note.\n',
  // Near misses: a setext heading, a thematic break, colons elsewhere.
  'a\n---\n',
  'a\n:\n',
  'Time: 10:45 -- a dash - and a colon:\n- item\n',
]

describe('remarkGfmParse', () => {
  it('parses every CommonMark example and GFM construct into the tree remark-parse with remark-gfm gives', () => {
    const differing = [...examples, ...gfm].filter(
      (document) => !isDeepStrictEqual(pipeline.parse(document), reference.parse(document)),
    )
    expect(differing).toEqual([])
  })

  it('keeps tables and autolink literals where a document has them', () => {
    const types = (document: string) => JSON.stringify(pipeline.parse(document))
    expect(types('a | b\n--|--\n1 | 2\n')).toContain('"type":"table"')
    expect(types('a\n:-\nb\n')).toContain('"type":"table"')
    expect(types('See www.example.com.\n')).toContain('"type":"link"')
    expect(types('Write to user@example.org.\n')).toContain('"url":"mailto:user@example.org"')
  })

  it('tells which documents may hold a table or an autolink literal', () => {
    expect(mayHoldTable('plain text, no pipes\n\nTime: 10:45 -- x\n---\n')).toBe(false)
    expect(mayHoldTable('a | b\n')).toBe(true)
    expect(mayHoldTable('a\n  :--:  \nb')).toBe(true)
    expect(mayHoldTable('> a\n> --:\n')).toBe(true)
    expect(mayHoldAutolinkLiteral('Chapter 1: the steppe, 10:45.')).toBe(false)
    expect(mayHoldAutolinkLiteral('at @home')).toBe(true)
    expect(mayHoldAutolinkLiteral('WWW.EXAMPLE.COM')).toBe(true)
    expect(mayHoldAutolinkLiteral('see Https://example.org')).toBe(true)
  })

  it('stringifies GFM, as remark-gfm does', () => {
    const document = 'a | b\n--|--\n1 | 2\n\n~~gone~~ and a note[^1].\n\n[^1]: Note.\n'
    const out = (processor: typeof pipeline) => String(processor().use(remarkStringify).processSync(document))
    expect(out(pipeline)).toBe(out(reference))
    expect(out(pipeline)).toContain('| a | b |')
  })
})
