import { z } from 'zod'

/**
 * Characters XML 1.0 forbids (C0 controls other than tab, LF and CR; U+FFFE,
 * U+FFFF; lone surrogates), and C1 controls, which XML allows but no text
 * means: metadata goes into OPF, XMP and XHTML, where one of them makes the
 * whole file invalid.
 */
export const xmlIllegal: RegExp =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters it removes
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * Remove the characters `xmlIllegal` matches.
 *
 * @param value
 *   Any text.
 * @returns
 *   The text without them.
 */
export function stripXmlIllegal(value: string): string {
  return value.replace(xmlIllegal, '')
}

const string = z.string().overwrite(stripXmlIllegal)
const text = string.trim().min(1, 'must not be empty')

/** BCP 47 language tag, checked by `Intl.getCanonicalLocales`. */
export const languageTag = z
  .string()
  .refine(
    (value) => {
      try {
        return Intl.getCanonicalLocales(value).length === 1
      } catch {
        return false
      }
    },
    { message: 'must be a BCP 47 language tag such as "en", "kk" or "zh-Hans"' },
  )
  .describe('BCP 47 language tag')

const isoDatePattern =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d)?)?$/

/** ISO 8601 date or date-time (`2022-09-14`, `2022-09-14T10:45+08:00`). */
export const isoDate = z
  .string()
  .regex(isoDatePattern, 'must be an ISO 8601 date such as "2022-09-14" or "2022-09-14T10:45+08:00"')
  .refine((value) => !Number.isNaN(toDate(value).getTime()), { message: 'is not a real calendar date' })
  .describe('ISO 8601 date or date-time')

/** URL schemes a link from metadata may use: a reader clicks it. */
const webProtocol = /^https?$/

/** Characters a URL may not hold as written in HTML or XML (a validator refuses them): percent-encoded. */
const unsafeInUrl = /[\s<>"'`{}|\\^]/g

const url = string.trim().pipe(
  z
    .url({
      protocol: webProtocol,
      error: 'must be an absolute http(s) URL such as "https://example.org/"',
    })
    .overwrite((value) => value.replace(unsafeInUrl, (character) => encodeURIComponent(character))),
)

/** A person credited with the work. */
export const personSchema = z
  .object({
    name: text.describe('Full name'),
    role: text.optional().describe('Role or title, such as "President of the People\'s Republic of China"'),
    affiliation: text.optional().describe('Organization the person belongs to'),
  })
  .strict()

/** Someone who contributed to this edition without being its author. */
export const contributorSchema = personSchema
  .extend({ kind: z.enum(['translator', 'editor']).describe('What the person did') })
  .strict()

/** Types of mentioned entities (schema.org). */
export const mentionTypes = ['Person', 'Organization', 'Place', 'Event', 'CreativeWork', 'Thing'] as const

/** An entity named in the text. */
export const mentionSchema = z
  .object({
    name: text,
    type: z.enum(mentionTypes),
    sameAs: z.array(url).default([]),
  })
  .strict()

/** The whole description of one article. */
export const metadataSchema = z
  .object({
    title: text.describe('Title of the work'),
    subtitle: text.optional(),
    headline: text.optional().describe('Headline of the republication, when it differs from the title'),
    authors: z.array(personSchema).default([]),
    contributors: z.array(contributorSchema).default([]),
    datePublished: isoDate.optional().describe('When this edition was published'),
    dateModified: isoDate.optional(),
    language: languageTag.describe('Language of the text'),
    originalLanguage: languageTag.optional().describe('Language the text was translated from'),
    source: z
      .object({
        name: text.describe('Name of the original publication'),
        url: url.optional(),
        date: isoDate.optional().describe('When the original appeared'),
      })
      .strict()
      .optional()
      .describe('The original publication'),
    publisher: z.object({ name: text, url: url.optional() }).strict().optional(),
    identifier: text
      .optional()
      .describe('Unique identifier; a urn:uuid derived from title, date and source when absent'),
    url: url.optional().describe('Canonical URL of this edition'),
    description: string.trim().max(200, 'must be at most 200 characters').optional(),
    keywords: z.array(text).default([]),
    subjects: z.array(text).default([]),
    rights: text.optional().describe('Rights statement, such as "© 2022 Xinhua"'),
    license: url.optional().describe('URL of the license'),
    wordCount: z.number().int().nonnegative().optional(),
    readingTimeMinutes: z.number().int().nonnegative().optional(),
    mentions: z.array(mentionSchema).default([]),
    corrections: z
      .object({
        count: z.number().int().nonnegative(),
        byKind: z.record(string, z.number().int().nonnegative()),
      })
      .strict()
      .optional()
      .describe('Summary of the normalization changes'),
  })
  .strict()

/** Validated metadata of an article. */
export type Metadata = z.output<typeof metadataSchema>
/** Metadata as a user may write it (before defaults). */
export type MetadataInput = z.input<typeof metadataSchema>
/** Some fields of `MetadataInput` (a layer of the merge: defaults, front matter, options). */
export type MetadataFields = { [Key in keyof MetadataInput]?: MetadataInput[Key] | undefined }
/** A person credited with the work. */
export type Person = z.output<typeof personSchema>
/** An entity named in the text. */
export type Mention = z.output<typeof mentionSchema>

/**
 * Some fields of the metadata, none required and no defaults filled in: a
 * layer of the merge (defaults, front matter, configuration).
 */
export const metadataFieldsSchema = z
  .object(
    Object.fromEntries(
      Object.entries(metadataSchema.shape).map(([key, field]) => [
        key,
        (field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType)).optional(),
      ]),
    ),
  )
  .strict() as unknown as z.ZodType<MetadataFields>

/**
 * Turn an ISO 8601 date or date-time into a `Date`. A date-time without an
 * offset is read as UTC, so the result never depends on the machine's zone.
 *
 * @param value
 *   ISO 8601 string.
 * @returns
 *   The instant (invalid when the string is not a date).
 */
export function toDate(value: string): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00Z`)
  const hasZone = /(?:Z|[+-]\d{2}:\d{2})$/.test(value)
  return new Date(hasZone ? value : `${value}Z`)
}

/**
 * The JSON Schema of `Metadata`, generated from the zod schema.
 *
 * @returns
 *   A JSON Schema (draft 2020-12) object.
 */
export function metadataJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(metadataSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://colophon.dev/schema/metadata.json',
    title: 'Colophon article metadata',
  }
}
