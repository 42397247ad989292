import { foldCase, foldForMatch, isWholeWord } from './fold.js'
import { LiteralMatcher } from './matcher.js'
import type { Dictionary, Entry } from './schema.js'

/** Kinds of entries that name entities (people, organizations, places…). */
export const entityKinds: ReadonlySet<string> = new Set(['person', 'organization', 'place', 'project', 'event', 'work'])

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

/**
 * Dictionaries compiled into one multi-pattern matcher: literal variants of
 * all entries share an Aho-Corasick automaton (one for case-sensitive, one for
 * case-insensitive entries); regex entries run on their own.
 */
export class CompiledDictionaries {
  /** All rules, in dictionary order. */
  readonly rules: Rule[] = []
  /** Capitalized words of the forms the dictionaries know (names are not lowered). */
  readonly knownWords = new Set<string>()
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
              this.exact.add(foldForMatch(variant), index)
              this.hasExact = true
            } else {
              this.folded.add(foldCase(foldForMatch(variant)), index)
              this.hasFolded = true
            }
          }
        }
        this.rules.push(rule)
        // Names the dictionaries know: right forms of entities, not wrong ones.
        const forms = entityKinds.has(entry.kind) ? [entry.replace, entry.firstMention, entry.name] : []
        if (entry.scope === 'keep' && typeof match === 'string') forms.push(match)
        else if (entry.scope === 'keep' && Array.isArray(match)) forms.push(...match)
        for (const form of forms) {
          for (const word of form?.match(/\p{Lu}[\p{L}'’-]*/gu) ?? []) this.knownWords.add(word)
        }
      }
    }
    this.checkCycles()
  }

  /**
   * Every hit of every rule in `text`, overlapping hits included, filtered by
   * case and whole-word settings but not by context guards. Spaces and
   * quotation marks are folded (see `foldForMatch`) on both sides.
   *
   * @param value
   *   Text to search.
   * @returns
   *   Hits in no particular order.
   */
  find(value: string): Hit[] {
    const text = foldForMatch(value)
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
