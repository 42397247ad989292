/**
 * The bridge's fixtures: each folder of `test/fixtures/` holds an input
 * (`input.md` or `input.txt`; a book: numbered inputs) with `options.json`,
 * and `output.html`, the publication tree the pipeline makes of it. A missing
 * `output.html` is written locally (say so in review) and fails under CI;
 * `UPDATE=1` rewrites them all.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dictionaryUrl } from '@colophon/dictionary-zh-en-central-asia'
import { bookMetadata, type MetadataFields } from '@colophon/metadata'
import { bookDocument, type PipelineOptions, processDocument } from '@colophon/pipeline'
import type { Root } from 'hast'
import { format } from 'hast-util-format'
import { toHtml } from 'hast-util-to-html'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'

const fixtures = new URL('fixtures/', import.meta.url)

type FixtureOptions = PipelineOptions & { book?: MetadataFields }

/** Serialize a tree the way the fixtures hold it: indented, one block a line. */
function serialize(tree: Root): string {
  const copy = structuredClone(tree)
  format(copy)
  return `${toHtml(copy).trim()}\n`
}

async function build(folder: URL): Promise<{ tree: Root; messages: string[] }> {
  const { book, ...options } = JSON.parse(readFileSync(new URL('options.json', folder), 'utf8')) as FixtureOptions
  const inputs = readdirSync(folder)
    .filter((name) => /^(input|\d+-[\w-]+)\.(md|txt)$/.test(name))
    .sort()
  const documents = []
  for (const [index, name] of inputs.entries()) {
    const path = fileURLToPath(new URL(name, folder))
    const file = new VFile({ path, value: readFileSync(path, 'utf8') })
    documents.push(
      await processDocument(file, {
        dictionaries: [dictionaryUrl],
        ...options,
        idPrefix: book ? `a${index + 1}-` : undefined,
      }),
    )
  }
  const messages = documents.flatMap((document) =>
    document.file.messages.map((message) => `${document.file.stem}:${message.ruleId}`),
  )
  if (!book) return { tree: (documents[0] as { tree: Root }).tree, messages }
  const metadata = bookMetadata(
    documents.map((document) => document.file.data.metadata as never),
    book,
  )
  return { tree: bookDocument(documents, metadata).tree, messages }
}

describe('the bridge: input -> publication tree', () => {
  for (const name of readdirSync(fixtures)) {
    it(name, async () => {
      const folder = new URL(`${name}/`, fixtures)
      const { tree } = await build(folder)
      const actual = serialize(tree)
      const expectedUrl = new URL('output.html', folder)
      if (process.env.UPDATE || !existsSync(expectedUrl)) {
        if (process.env.CI && !process.env.UPDATE) {
          throw new Error(`${name}: output.html is missing; run \`UPDATE=1 npx vitest run --project pipeline\``)
        }
        writeFileSync(expectedUrl, actual)
      }
      expect(actual).toBe(readFileSync(expectedUrl, 'utf8'))
    })
  }
})

export { build, serialize }
