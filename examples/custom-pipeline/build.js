#!/usr/bin/env node
// One edition with the user's own plugins: Colophon's pipeline with a remark
// plugin of the user's (abbreviations) and a rehype plugin of the user's
// (external links open safely), then the HTML edition as a unified compiler.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { editionPlugin } from '@colophon/article-hast'
import { dictionaryUrl } from '@colophon/dictionary-zh-en-central-asia'
import { createPipeline } from '@colophon/pipeline'
import { htmlEdition } from '@colophon/render-html'
import { SKIP, visit } from 'unist-util-visit'
import { VFile } from 'vfile'

/** A user's remark plugin: mark all-capital abbreviations with <abbr>. */
function remarkAbbreviations() {
  return (tree) => {
    visit(tree, 'text', (node, index, parent) => {
      if (!parent || index === undefined || !/\b[A-Z]{3,}\b/.test(node.value)) return
      const parts = node.value.split(/\b([A-Z]{3,})\b/)
      const replacement = parts.map((value, position) =>
        position % 2 === 1
          ? { type: 'emphasis', data: { hName: 'abbr' }, children: [{ type: 'text', value }] }
          : { type: 'text', value },
      )
      parent.children.splice(index, 1, ...replacement)
      // Do not visit the new nodes again.
      return [SKIP, index + replacement.length]
    })
  }
}

/** A user's rehype plugin: external links get rel="noopener external". */
function rehypeExternalLinks() {
  return (tree) => {
    visit(tree, 'element', (node) => {
      if (node.tagName === 'a' && /^https?:/.test(String(node.properties.href))) {
        node.properties.rel = ['noopener', 'external']
      }
    })
  }
}

const file = new VFile({ path: 'article.md', value: readFileSync(new URL('article.md', import.meta.url), 'utf8') })
// Colophon's pipeline with the user's plugins in it, then the HTML edition.
await createPipeline({
  dictionaries: [dictionaryUrl],
  defaults: { language: 'en' },
  remarkPlugins: [remarkAbbreviations],
  rehypePlugins: [rehypeExternalLinks],
})
  .use(editionPlugin(htmlEdition), { extraCss: 'abbr { font-variant: small-caps; letter-spacing: 0.05em; }' })
  .process(file)
const html = String(file.value)

mkdirSync(new URL('dist/', import.meta.url), { recursive: true })
writeFileSync(new URL('dist/article.html', import.meta.url), html)
console.log('wrote examples/custom-pipeline/dist/article.html')
