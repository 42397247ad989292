import { foldCase, foldForMatch, isWholeWord } from './fold.js'
import { LiteralMatcher } from './matcher.js'
import { compilePattern, type Pattern, type PatternMatch } from './pattern.js'
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
  /** Compiled pattern of a regex entry (run in linear time, see `Pattern`). */
  pattern: Pattern | undefined
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
  /** Ids of the entries in the cycle, each feeding the next, the last feeding the first. */
  readonly ids: readonly string[]
  /** Id of the first entry of the cycle. */
  readonly first: string
  /** Id of the entry the first one feeds. */
  readonly second: string

  /**
   * @param ids
   *   Ids of the entries in the cycle, in order (at least two).
   * @param dictionaries
   *   Names of the dictionaries holding them (optional).
   */
  constructor(ids: readonly string[], dictionaries: readonly string[] = []) {
    const names = ids.map((id) => `\`${id}\``)
    const where =
      dictionaries.length === 0
        ? ''
        : ` (in ${dictionaries.length === 1 ? 'dictionary' : 'dictionaries'} ${dictionaries.map((name) => `\`${name}\``).join(', ')})`
    // A long cycle is named by its first rules and counted: the message stays readable.
    const shown = 6
    const chain =
      names.length > shown
        ? `${names.slice(0, shown).join(' -> ')} -> … (${names.length - shown} more) -> ${names[0]}`
        : [...names, names[0]].join(' -> ')
    super(
      ids.length === 2
        ? `dictionary rules ${names[0]} and ${names[1]} feed each other in a cycle${where}: each one's replacement contains the other's match`
        : names.length > shown
          ? `${names.length} dictionary rules feed each other in a cycle${where}: ${chain}, each one's replacement containing the next one's match`
          : `dictionary rules ${names.slice(0, -1).join(', ')} and ${names.at(-1)} feed each other in a cycle${where}: ${chain}, each one's replacement containing the next one's match`,
    )
    this.name = 'DictionaryCycleError'
    this.ids = ids
    this.first = ids[0] as string
    this.second = ids[1] as string
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
   *   When rules rewrite each other's output in a cycle.
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
          pattern: undefined,
        }
        if (typeof match === 'object' && !Array.isArray(match)) {
          const flags = `${match.flags ?? ''}${entry.caseSensitive ? '' : 'i'}`
          rule.pattern = compilePattern(match.regex, [...new Set(flags)].join(''))
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
   * @param regexRules
   *   The regex rules to run (default: all; see `regexRulesIn`).
   * @returns
   *   Hits in no particular order.
   */
  find(value: string, regexRules: readonly Rule[] = this.regexRules): Hit[] {
    const text = foldForMatch(value)
    const hits: Hit[] = []
    const push = (index: number, start: number, end: number, replacement?: string) => {
      const rule = this.rules[index] as Rule
      if (rule.entry.wholeWord && !isWholeWord(text, start, end)) return
      hits.push({ rule, start, end, replacement: replacement ?? rule.entry.replace })
    }
    if (this.hasExact) this.exact.search(text, push)
    if (this.hasFolded) this.folded.search(foldCase(text), push)
    for (const rule of regexRules) {
      for (const match of (rule.pattern as Pattern).matches(text)) {
        const replacement = rule.entry.replace === undefined ? undefined : expand(rule.entry.replace, match)
        push(rule.index, match.start, match.end, replacement)
      }
    }
    return hits
  }

  /**
   * The regex rules that can have a hit in some part of `text`, where the
   * parts are separated by newlines: a pattern without anchors that matches
   * a part also matches somewhere in the whole (a newline is no word
   * character, as for `\b` the end of a text is not), so one search over the
   * whole rules out the patterns that occur in no part.
   *
   * @param text
   *   Parts joined by newlines, folded (see `foldForMatch`).
   * @returns
   *   Rules to pass to `find` for each part.
   */
  regexRulesIn(text: string): Rule[] {
    return this.regexRules.filter((rule) => {
      const pattern = rule.pattern as Pattern
      return pattern.anchored || pattern.test(text)
    })
  }

  /**
   * Indices of the rules (other than `except`) with a hit in `value`, as
   * `find` would report them.
   */
  private rulesIn(value: string, except: number, regexRules: Rule[]): Set<number> {
    const text = foldForMatch(value)
    const found = new Set<number>()
    const push = (index: number, start: number, end: number) => {
      if (index === except || found.has(index)) return
      const rule = this.rules[index] as Rule
      if (!rule.entry.wholeWord || isWholeWord(text, start, end)) found.add(index)
    }
    if (this.hasExact) this.exact.search(text, push)
    if (this.hasFolded) this.folded.search(foldCase(text), push)
    for (const rule of regexRules) {
      const pattern = rule.pattern as Pattern
      // Most patterns do not occur in a given replacement: a quick test first.
      if (rule.index === except || !pattern.test(text)) continue
      for (const match of pattern.matches(text)) {
        push(rule.index, match.start, match.end)
        if (found.has(rule.index)) break
      }
    }
    return found
  }

  private checkCycles(): void {
    // Rule A feeds rule B when A's output contains B's match: a cycle of
    // such rules (A->B->A, A->B->C->A, …) would rewrite the text forever.
    const outputs = this.rules.map((rule) => rule.entry.replace ?? rule.entry.firstMention)
    // One search over all replacements rules out most patterns, so an enormous
    // dictionary costs one pass per pattern, not one per pattern and entry.
    const regexRules = this.regexRulesIn(foldForMatch(outputs.filter((output) => output !== undefined).join('\n')))
    const feeds: number[][] = outputs.map((output, index) =>
      output === undefined ? [] : [...this.rulesIn(output, index, regexRules)].sort((a, b) => a - b),
    )
    // Depth-first search without recursion (a dictionary may hold long chains):
    // an edge back to a rule still on the path closes a cycle.
    const state = new Uint8Array(this.rules.length) // 0 unvisited, 1 on the path, 2 done
    for (let root = 0; root < this.rules.length; root++) {
      if (state[root] !== 0) continue
      const path: number[] = [root]
      const next: number[] = [0]
      state[root] = 1
      while (path.length > 0) {
        const top = path.length - 1
        const node = path[top] as number
        const targets = feeds[node] as number[]
        const index = next[top] as number
        if (index === targets.length) {
          state[node] = 2
          path.pop()
          next.pop()
          continue
        }
        next[top] = index + 1
        const target = targets[index] as number
        if (state[target] === 1) {
          const cycle = path.slice(path.indexOf(target)).map((at) => this.rules[at] as Rule)
          throw new DictionaryCycleError(
            cycle.map((rule) => rule.entry.id),
            [...new Set(cycle.map((rule) => rule.dictionary))],
          )
        }
        if (state[target] === 0) {
          state[target] = 1
          path.push(target)
          next.push(0)
        }
      }
    }
  }
}

/** Expand `$1`, `$<name>`, `$&` and `$$` in a replacement template. */
function expand(template: string, match: PatternMatch): string {
  return template.replace(
    /\$(?:(\d{1,2})|<([^>]+)>|(&)|(\$))/g,
    (_, number?: string, name?: string, whole?: string, dollar?: string) => {
      if (dollar) return '$'
      if (whole) return match.text
      if (number) return match.group(Number(number)) ?? ''
      return match.group(name as string) ?? ''
    },
  )
}
