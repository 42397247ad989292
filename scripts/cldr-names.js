#!/usr/bin/env node
// Write packages/remark-normalize/src/lib/cldr-names.ts: the one-word English
// names of languages and of countries and regions, from CLDR (the runtime's
// `Intl.DisplayNames`), for the rule that keeps such a word's capital after a
// comma. Listed in the package, the names are the same on every runtime, and
// a document does not pay for reading them from ICU (about 10 ms). Run after
// a Node update that brings a newer CLDR; a test compares the list with the
// runtime's when their CLDR versions match.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The names as the runtime's CLDR gives them: of every two-letter language and region code, those of one word. */
export function cldrNames() {
  const names = new Set()
  const letters = 'abcdefghijklmnopqrstuvwxyz'
  const languages = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' })
  const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' })
  for (const first of letters) {
    for (const second of letters) {
      for (const name of [languages.of(first + second), regions.of((first + second).toUpperCase())]) {
        if (name && /^\p{Lu}\p{Ll}+$/u.test(name)) names.add(name)
      }
    }
  }
  return [...names].sort()
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = 'packages/remark-normalize/src/lib/cldr-names.ts'
  const names = cldrNames()
  writeFileSync(
    new URL(`../${file}`, import.meta.url),
    `// Written by scripts/cldr-names.js from CLDR ${process.versions.cldr}: do not edit.

/** The CLDR version the names were read from. */
export const cldrVersion = '${process.versions.cldr}'

/**
 * The one-word English names of languages (also the nationalities:
 * \`English\`, \`Polish\`, \`Kazakh\`) and of countries and regions (\`China\`),
 * as CLDR gives them for the two-letter codes.
 */
export const cldrNames: readonly string[] = [
${names.map((name) => `  '${name}',`).join('\n')}
]
`,
  )
  console.log(`wrote ${file}: ${names.length} names from CLDR ${process.versions.cldr}`)
}
