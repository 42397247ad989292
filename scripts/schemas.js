#!/usr/bin/env node
// Write the JSON Schemas generated from the zod schemas, so editors and
// other tools can validate dictionaries, metadata and configuration files.
// Also writes the built-in dictionary's compiled companion. Run after
// `npm run build`; tests check the files are up to date.
import { writeFileSync } from 'node:fs'
import { configJsonSchema } from '../packages/colophon/dist/index.js'
import { metadataJsonSchema } from '../packages/remark-metadata/dist/index.js'
import { compileDictionaryFile, dictionaryJsonSchema } from '../packages/remark-normalize/dist/index.js'

const targets = [
  ['packages/remark-normalize/dictionary.schema.json', dictionaryJsonSchema()],
  ['packages/dictionary-zh-en-central-asia/dictionary.schema.json', dictionaryJsonSchema()],
  ['packages/metadata/metadata.schema.json', metadataJsonSchema()],
  ['packages/remark-metadata/metadata.schema.json', metadataJsonSchema()],
  ['packages/colophon/config.schema.json', configJsonSchema()],
]
for (const [file, schema] of targets) {
  writeFileSync(new URL(`../${file}`, import.meta.url), `${JSON.stringify(schema, undefined, 2)}\n`)
  console.log(`wrote ${file}`)
}

// The built-in dictionary's compiled companion: loadDictionary reads it in place of the YAML while the YAML is unchanged.
const dictionary = 'packages/dictionary-zh-en-central-asia/dictionary.yaml'
writeFileSync(
  new URL(`../${dictionary}.compiled.json`, import.meta.url),
  compileDictionaryFile(new URL(`../${dictionary}`, import.meta.url)),
)
console.log(`wrote ${dictionary}.compiled.json`)
