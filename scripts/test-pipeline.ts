/**
 * The processing pipeline, assembled from the plugins for the renderers'
 * tests (the `colophon` package does the same for users).
 */
import { readFileSync } from 'node:fs'
import { toArticleHast } from '@colophon/article-hast'
import { dictionaryUrl } from '@colophon/dictionary-zh-en-central-asia'
import remarkArticle, { remarkArticleText } from '@colophon/remark-article'
import remarkMetadata, { type MetadataFields } from '@colophon/remark-metadata'
import remarkNormalize from '@colophon/remark-normalize'
import type { Root as HastRoot } from 'hast'
import type { Root } from 'mdast'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { VFile } from 'vfile'

/** The first article, byte for byte. */
export const exampleText = readFileSync(new URL('../examples/xi-kazakhstan-2022/article.txt', import.meta.url), 'utf8')

/** Metadata the example's config gives. */
export const exampleMetadata: MetadataFields = {
  originalLanguage: 'zh',
  source: { name: 'Kazakhstanskaya Pravda', date: '2022-09-13' },
}

/** Run a document through the pipeline and convert it to the shared hast. */
export async function processForTest(
  value: string,
  options: { path?: string; metadata?: MetadataFields; timeZone?: string } = {},
): Promise<{ tree: Root; hast: HastRoot; file: VFile }> {
  const path = options.path ?? 'article.txt'
  const file = new VFile({ path, value })
  const processor = (path.endsWith('.md') ? unified().use(remarkParse) : unified().use(remarkArticleText))
    .use(remarkArticle, { timeZone: options.timeZone ?? '+08:00' })
    .use(remarkNormalize, { dictionaries: [dictionaryUrl] })
    .use(remarkMetadata, { defaults: { language: 'en' }, metadata: options.metadata })
  const tree = (await processor.run(processor.parse(file), file)) as Root
  const hast = toArticleHast(tree, file, { language: file.data.metadata?.language })
  return { tree, hast, file }
}
