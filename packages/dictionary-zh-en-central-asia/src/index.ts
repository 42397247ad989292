import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

/**
 * Location of the dictionary file (YAML), to pass to `remark-normalize` or
 * `colophon --dictionary`.
 */
export const dictionaryUrl: URL = pathToFileURL(
  // By the package's name, so a bundle of this code (another folder) finds it too.
  createRequire(import.meta.url).resolve('@colophon/dictionary-zh-en-central-asia/dictionary.yaml'),
)

/** Location of the JSON Schema that the dictionary file follows. */
export const dictionarySchemaUrl: URL = pathToFileURL(
  createRequire(import.meta.url).resolve('@colophon/dictionary-zh-en-central-asia/dictionary.schema.json'),
)
