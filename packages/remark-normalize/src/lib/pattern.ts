import { type AST, RegExpParser, RegExpSyntaxError } from '@eslint-community/regexpp'
import { RE2JS } from 're2js'

/**
 * A regular expression of a dictionary (a `{ regex }` match or a `/…/` guard)
 * that cannot be used. The message says why, without saying where: the
 * caller names the file, the entry and the field.
 */
export class PatternError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PatternError'
  }
}

/** One match of a `Pattern`. */
export interface PatternMatch {
  /** Offset of the match in the text (UTF-16 code units). */
  start: number
  /** Offset after the match. */
  end: number
  /** The matched text. */
  text: string
  /** A capture group by number or name; `undefined` when it took no part in the match. */
  group(key: number | string): string | undefined
}

/** What JavaScript's `\s` matches: `\t`–`\r`, the space separators, U+2028, U+2029 and U+FEFF. */
const space = '\\t-\\r\\p{Z}\\x{FEFF}'
/** What JavaScript's `.` matches without the `s` flag: anything but a line terminator. */
const dot = '[^\\n\\r\\x{2028}\\x{2029}]'

const parser = new RegExpParser({ ecmaVersion: 2025 })

interface Scope {
  dotAll: boolean
  /** Set when the pattern has `^`, `$` or a lookbehind: what it matches depends on the text around. */
  anchored?: boolean
}

/** A character as RE2 syntax: ASCII letters and digits as they are, anything else as `\x{…}`. */
function character(value: number): string {
  return /^[A-Za-z0-9]$/.test(String.fromCodePoint(value)) ? String.fromCodePoint(value) : `\\x{${value.toString(16)}}`
}

/** A Unicode property escape as the body of an RE2 class (`\p{Lu}`, `\x00-\x7f`), or undefined. */
function property(node: AST.CharacterUnicodePropertyCharacterSet | AST.StringsUnicodePropertyCharacterSet): string {
  const { key, value, negate } = node
  const p = negate ? 'P' : 'p'
  if (value === null) {
    if (key === 'ASCII') return negate ? '\\x{80}-\\x{10ffff}' : '\\x00-\\x7f'
    if (key === 'Any') return negate ? '' : '\\x00-\\x{10ffff}'
    throw new PatternError(
      `the Unicode property \`${node.raw}\` is not supported; use a general category (\\p{L}, \\p{Lu}, \\p{Nd}…) or a script (\\p{Script=Latin})`,
    )
  }
  if (key === 'Script_Extensions' || key === 'scx') {
    throw new PatternError(`\`${node.raw}\` (script extensions) is not supported; use \\p{Script=${value}}`)
  }
  // General_Category and Script values; RE2 knows the short category names and the long script names.
  return `\\${p}{${value}}`
}

/** The members of a class element, as the body of an RE2 class; `undefined` for `\S`. */
function classMember(element: AST.CharacterClassElement): string | undefined {
  switch (element.type) {
    case 'Character':
      return character(element.value)
    case 'CharacterClassRange':
      return `${character(element.min.value)}-${character(element.max.value)}`
    case 'CharacterSet':
      if (element.kind === 'property') return property(element)
      if (element.kind === 'space') return element.negate ? undefined : space
      if (element.kind === 'digit') return element.negate ? '\\D' : '\\d'
      return element.negate ? '\\W' : '\\w'
    default:
      throw new PatternError(`\`${element.raw}\` is not supported in a character class`)
  }
}

function characterClass(node: AST.CharacterClass): string {
  if (node.elements.length === 0) return node.negate ? '[\\x00-\\x{10ffff}]' : '[^\\x00-\\x{10ffff}]'
  const members: string[] = []
  let nonSpace = false
  for (const element of node.elements) {
    const member = classMember(element)
    if (member === undefined) nonSpace = true
    else members.push(member)
  }
  const body = members.join('')
  if (!nonSpace) {
    if (body === '') return node.negate ? '[\\x00-\\x{10ffff}]' : '[^\\x00-\\x{10ffff}]'
    return `[${node.negate ? '^' : ''}${body}]`
  }
  // `\S` in a class: JavaScript's `\S` is wider than RE2's, so the class
  // becomes the union of its other members and `[^\s]`.
  if (node.negate) {
    throw new PatternError(
      `\`\\S\` inside a negated class (\`${node.raw}\`) is not supported; write the class without it`,
    )
  }
  return body === '' ? `[^${space}]` : `(?:[${body}]|[^${space}])`
}

