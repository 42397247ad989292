import { LiteralMatcher } from './matcher.js'
import type { Dictionary, Entry } from './schema.js'

/** An entry ready to run, with where it came from. */
export interface Rule {
  /** Index of the rule in `CompiledDictionaries.rules`. */
  index: number
  /** The validated entry. */
  entry: Entry
  /** Name of the dictionary holding the entry. */
  dictionary: string
  /** Documentation URL of the entry, when the dictionary has one. */
  url: string | undefined
  /** Compiled pattern of a regex entry. */
  regex: RegExp | undefined
}

/** A raw hit of a rule in a text, before guards. */
export interface Hit {
  rule: Rule
  start: number
  end: number
  /** The text to put in place of the hit (regex groups expanded). */
  replacement: string | undefined
}

/** Rules of one or more dictionaries that feed each other. */
export class DictionaryCycleError extends Error {
  constructor(
    readonly first: string,
    readonly second: string,
  ) {
    super(
      `dictionary rules \`${first}\` and \`${second}\` feed each other in a cycle: each one's replacement contains the other's match`,
    )
    this.name = 'DictionaryCycleError'
  }
}

/** Fold case without changing the length of the string. */
export function foldCase(value: string): string {
  const lower = value.toLowerCase()
  if (lower.length === value.length) return lower
  let result = ''
  for (const char of value) {
    const folded = char.toLowerCase()
    result += folded.length === char.length ? folded : char
  }
  return result
}

const wordChar = /[\p{L}\p{N}_]/u

/** Whether `[start, end)` of `text` is bounded by non-word characters. */
export function isWholeWord(text: string, start: number, end: number): boolean {
  const before = start > 0 ? text.charAt(start - 1) : ''
  const after = end < text.length ? text.charAt(end) : ''
  const first = text.charAt(start)
  const last = text.charAt(end - 1)
  // A boundary only matters where the match itself starts or ends with a word character.
  if (before && wordChar.test(first) && wordChar.test(before)) return false
  if (after && wordChar.test(last) && wordChar.test(after)) return false
  return true
}

/**
 * Dictionaries compiled into one multi-pattern matcher: literal variants of
 * all entries share an Aho-Corasick automaton (one for case-sensitive, one for
 * case-insensitive entries); regex entries run on their own.
 */
export class CompiledDictionaries {
  /** All rules, in dictionary order. */
  readonly rules: Rule[] = []
  private readonly exact = new LiteralMatcher()
  private readonly folded = new LiteralMatcher()
  private hasExact = false
  private hasFolded = false
  private readonly regexRules: Rule[] = []

  /**
   * @param dictionaries
   *   Validated dictionaries; later dictionaries win ties with earlier ones.
   * @throws {DictionaryCycleError}
   *   When two rules rewrite each other's output.
   */
  constructor(dictionaries: ReadonlyArray<Dictionary>) {
    for (const dictionary of dictionaries) {
      for (const entry of dictionary.entries) {
        const index = this.rules.length
        const match = entry.match
        const rule: Rule = {
          index,
          entry,
          dictionary: dictionary.name,
          url: dictionary.url ? `${dictionary.url}#${entry.id}` : undefined,
          regex: undefined,
        }
        if (typeof match === 'object' && !Array.isArray(match)) {
          const flags = `${match.flags ?? ''}${entry.caseSensitive ? '' : 'i'}gu`
          rule.regex = new RegExp(match.regex, [...new Set(flags)].join(''))
          this.regexRules.push(rule)
        } else {
          for (const variant of typeof match === 'string' ? [match] : match) {
            if (entry.caseSensitive) {
              this.exact.add(variant, index)
              this.hasExact = true
            } else {
              this.folded.add(foldCase(variant), index)
              this.hasFolded = true
            }
          }
        }
        this.rules.push(rule)
      }
    }
    this.checkCycles()
  }

  /**
   * Every hit of every rule in `text`, overlapping hits included, filtered by
   * case and whole-word settings but not by context guards.
   *
   * @param text
   *   Text to search.
   * @returns
   *   Hits in no particular order.
   */
  find(text: string): Hit[] {
    const hits: Hit[] = []
    const push = (index: number, start: number, end: number, replacement?: string) => {
      const rule = this.rules[index] as Rule
      if (rule.entry.wholeWord && !isWholeWord(text, start, end)) return
      hits.push({ rule, start, end, replacement: replacement ?? rule.entry.replace })
    }
    if (this.hasExact) this.exact.search(text, push)
    if (this.hasFolded) this.folded.search(foldCase(text), push)
    for (const rule of this.regexRules) {
      const regex = rule.regex as RegExp
      regex.lastIndex = 0
      for (let match = regex.exec(text); match; match = regex.exec(text)) {
        if (match[0].length === 0) {
          regex.lastIndex++
          continue
        }
        const replacement = rule.entry.replace === undefined ? undefined : expand(rule.entry.replace, match)
        push(rule.index, match.index, match.index + match[0].length, replacement)
      }
    }
    return hits
  }

  private checkCycles(): void {
    // A rule whose replacement is matched by another rule whose replacement
    // is matched by the first would flip the text back and forth.
    const feeds = new Map<number, Set<number>>()
    for (const rule of this.rules) {
      const output = rule.entry.replace ?? rule.entry.firstMention
      if (output === undefined) continue
      const targets = new Set<number>()
      for (const hit of this.find(output)) {
        if (hit.rule.index !== rule.index) targets.add(hit.rule.index)
      }
      feeds.set(rule.index, targets)
    }
    for (const [from, targets] of feeds) {
      for (const to of targets) {
        if (to > from && feeds.get(to)?.has(from)) {
          throw new DictionaryCycleError((this.rules[from] as Rule).entry.id, (this.rules[to] as Rule).entry.id)
        }
      }
    }
  }
}

/** Expand `$1`, `$<name>`, `$&` and `$$` in a replacement template. */
function expand(template: string, match: RegExpExecArray): string {
  return template.replace(
    /\$(?:(\d{1,2})|<([^>]+)>|(&)|(\$))/g,
    (_, number?: string, name?: string, whole?: string, dollar?: string) => {
      if (dollar) return '$'
      if (whole) return match[0]
      if (number) return match[Number(number)] ?? ''
      return match.groups?.[name as string] ?? ''
    },
  )
}
