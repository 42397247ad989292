import { z } from 'zod'
import { compilePattern, guardPattern, PatternError } from './pattern.js'

/** Kinds of entries; metadata maps person/organization/place to schema.org types. */

/** An absolute http(s) URL: entries' identifiers reach the metadata (JSON-LD `sameAs`), where only those are valid. */
const webUrl = z.url({
  protocol: /^https?$/,
  error: 'must be an absolute http(s) URL such as "https://www.wikidata.org/wiki/Q42"',
})

export const entryKinds = [
  'person',
  'organization',
  'place',
  'project',
  'event',
  'work',
  'term',
  'phrase',
  'typography',
] as const

const nonEmpty = z.string().min(1, 'must not be empty')

/** A regular expression written as data. */
export const regexPattern = z
  .object({
    regex: nonEmpty.describe(
      'JavaScript regular expression source, without slashes; run in linear time, so lookaheads and backreferences are refused',
    ),
    flags: z
      .string()
      .regex(/^[imsu]*$/, 'only the flags i, m, s and u are allowed')
      .optional()
      .describe('Regular expression flags (i, m, s, u); g and y are implied'),
  })
  .strict()
  .superRefine((value, context) => {
    const problem = patternProblem(value.regex, value.flags ?? '')
    if (problem) context.addIssue({ code: 'custom', path: ['regex'], message: problem })
  })

/** Why a pattern cannot be used, or `undefined` when it can. */
function patternProblem(source: string, flags: string): string | undefined {
  try {
    compilePattern(source, flags)
    return undefined
  } catch (error) {
    if (error instanceof PatternError) return error.message
    throw error
  }
}

/** A guard word: a literal word or `/regex/flags`. */
const guardWord = nonEmpty.superRefine((word, context) => {
  const pattern = guardPattern(word)
  const problem = pattern && patternProblem(pattern.source, pattern.flags)
  if (problem) context.addIssue({ code: 'custom', message: problem })
})

/** Words or patterns that must (`any`) or must not (`none`) appear. */
export const wordsGuard = z
  .object({
    any: z.array(guardWord).min(1).optional().describe('At least one of these must appear'),
    none: z.array(guardWord).min(1).optional().describe('None of these may appear'),
  })
  .strict()
  .refine((value) => value.any !== undefined || value.none !== undefined, {
    message: 'needs `any` or `none`',
  })

/** Where a guard looks, relative to the match. */
export const contextGuard = z
  .object({
    before: wordsGuard.optional().describe('Text right before the match, in the same sentence'),
    after: wordsGuard.optional().describe('Text right after the match, in the same sentence'),
    sentence: wordsGuard.optional().describe('The sentence holding the match (outside the match)'),
    paragraph: wordsGuard.optional().describe('The paragraph holding the match (outside the match)'),
    document: wordsGuard.optional().describe('The whole document (outside the match)'),
    role: z
      .array(z.enum(['headline', 'dateline', 'frame', 'embedded-title', 'byline', 'point', 'body']))
      .min(1)
      .optional()
      .describe('Structural roles (from remark-article) the match must be in'),
  })
  .strict()

/** One correction rule. */
export const entrySchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9]+(?:[-/][a-z0-9]+)*$/, 'must be lowercase words joined by `-` or `/`')
      .describe('Stable identifier; the ruleId of every message this entry produces'),
    match: z
      .union([nonEmpty, z.array(nonEmpty).min(1), regexPattern])
      .describe('What to find: a string, a list of variants, or { regex, flags }'),
    replace: z
      .string()
      .optional()
      .describe('The correct form ($1… refer to regex groups); omit for firstMention-only and keep entries'),
    kind: z.enum(entryKinds).describe('What the matched text names'),
    scope: z
      .enum(['fix', 'suggest', 'keep'])
      .default('fix')
      .describe(
        'fix: rewrite the text; suggest: report the expected wording only; keep: the form is right (record the entity, shield it from other entries)',
      ),
    context: contextGuard.optional().describe('Conditions under which the entry applies'),
    firstMention: nonEmpty
      .optional()
      .describe('Long form used at the first mention; later mentions keep the short form'),
    oneWay: z.boolean().default(true).describe('Never rewrite the replacement back to the match'),
    caseSensitive: z.boolean().default(true),
    wholeWord: z.boolean().default(true),
    note: z.string().optional().describe('Why the change is made'),
    original: z
      .string()
      .optional()
      .describe('The term in the source language that the wrong form translates (kept out of the editions)'),
    source: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .describe('Evidence'),
    sameAs: z.array(webUrl).optional().describe('Identifiers (Wikidata, VIAF, …) of the entity'),
    name: z.string().optional().describe('Canonical name of the entity, when it differs from `replace`'),
  })
  .strict()
  .superRefine((entry, context) => {
    if (entry.scope !== 'keep' && entry.replace === undefined && entry.firstMention === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['replace'],
        message: 'is required unless `firstMention` is given or `scope` is `keep`',
      })
    }
  })

/** A dictionary file. */
export const dictionarySchema = z
  .object({
    $schema: z.string().optional(),
    name: nonEmpty.describe('Name of the dictionary, used in messages'),
    description: z.string().optional(),
    language: z.string().optional().describe('BCP 47 tag of the texts it is written for'),
    url: webUrl.optional().describe('Where the entries are documented; `#<id>` is appended'),
    entries: z.array(entrySchema).describe('The rules'),
  })
  .strict()

/** A validated dictionary entry, defaults applied. */
export type Entry = z.output<typeof entrySchema>
/** A dictionary entry as written. */
export type EntryInput = z.input<typeof entrySchema>
/** A validated dictionary, defaults applied. */
export type Dictionary = z.output<typeof dictionarySchema>
/** A dictionary as written. */
export type DictionaryInput = z.input<typeof dictionarySchema>
/** Kind of an entry. */
export type EntryKind = (typeof entryKinds)[number]

/**
 * The JSON Schema of dictionary files, generated from the zod schema.
 *
 * @returns
 *   A JSON Schema (draft 2020-12) object.
 */
export function dictionaryJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(dictionarySchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://colophon.dev/schema/dictionary.json',
    title: 'Colophon normalization dictionary',
  }
}
