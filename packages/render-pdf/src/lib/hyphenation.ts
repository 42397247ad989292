/**
 * Hyphenation by the document language, with the `hyphen` package's
 * patterns (Liang's algorithm, TeX's pattern files). Names the dictionaries
 * know are never hyphenated, nor broken at their own hyphens.
 */
import { createRequire } from 'node:module'

interface HyphenPatterns {
  hyphenateSync(text: string, options?: { hyphenChar?: string; minWordLength?: number }): string
}

const require = createRequire(import.meta.url)
const loaded = new Map<string, HyphenPatterns | undefined>()

/**
 * The `hyphen` patterns for a BCP 47 language tag: the whole tag first
 * (`en-GB` -> `hyphen/en-gb`), then shorter prefixes (`hyphen/en`).
 *
 * @returns
 *   The patterns, or `undefined` when the package has none for the language.
 */
export function patternsFor(language: string): HyphenPatterns | undefined {
  const subtags = language.toLowerCase().split(/[-_]/)
  for (let count = subtags.length; count > 0; count--) {
    const candidate = subtags.slice(0, count).join('-')
    // Only names of pattern folders, never a path.
    if (!/^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/.test(candidate)) continue
    if (loaded.has(candidate)) {
      const known = loaded.get(candidate)
      if (known) return known
      continue
    }
    let patterns: HyphenPatterns | undefined
    try {
      const module = require(`hyphen/${candidate}`) as Partial<HyphenPatterns>
      patterns = typeof module.hyphenateSync === 'function' ? (module as HyphenPatterns) : undefined
    } catch {
      patterns = undefined
    }
    loaded.set(candidate, patterns)
    if (patterns) return patterns
  }
  return undefined
}

const letters = /[\p{L}\p{M}]+/gu
const hardHyphen = /(?<=[\p{L}\p{M}])[-\u2010](?=\p{L})/gu

/** Where a word may break, and whether a hyphen is added there. */
export interface BreakPoint {
  /** Break after this many UTF-16 code units of the text. */
  offset: number
  /** Add a hyphen at the break (a soft hyphen); `false` after a hyphen already in the text. */
  hyphen: boolean
}

/** Configuration of a `Hyphenator`. */
export interface HyphenatorOptions {
  /** Words never hyphenated (names from the dictionaries); compared exactly. */
  protectedWords?: Iterable<string> | undefined
  /** Fewest letters before a hyphen (default: 2). */
  leftMin?: number | undefined
  /** Fewest letters after a hyphen (default: 3). */
  rightMin?: number | undefined
  /** Shortest word hyphenated (default: 5). */
  minLength?: number | undefined
}

/** Finds the break points of words. */
export class Hyphenator {
  readonly #patterns: HyphenPatterns | undefined
  readonly #protected: Set<string>
  readonly #leftMin: number
  readonly #rightMin: number
  readonly #minLength: number
  readonly #cache = new Map<string, number[]>()

  /**
   * @param patterns
   *   Patterns of the language, or `undefined` for none (words then break
   *   only at their own hyphens).
   */
  constructor(patterns: HyphenPatterns | undefined, options: HyphenatorOptions = {}) {
    this.#patterns = patterns
    this.#protected = new Set(options.protectedWords ?? [])
    this.#leftMin = options.leftMin ?? 2
    this.#rightMin = options.rightMin ?? 3
    this.#minLength = options.minLength ?? 5
  }

  /** Whether patterns are loaded. */
  get hyphenates(): boolean {
    return this.#patterns !== undefined
  }

  /**
   * Break points inside a token (text without spaces, punctuation
   * included): soft ones from the patterns, and after a hyphen between
   * letters; a token with a hyphen of its own (a compound) breaks only
   * there. Neither inside a protected word, nor in a token that looks like
   * an address (URL, e-mail, path).
   */
  breakPoints(token: string, soft = true): BreakPoint[] {
    if (/[/@\\]|:\/\/|\.\p{L}/u.test(token)) return []
    const points: BreakPoint[] = []
    for (const match of token.matchAll(hardHyphen)) {
      const offset = (match.index as number) + 1
      const before = /[\p{L}\p{M}]+$/u.exec(token.slice(0, offset - 1))?.[0] ?? ''
      const after = /^[\p{L}\p{M}]+/u.exec(token.slice(offset))?.[0] ?? ''
      if (before.length >= 2 && after.length >= 2 && !this.#protected.has(before) && !this.#protected.has(after)) {
        points.push({ offset, hyphen: false })
      }
    }
    // A compound with a hyphen of its own ("China-Kazakhstan") breaks only there.
    const compound = points.length > 0 || hardHyphen.test(token)
    hardHyphen.lastIndex = 0
    if (soft && this.#patterns && !compound) {
      for (const match of token.matchAll(letters)) {
        for (const offset of this.#wordPoints(match[0])) {
          points.push({ offset: (match.index as number) + offset, hyphen: true })
        }
      }
    }
    return points.sort((a, b) => a.offset - b.offset)
  }

  #wordPoints(word: string): number[] {
    let points = this.#cache.get(word)
    if (points) return points
    points = []
    const upper = word.toUpperCase() === word
    if (word.length >= this.#minLength && !upper && !this.#protected.has(word) && this.#patterns) {
      const marked = this.#patterns.hyphenateSync(word, { hyphenChar: '\u00AD', minWordLength: this.#minLength })
      let offset = 0
      for (const character of marked) {
        if (character === '\u00AD') {
          if (offset >= this.#leftMin && word.length - offset >= this.#rightMin) points.push(offset)
        } else {
          offset += character.length
        }
      }
    }
    this.#cache.set(word, points)
    return points
  }
}

/**
 * Words of names that must not be hyphenated: every capitalized word of the
 * entities the dictionaries recognized, of the names they corrected, and of
 * the authors.
 */
export function protectedWords(names: Iterable<string>): Set<string> {
  const words = new Set<string>()
  for (const name of names) {
    for (const match of name.matchAll(letters)) {
      const word = match[0]
      if (/^\p{Lu}/u.test(word)) words.add(word)
    }
  }
  return words
}
