import {
  deriveIdentifier,
  type Metadata,
  type MetadataFields,
  type MetadataInput,
  metadataSchema,
  uniqueKeywords,
} from '@colophon/metadata'
import type { Root } from 'mdast'
import type { Plugin } from 'unified'
import type { VFile } from 'vfile'
import { parse as parseYaml } from 'yaml'
import type { z } from 'zod'
import { fromFrontmatter } from './frontmatter.js'
import { inferMetadata } from './infer.js'

/** Where a metadata field came from, lowest precedence first. */
export type MetadataOrigin = 'default' | 'inferred' | 'frontmatter' | 'options'

/** Configuration for `remarkMetadata`. */
export interface Options {
  /** Values used when nothing else gives a field (lowest precedence). */
  defaults?: MetadataFields | undefined
  /**
   * Values that override the text and its front matter (highest precedence),
   * typically from a config file or the command line.
   */
  metadata?: MetadataFields | undefined
  /**
   * When no source gives `keywords`, take the names of the entities the text
   * mentions (`mentions`, from the dictionaries' matches in
   * `file.data.entities`), in order of first mention (default: `false`).
   */
  keywordsFromMentions?: boolean | undefined
}

declare module 'vfile' {
  interface DataMap {
    /** Where each field of `metadata` came from, set by `@colophon/remark-metadata`. */
    metadataOrigins: Partial<Record<keyof Metadata, MetadataOrigin>>
  }
}

/** `source` of every message this package emits. */
export const messageSource = 'colophon-metadata'
/** Fields whose disagreement between sources is worth a warning. */
const watched = new Set(['title', 'subtitle', 'headline', 'authors', 'datePublished', 'language', 'source'])
const origins: MetadataOrigin[] = ['default', 'inferred', 'frontmatter', 'options']
const originLabel: Record<MetadataOrigin, string> = {
  default: 'the defaults',
  inferred: 'the text',
  frontmatter: 'the front matter',
  options: 'the configuration',
}
const emptyOptions: Options = {}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value, undefined, 0)
}

function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = data
  for (const key of path) value = value && typeof value === 'object' ? (value as never)[key] : undefined
  return value
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
}

/**
 * Warn when the text opens with YAML front matter that no plugin parsed
 * (remark-parse alone reads `---` as a rule and the keys as a heading).
 */
function warnUnparsed(tree: Root, file: VFile): void {
  const first = tree.children[0]
  if (first?.type !== 'thematicBreak' || first.position?.start.offset !== 0) return
  const source = String(file.value ?? '')
  if (!/^---[ \t]*\r?\n[ \t]*[\p{L}_][\p{L}\p{N}_-]*[ \t]*:/u.test(source)) return
  file.message(
    'The document opens with YAML front matter that no plugin parsed, so it is read as text; use `remark-frontmatter` (or `@colophon/remark-article`) before `remark-metadata`',
    { place: first.position, ruleId: 'frontmatter-unparsed', source: messageSource },
  )
}

/**
 * The document's front matter, wherever an earlier stage left it:
 * `file.data.frontmatter` (`@colophon/remark-article`), `file.data.matter`
 * (the `vfile-matter` convention), else the `yaml` node that
 * `remark-frontmatter` puts first in the tree, parsed here.
 */
function frontmatterOf(tree: Root, file: VFile): Record<string, unknown> {
  if (file.data.frontmatter) return file.data.frontmatter
  const matter: unknown = (file.data as { matter?: unknown }).matter
  if (isMapping(matter)) return matter
  const node = tree.children[0]
  if (node?.type !== 'yaml') {
    warnUnparsed(tree, file)
    return {}
  }
  let value: unknown
  try {
    value = parseYaml(node.value)
  } catch (error) {
    file.fail(`Invalid YAML front matter: ${String(error instanceof Error ? error.message : error).split('\n')[0]}`, {
      place: node.position,
      ruleId: 'frontmatter-yaml',
      source: messageSource,
    })
  }
  if (value === null || value === undefined) return {}
  if (!isMapping(value)) {
    file.fail('YAML front matter must be a mapping of keys to values', {
      place: node.position,
      ruleId: 'frontmatter-yaml',
      source: messageSource,
    })
  }
  return value
}

/**
 * Merge what the text says, its front matter and the configuration into one
 * validated description of the article, in `file.data.metadata`.
 *
 * Precedence (later wins): `defaults` < inferred from the text < front
 * matter < `metadata` option. Disagreements on watched fields are warnings.
 * Without a title anywhere, the file name (its stem) is the title, else
 * `Untitled`, with a warning. Invalid values and a missing language are
 * fatal.
 *
 * @param options
 *   Configuration (optional).
 * @returns
 *   Transform.
 */
