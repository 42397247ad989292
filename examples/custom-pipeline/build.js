#!/usr/bin/env node
// One renderer with the user's own plugins: Colophon's three remark plugins,
// a remark plugin of the user's (abbreviations), the shared hast, a rehype
// plugin of the user's (external links open safely), then the HTML renderer.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { toArticleHast } from '@colophon/article-hast'
import { dictionaryUrl } from '@colophon/dictionary-zh-en-central-asia'
import remarkArticle from '@colophon/remark-article'
import remarkMetadata from '@colophon/remark-metadata'
import remarkNormalize from '@colophon/remark-normalize'
import { renderHtml } from '@colophon/render-html'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
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

/** A user's rehype-style step: external links get rel="noopener external". */
function rehypeExternalLinks(tree) {
  visit(tree, 'element', (node) => {
    if (node.tagName === 'a' && /^https?:/.test(String(node.properties.href))) {
      node.properties.rel = ['noopener', 'external']
    }
  })
}

const file = new VFile({ path: 'article.md', value: readFileSync(new URL('article.md', import.meta.url), 'utf8') })
const processor = unified()
  .use(remarkParse)
  .use(remarkArticle)
  .use(remarkNormalize, { dictionaries: [dictionaryUrl] })
  .use(remarkAbbreviations)
  .use(remarkMetadata, { defaults: { language: 'en' } })
const tree = await processor.run(processor.parse(file), file)
const hast = toArticleHast(tree, file)
rehypeExternalLinks(hast)
const html = await renderHtml(hast, file, { extraCss: 'abbr { font-variant: small-caps; letter-spacing: 0.05em; }' })

mkdirSync(new URL('dist/', import.meta.url), { recursive: true })
writeFileSync(new URL('dist/article.html', import.meta.url), html)
console.log('wrote examples/custom-pipeline/dist/article.html')