function alternatives(list: AST.Alternative[], scope: Scope): string {
  return list.map((alternative) => alternative.elements.map((element) => translate(element, scope)).join('')).join('|')
}

function hasCapture(node: AST.Node): boolean {
  if (node.type === 'CapturingGroup') return true
  if ('alternatives' in node) return node.alternatives.some((alternative) => alternative.elements.some(hasCapture))
  if (node.type === 'Quantifier') return hasCapture(node.element)
  return false
}

/** An element of a JavaScript pattern as RE2 syntax with the same meaning. */
function translate(node: AST.Element, scope: Scope): string {
  switch (node.type) {
    case 'Character':
      return character(node.value)
    case 'CharacterClass':
      return characterClass(node)
    case 'CharacterSet':
      if (node.kind === 'any') return scope.dotAll ? '(?s:.)' : dot
      if (node.kind === 'space') return node.negate ? `[^${space}]` : `[${space}]`
      if (node.kind === 'property') {
        const body = property(node)
        return body === '' ? '[^\\x00-\\x{10ffff}]' : `[${body}]`
      }
      return node.kind === 'digit' ? (node.negate ? '\\D' : '\\d') : node.negate ? '\\W' : '\\w'
    case 'CapturingGroup':
      return `(${node.name === null ? '' : `?P<${node.name}>`}${alternatives(node.alternatives, scope)})`
    case 'Group': {
      if (!node.modifiers) return `(?:${alternatives(node.alternatives, scope)})`
      const { add, remove } = node.modifiers
      const flags = (set: AST.ModifierFlags) =>
        `${set.ignoreCase ? 'i' : ''}${set.multiline ? 'm' : ''}${set.dotAll ? 's' : ''}`
      const inner: Scope = { dotAll: add.dotAll || (scope.dotAll && !remove?.dotAll) }
      const body = alternatives(node.alternatives, inner)
      if (inner.anchored) scope.anchored = true
      return `(?${flags(add)}${remove ? `-${flags(remove)}` : ''}:${body})`
    }
    case 'Assertion':
      switch (node.kind) {
        case 'start':
          scope.anchored = true
          return '^'
        case 'end':
          scope.anchored = true
          return '$'
        case 'word':
          return node.negate ? '\\B' : '\\b'
        case 'lookahead':
          throw new PatternError(
            `the lookahead \`${node.raw}\` is not supported (patterns run on a linear-time engine); check the text after the match with a \`context.after\` guard instead`,
          )
        case 'lookbehind':
          if (hasCapture(node)) {
            throw new PatternError(
              `the lookbehind \`${node.raw}\` has a capturing group, which is not supported; use \`(?:…)\` inside it`,
            )
          }
          scope.anchored = true
          return `(?<${node.negate ? '!' : '='}${alternatives(node.alternatives, scope)})`
      }
      break
    case 'Quantifier': {
      const { min, max, greedy } = node
      const suffix =
        min === 0 && max === Number.POSITIVE_INFINITY
          ? '*'
          : min === 1 && max === Number.POSITIVE_INFINITY
            ? '+'
            : min === 0 && max === 1
              ? '?'
              : max === Number.POSITIVE_INFINITY
                ? `{${min},}`
                : min === max
                  ? `{${min}}`
                  : `{${min},${max}}`
      if (min > 1000 || (max !== Number.POSITIVE_INFINITY && max > 1000)) {
        throw new PatternError(`the repetition \`${node.raw}\` is too large (at most 1000 repetitions)`)
      }
      return `(?:${translate(node.element, scope)})${suffix}${greedy ? '' : '?'}`
    }
    case 'Backreference':
      throw new PatternError(
        `the backreference \`${node.raw}\` is not supported (patterns run on a linear-time engine); match the repeated text another way`,
      )
  }
  throw new PatternError(`\`${node.raw}\` is not supported`)
}

/** The length of the shortest text an element matches. */
function shortest(node: AST.Element | AST.Alternative): number {
  switch (node.type) {
    case 'Alternative':
      return node.elements.reduce((sum, element) => sum + shortest(element), 0)
    case 'CapturingGroup':
    case 'Group':
      return Math.min(...node.alternatives.map(shortest))
    case 'Quantifier':
      return node.min * shortest(node.element)
    case 'Assertion':
    case 'Backreference':
      return 0
    default:
      return 1
  }
}

/**
 * A regular expression written in JavaScript syntax, run on a linear-time
 * engine (RE2, through `re2js`): matching takes time proportional to the text
 * whatever the pattern, so no pattern can hang a build. Matches are those of
 * a JavaScript `RegExp` with the `u` flag and the same flags; lookaheads and
 * backreferences, which need backtracking, are refused, and so is a pattern
 * that can match an empty string.
 */