const remarkMetadata: Plugin<[(Options | null | undefined)?], Root> = (options?: Options | null) => {
  const settings = options ?? emptyOptions

  return function transform(tree: Root, file: VFile): undefined {
    const frontmatterNode = tree.children[0]?.type === 'yaml' ? tree.children[0] : undefined
    const layers: Record<MetadataOrigin, MetadataFields> = {
      default: settings.defaults ?? {},
      inferred: inferMetadata(tree, file.data.corrections ?? [], file.data.entities ?? []),
      frontmatter: fromFrontmatter(frontmatterOf(tree, file), (reason) =>
        file.message(reason, { place: frontmatterNode?.position, ruleId: 'frontmatter-key', source: messageSource }),
      ),
      options: settings.metadata ?? {},
    }

    const merged: Record<string, unknown> = {}
    const from: Partial<Record<string, MetadataOrigin>> = {}
    for (const origin of origins) {
      for (const [key, value] of Object.entries(layers[origin])) {
        if (value === undefined) continue
        const previous = from[key]
        // A date and a date-time of the same day agree: keep the more precise.
        if (
          previous &&
          (key === 'datePublished' || key === 'dateModified') &&
          typeof value === 'string' &&
          typeof merged[key] === 'string'
        ) {
          const known = merged[key] as string
          if (known.startsWith(`${value}T`)) continue
          if (value.startsWith(`${known}T`)) {
            merged[key] = value
            from[key] = origin
            continue
          }
        }
        if (
          previous &&
          previous !== 'default' &&
          watched.has(key) &&
          JSON.stringify(merged[key]) !== JSON.stringify(value)
        ) {
          file.message(
            `\`${key}\`: ${originLabel[origin]} says ${describe(value)}, ${originLabel[previous]} says ${describe(merged[key])}; using ${describe(value)}`,
            {
              place: origin === 'frontmatter' ? frontmatterNode?.position : undefined,
              ruleId: 'metadata-conflict',
              source: messageSource,
            },
          )
        }
        merged[key] = value
        from[key] = origin
      }
    }

    if (merged.title === undefined) {
      // Like pandoc: a document without a title is titled by its file name.
      const title = file.stem || 'Untitled'
      merged.title = title
      from.title = 'inferred'
      file.message(
        file.stem
          ? `The document has no title; it is titled \`${title}\` from the file name`
          : `The document has no title and no file name; it is titled \`${title}\``,
        { ruleId: 'missing-title', source: messageSource },
      )
    }
    if (merged.language === undefined) {
      file.fail('No language: give `language` (a BCP 47 tag such as "en") in the front matter or the configuration', {
        ruleId: 'missing-language',
        source: messageSource,
      })
    }
    if (Array.isArray(merged.keywords) && merged.keywords.every((keyword) => typeof keyword === 'string')) {
      merged.keywords = uniqueKeywords(merged.keywords)
    }
    const noKeywords = merged.keywords === undefined || (Array.isArray(merged.keywords) && merged.keywords.length === 0)
    if (settings.keywordsFromMentions && noKeywords && Array.isArray(merged.mentions)) {
      const names = uniqueKeywords(
        merged.mentions.flatMap((mention: unknown) =>
          isMapping(mention) && typeof mention.name === 'string' ? [mention.name] : [],
        ),
      )
      if (names.length > 0) {
        merged.keywords = names
        from.keywords = 'inferred'
      }
    }
    if (merged.identifier === undefined) {
      merged.identifier = deriveIdentifier(merged as MetadataInput)
      from.identifier = 'inferred'
    }

    const result = metadataSchema.safeParse(merged)
    if (!result.success) {
      const issue = result.error.issues[0] as z.core.$ZodIssue
      const field = issue.path.join('.')
      const origin = from[String(issue.path[0])]
      file.fail(
        `Invalid metadata: \`${field}\` is ${describe(valueAt(merged, issue.path))} but ${issue.message}${origin ? ` (from ${originLabel[origin]})` : ''}`,
        {
          place: origin === 'frontmatter' ? frontmatterNode?.position : undefined,
          ruleId: 'invalid-metadata',
          source: messageSource,
        },
      )
    }
    file.data.metadata = result.data
    file.data.metadataOrigins = from as Partial<Record<keyof Metadata, MetadataOrigin>>
  }
}

export default remarkMetadata
