// Every inference has a fixture: test/fixtures/<case>/input.{txt,md} and
// options.json -> output.json (file.data.metadata, where each field came from,
// and the ruleIds of the messages).
// Regenerate with `UPDATE_FIXTURES=1 npx vitest run --project remark-metadata`.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import remarkArticle, { remarkArticleText } from '@colophon/remark-article'
import remarkMetadata from '@colophon/remark-metadata'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'

const root = new URL('fixtures/', import.meta.url)

async function run(folder: URL) {
  const name = existsSync(new URL('input.md', folder)) ? 'input.md' : 'input.txt'
  const options = JSON.parse(readFileSync(new URL('options.json', folder), 'utf8'))
  const file = new VFile({ path: name, value: readFileSync(new URL(name, folder), 'utf8') })
  const processor = (name.endsWith('.md') ? unified().use(remarkParse) : unified().use(remarkArticleText))
    .use(remarkArticle, { timeZone: options.timeZone })
    .use(remarkMetadata, { defaults: options.defaults, metadata: options.metadata })
  await processor.run(processor.parse(file), file)
  return {
    metadata: file.data.metadata,
    origins: file.data.metadataOrigins,
    messages: file.messages.map((message) => `${message.ruleId}`),
  }
}

describe('metadata fixtures', () => {
  it.each(readdirSync(root).sort())('%s', async (name) => {
    const folder = new URL(`${name}/`, root)
    const actual = JSON.parse(JSON.stringify(await run(folder)))
    const expectedFile = new URL('output.json', folder)
    if (process.env.UPDATE_FIXTURES || !existsSync(expectedFile)) {
      writeFileSync(expectedFile, `${JSON.stringify(actual, undefined, 2)}\n`)
    }
    expect(actual).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')))
  })
})