export class Pattern {
  /** The pattern as written. */
  readonly source: string
  /** Its flags (of `i`, `m`, `s`, `u`). */
  readonly flags: string
  /**
   * Whether the pattern has `^`, `$` or a lookbehind. Without them, a match
   * depends on the text around it only through `\b` and `\B`, so it is also
   * found in a longer text where the matched text stands between newlines.
   */
  readonly anchored: boolean
  private readonly compiled: RE2JS
  private readonly groupCount: number
  /** Named groups: name -> number. */
  private readonly names: Record<string, number>

  /**
   * @param source
   *   JavaScript regular expression source, without slashes.
   * @param flags
   *   Any of `i`, `m`, `s` and `u` (`u` is always on).
   * @throws {PatternError}
   *   When the pattern is invalid or uses what the engine cannot run.
   */
  constructor(source: string, flags = '') {
    this.source = source
    this.flags = flags
    if (!/^[imsu]*$/.test(flags)) throw new PatternError('only the flags i, m, s and u are allowed')
    let ast: AST.Pattern
    try {
      ast = parser.parsePattern(source, 0, source.length, { unicode: true })
    } catch (error) {
      if (error instanceof RegExpSyntaxError) {
        throw new PatternError(`is not a valid regular expression: ${error.message}`)
      }
      throw error
    }
    if (Math.min(...ast.alternatives.map(shortest)) === 0) {
      throw new PatternError(
        'can match an empty string, so it would match everywhere; make it match at least one character',
      )
    }
    const scope: Scope = { dotAll: flags.includes('s') }
    const body = alternatives(ast.alternatives, scope)
    this.anchored = scope.anchored === true
    const lookbehind = /\(\?<[=!]/.test(body)
    let compiled: RE2JS
    try {
      compiled = RE2JS.compile(
        body,
        (flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0) |
          (flags.includes('m') ? RE2JS.MULTILINE : 0) |
          (lookbehind ? RE2JS.LOOKBEHINDS : 0),
      )
    } catch (error) {
      const reason = (error as Error).message.replace(/^error parsing regexp: /, '')
      throw new PatternError(`cannot be run by the linear-time engine: ${reason}`)
    }
    this.compiled = compiled
    this.groupCount = compiled.groupCount()
    this.names = { ...compiled.namedGroups() }
  }

  /**
   * Every match in `text`, left to right, without overlaps: the matches a
   * global JavaScript `RegExp` finds.
   *
   * @param text
   *   Text to search.
   */
  *matches(text: string): Generator<PatternMatch> {
    const matcher = this.compiled.matcher(text)
    const names = this.names
    while (matcher.find()) {
      const start = matcher.start()
      const end = matcher.end()
      // Groups are read now: the matcher moves on at the next match.
      const groups: Array<string | undefined> = []
      for (let index = 0; index <= this.groupCount; index++) groups.push(matcher.group(index) ?? undefined)
      yield {
        start,
        end,
        text: text.slice(start, end),
        group(key) {
          if (typeof key === 'number') return groups[key]
          return Object.hasOwn(names, key) ? groups[names[key] as number] : undefined
        },
      }
    }
  }

  /**
   * Whether the pattern matches anywhere in `text`.
   *
   * @param text
   *   Text to search.
   */
  test(text: string): boolean {
    return this.compiled.test(text)
  }
}

const cache = new Map<string, Pattern>()

/** `value` as a pattern that matches it literally (its syntax characters escaped; valid with the flag `u`). */
export function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * Compile a pattern once: the same source and flags give the same `Pattern`.
 *
 * @param source
 *   JavaScript regular expression source, without slashes.
 * @param flags
 *   Any of `i`, `m`, `s` and `u`.
 * @throws {PatternError}
 *   When the pattern cannot be used.
 */
export function compilePattern(source: string, flags = ''): Pattern {
  const key = `${flags}/${source}`
  let pattern = cache.get(key)
  if (!pattern) {
    pattern = new Pattern(source, flags)
    // Bounded: a long-running process reading many dictionaries does not grow without end.
    if (cache.size >= 10_000) cache.clear()
    cache.set(key, pattern)
  }
  return pattern
}

/** A guard word written `/source/flags`, split; `undefined` for a literal word. */
export function guardPattern(word: string): { source: string; flags: string } | undefined {
  const parts = /^\/(.+)\/([a-z]*)$/.exec(word)
  return parts ? { source: parts[1] as string, flags: parts[2] as string } : undefined
}
