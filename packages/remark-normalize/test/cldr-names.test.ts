// The names of languages and regions that keep their capital after a comma are listed in the package
// (src/lib/cldr-names.ts, written by scripts/cldr-names.js), so every runtime gives the same result.
import { describe, expect, it } from 'vitest'
import { cldrNames as runtimeNames } from '../../../scripts/cldr-names.js'
import { cldrNames, cldrVersion } from '../src/lib/cldr-names.js'

describe('cldr-names.ts', () => {
  it('lists one-word names, sorted, each once', () => {
    expect(cldrNames.length).toBeGreaterThan(300)
    expect([...cldrNames].sort()).toEqual(cldrNames)
    expect(new Set(cldrNames).size).toBe(cldrNames.length)
    for (const name of cldrNames) expect(name).toMatch(/^\p{Lu}\p{Ll}+$/u)
    expect(cldrNames).toEqual(expect.arrayContaining(['China', 'Kazakh', 'Kazakhstan', 'English', 'Polish']))
  })

  it.runIf(process.versions.cldr === cldrVersion)('holds what this runtime’s CLDR gives', () => {
    // Another CLDR version: run `node scripts/cldr-names.js` to list its names.
    expect(runtimeNames()).toEqual(cldrNames)
  })
})
