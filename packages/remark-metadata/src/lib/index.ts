import type { Root } from 'mdast'
import { v5 as uuidV5 } from 'uuid'
import type { VFile } from 'vfile'
import type { z } from 'zod'
import { fromFrontmatter } from './frontmatter.js'
import { inferMetadata } from './infer.js'
import { type Metadata, type MetadataFields, type MetadataInput, metadataSchema } from './schema.js'

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
}

declare module 'vfile' {
  interface DataMap {
    /** Validated metadata, set by `@colophon/remark-metadata`. */
    metadata: Metadata
    /** Where each field of `metadata` came from. */
    metadataOrigins: Partial<Record<keyof Metadata, MetadataOrigin>>
  }
}

/** `source` of every message this package emits. */
export const messageSource = 'colophon-metadata'
/** Namespace of identifiers derived from title, date and source. */
export const identifierNamespace = uuidV5('https://colophon.dev/identifier', uuidV5.URL)
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

/**
 * A stable identifier for an article: a name-based (v5) UUID of its title,
 * date and source, so rebuilds keep it.
 */
export function deriveIdentifier(metadata: Pick<MetadataInput, 'title' | 'datePublished' | 'source'>): string {
  const key = [metadata.title, metadata.datePublished ?? '', metadata.source?.name ?? ''].join('\n')
  return `urn:uuid:${uuidV5(key, identifierNamespace)}`
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value, undefined, 0)
}

function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = data
  for (const key of path) value = value && typeof value === 'object' ? (value as never)[key] : undefined
  return value
}

/**
 * Merge what the text says, its front matter and the configuration into one
 * validated description of the article, in `file.data.metadata`.
 *
 * Precedence (later wins): `defaults` < inferred from the text < front
 * matter < `metadata` option. Disagreements on watched fields are warnings;
 * invalid values and a missing title or language are fatal.
 *
 * @param options
 *   Configuration (optional).
 * @returns
 *   Transform.
 */
export default function remarkMetadata(options?: Options | null) {
  const settings = options ?? emptyOptions

  return function transform(tree: Root, file: VFile): undefined {
    const frontmatterNode = tree.children[0]?.type === 'yaml' ? tree.children[0] : undefined
    const layers: Record<MetadataOrigin, MetadataFields> = {
      default: settings.defaults ?? {},
      inferred: inferMetadata(tree, file.data.corrections ?? [], file.data.entities ?? []),
      frontmatter: fromFrontmatter(file.data.frontmatter ?? {}, (reason) =>
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

    for (const key of ['title', 'language'] as const) {
      if (merged[key] === undefined) {
        file.fail(
          key === 'title'
            ? 'No title: the text has no headline, and neither the front matter nor the configuration gives `title`'
            : 'No language: give `language` (a BCP 47 tag such as "en") in the front matter or the configuration',
          { ruleId: `missing-${key}`, source: messageSource },
        )
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

/**
 * The metadata of a processed file, for a renderer.
 *
 * @param file
 *   A file that went through `remarkMetadata`.
 * @param edition
 *   What needs it, for the error message (`the HTML edition`).
 * @returns
 *   `file.data.metadata`.
 * @throws {Error}
 *   When the file has no metadata.
 */
export function requireMetadata(file: VFile, edition: string): Metadata {
  const metadata = file.data.metadata
  if (!metadata) {
    throw new Error(
      `${file.path ?? 'document'}: no metadata; run @colophon/remark-metadata before rendering ${edition}`,
    )
  }
  return metadata
}
