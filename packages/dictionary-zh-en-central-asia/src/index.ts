/**
 * Location of the dictionary file (YAML), to pass to `remark-normalize` or
 * `colophon --dictionary`.
 */
export const dictionaryUrl: URL = new URL('../dictionary.yaml', import.meta.url)

/** Location of the JSON Schema that the dictionary file follows. */
export const dictionarySchemaUrl: URL = new URL('../dictionary.schema.json', import.meta.url)
