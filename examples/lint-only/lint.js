#!/usr/bin/env node
// Normalization as a linter inside an existing remark pipeline: report what
// the dictionaries would change, change nothing. Writes dist/lint.json and
// prints the findings; exits 1 with --frail when there are any.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dictionaryUrl } from '@colophon/dictionary-zh-en-central-asia'
import remarkArticle from '@colophon/remark-article'
import remarkNormalize from '@colophon/remark-normalize'
import remarkParse from 'remark-parse'
import remarkStringify from 'remark-stringify'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { reporter } from 'vfile-reporter'

const file = new VFile({ path: 'story.md', value: readFileSync(new URL('story.md', import.meta.url), 'utf8') })
await unified()
  .use(remarkParse)
  .use(remarkArticle) // front matter, headline, dateline
  .use(remarkNormalize, { dictionaries: [dictionaryUrl], mode: 'report' })
  .use(remarkStringify)
  .process(file)

console.error(reporter([file]))
mkdirSync(new URL('dist/', import.meta.url), { recursive: true })
const findings = file.messages.filter((message) => message.fatal === false)
writeFileSync(
  new URL('dist/lint.json', import.meta.url),
  `${JSON.stringify(
    findings.map((message) => ({
      ruleId: message.ruleId,
      line: message.line,
      column: message.column,
      actual: message.actual,
      expected: message.expected,
    })),
    undefined,
    2,
  )}\n`,
)
if (process.argv.includes('--frail') && findings.length > 0) process.exitCode = 1
