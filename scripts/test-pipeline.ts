/**
 * The renderers' tests process documents through `@colophon/pipeline`, the
 * pipeline users run, with the example's settings.
 */
import { readFileSync } from 'node:fs'
import { dictionaryUrl } from '@colophon/dictionary-zh-en-central-asia'
import { processDocument } from '@colophon/pipeline'
import type { MetadataFields } from '@colophon/remark-metadata'
import type { Root as HastRoot } from 'hast'
import { VFile } from 'vfile'

/** The first article, byte for byte. */
export const exampleText = readFileSync(new URL('../examples/xi-kazakhstan-2022/article.txt', import.meta.url), 'utf8')

/** Metadata the example's config gives. */
export const exampleMetadata: MetadataFields = {
  originalLanguage: 'zh',
  source: { name: 'Kazakhstanskaya Pravda', date: '2022-09-13' },
}

/** Run a document through the pipeline into its publication tree (images are read when `resolveImages`). */
export async function processForTest(
  value: string,
  options: { path?: string; metadata?: MetadataFields; timeZone?: string; idPrefix?: string } = {},
): Promise<{ hast: HastRoot; file: VFile }> {
  const file = new VFile({ path: options.path ?? 'article.txt', value })
  const { tree } = await processDocument(file, {
    dictionaries: [dictionaryUrl],
    timeZone: options.timeZone ?? '+08:00',
    defaults: { language: 'en' },
    metadata: options.metadata,
    idPrefix: options.idPrefix,
  })
  return { hast: tree, file }
}
