import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { metadataFieldsSchema } from '@colophon/metadata'
import { isAlias, LineCounter, parseDocument, visit } from 'yaml'
import { z } from 'zod'
import { decodeText, NotTextError } from './decode.js'
import { cannotRead, UserError } from './errors.js'
import { editions, type Format, formats } from './registry.js'

export type { Format }
export { formats }

/** Each edition's settings, as a section named after it, defaults filled in. */
const editionSections = Object.fromEntries(
  Object.entries(editions).map(([format, edition]) => [
    format,
    (edition.settingsSchema as z.ZodType)
      .prefault({})
      .describe(`${edition.format.toUpperCase()} edition: ${edition.description}`),
  ]),
) as {
  [Key in Format]: z.ZodPrefault<(typeof editions)[Key]['settingsSchema']>
}

/** The configuration file's schema. */
export const configSchema = z
  .object({
    $schema: z.string().optional(),
    sources: z.array(z.string().min(1)).optional().describe('Input files, relative to the config file'),
    out: z.string().min(1).default('dist').describe('Output folder, relative to the config file'),
    formats: z
      .array(z.enum(formats as [Format, ...Format[]]))
      .min(1)
      .default([...formats])
      .describe('Editions to build'),
    dictionaries: z.array(z.string().min(1)).default([]).describe('Dictionary files, relative to the config file'),
    defaultDictionary: z.boolean().default(true).describe('Load the bundled zh-en-central-asia dictionary'),
    date: z
      .string()
      .regex(
        /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2}))?$/,
        'must be an ISO 8601 date such as "2024-01-31" or "2024-01-31T12:00:00Z"',
      )
      .optional()
      .describe('Build date stamped in every edition (wins over SOURCE_DATE_EPOCH)'),
    timeZone: z
      .string()
      .regex(/^(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d)$/, 'must be a UTC offset such as "+08:00" or "Z"')
      .optional()
      .describe('UTC offset of datelines that give a time'),
    editorialNotes: z.boolean().default(true).describe('List the corrections in every edition'),
    reportHtml: z
      .boolean()
      .default(false)
      .describe(
        'Also write <name>.report.html beside the editions: the review page, the source with each change shown in place',
      ),
    fullReport: z
      .boolean()
      .default(false)
      .describe(
        'List every correction and message of <name>.report.json once per occurrence, with its position (default: each once, with its count and places)',
      ),
    rawHtml: z
      .enum(['sanitize', 'drop'])
      .default('sanitize')
      .describe('Raw HTML in Markdown input: sanitized or dropped'),
    allowRemoteAssets: z.boolean().default(false).describe('Fetch http(s) images; otherwise they are refused'),
    assetRoot: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Folder every local image must be inside, relative to the config's folder (default: each document's folder)",
      ),
    maxAssetSize: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Largest image read or fetched, in bytes (default: 20971520, 20 MiB); a larger one is left out'),
    maxDepth: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .describe('Deepest nesting a document may have (default: 100); a deeper one stops with too-deep'),
    remarkPlugins: z
      .array(z.unknown())
      .default([])
      .describe(
        'remark plugins run after normalization: module names (resolved from the config), [name, options], or functions (JS/TS configs)',
      ),
    rehypePlugins: z
      .array(z.unknown())
      .default([])
      .describe('rehype plugins run on the publication tree, before the editions: as remarkPlugins'),
    ...editionSections,
    book: z
      .object({
        title: z.string().min(1).optional().describe("The book's title (or --title)"),
        name: z
          .string()
          .regex(/^[\w.-]+$/, 'must be a file name without folders')
          .optional()
          .describe('Output file name without extension (default: made from the title)'),
        cover: z.string().min(1).optional().describe('EPUB cover: an image file relative to the config, or "generate"'),
        metadata: metadataFieldsSchema.optional().describe('Book-level metadata (publisher, rights, authors…)'),
      })
      .strict()
      .optional()
      .describe('Combine the sources, in order, into one publication per format'),
    defaults: metadataFieldsSchema.optional().describe('Metadata used when the text and front matter say nothing'),
    metadata: metadataFieldsSchema.optional().describe('Metadata that overrides the text and its front matter'),
  })
  .strict()

/**
 * The JSON Schema of configuration files, generated from the zod schema.
 *
 * @returns
 *   A JSON Schema (draft 2020-12) object.
 */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://colophon.dev/schema/config.json',
    title: 'Colophon configuration',
  }
}

/** A validated configuration. */
export type Config = z.output<typeof configSchema>
/** A configuration as written. */
export type ConfigInput = z.input<typeof configSchema>

/** Names of the configuration file, in the order they are looked for. */
export const configNames = [
  'colophon.config.ts',
  'colophon.config.mts',
  'colophon.config.mjs',
  'colophon.config.js',
  'colophon.config.json',
  'colophon.config.yaml',
  'colophon.config.yml',
]

/**
 * Type a configuration in `colophon.config.ts` (or `.js`, `.mjs`): it returns
 * its argument, and editors check it against the schema's types.
 *
 * @example
 *   import { defineConfig } from 'colophon'
 *   export default defineConfig({ sources: ['article.txt'], formats: ['html', 'epub'] })
 */
export function defineConfig(config: ConfigInput): ConfigInput {
  return config
}

/** A configuration with the folder its paths are relative to. */
export interface LoadedConfig {
  config: Config
  /** Path of the file it came from, when it came from one. */
  path: string | undefined
  /** Folder that relative paths in the config are resolved against. */
  base: string
}

/**
 * Validate configuration data.
 *
 * @throws {UserError}
 *   Naming the file, line, field and problem.
 */
export function parseConfig(
  data: unknown,
  file?: string,
  locate?: (keys: ReadonlyArray<PropertyKey>) => number | undefined,
): Config {
  const result = configSchema.safeParse(data ?? {})
  if (result.success) return result.data
  const issue = result.error.issues[0] as z.core.$ZodIssue
  const line = locate?.(issue.path)
  const where = file ? `${file}${line ? `:${line}` : ''}: ` : ''
  const field = issue.path.length > 0 ? `\`${issue.path.join('.')}\` ` : ''
  throw new UserError(`${where}invalid configuration: ${field}${issue.message}`)
}

/** Read a JavaScript or TypeScript configuration: its default export. */
async function importConfig(file: string): Promise<unknown> {
  // Loaded only for these configs: it is the slowest module to start.
  const { createJiti } = await import('jiti')
  const jiti = createJiti(pathToFileURL(file).href, { moduleCache: false, fsCache: false, interopDefault: true })
  try {
    return await jiti.import(file, { default: true })
  } catch (error) {
    const first = String((error as Error).message).split('\n')[0]
    throw new UserError(`${file}: cannot load configuration: ${first}`)
  }
}

/** Aliases a configuration may resolve, all together (YAML's own default). */
const maxAliasCount = 100

/**
 * The text of a configuration file: UTF-8 or UTF-16 with a byte order mark,
 * refused when it is not text or has invalid or control characters (a
 * configuration is short and written by hand: better fixed than guessed).
 */
function configText(file: string, bytes: Uint8Array): string {
  try {
    const decoded = decodeText(bytes)
    const [finding] = decoded.findings
    if (finding) {
      const place = finding.samples[0]?.place
      const where = place ? `:${place.line}:${place.column}` : ''
      const what = finding.ruleId === 'control-character' ? 'has control characters' : 'is not valid text'
      throw new UserError(`${file}${where}: cannot read configuration: it ${what} (${lowerFirst(finding.reason)})`)
    }
    return decoded.value
  } catch (error) {
    if (!(error instanceof NotTextError)) throw error
    const where = error.place ? `:${error.place.line}:${error.place.column}` : ''
    throw new UserError(`${file}${where}: cannot read configuration: ${lowerFirst(error.message)}`)
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}

/** Read a YAML or JSON configuration, with the line of each problem. */
function readYamlConfig(file: string, text: string): Config {
  const lineCounter = new LineCounter()
  const document = parseDocument(text, { lineCounter, prettyErrors: false })
  const [problem] = document.errors
  if (problem) {
    const { line, col } = lineCounter.linePos(problem.pos[0])
    throw new UserError(`${file}:${line}:${col}: cannot parse configuration: ${problem.message.split('\n')[0]}`)
  }
  let data: unknown
  try {
    data = document.toJS({ maxAliasCount })
  } catch (error) {
    // yaml refuses aliases that expand too far ("billion laughs"): say where they start.
    let first: number | undefined
    visit(document, (_key, node) => {
      if (isAlias(node) && node.range) {
        first = node.range[0]
        return visit.BREAK
      }
      return undefined
    })
    const where = first === undefined ? '' : `:${lineCounter.linePos(first).line}`
    throw new UserError(
      `${file}${where}: cannot read configuration: its aliases expand too far (${(error as Error).message.split('\n')[0]}); write the values out instead`,
    )
  }
  return parseConfig(data, file, (keys) => {
    for (let length = keys.length; length >= 0; length--) {
      const node = document.getIn(keys.slice(0, length) as unknown[], true) as { range?: [number, number] } | undefined
      if (node?.range) return lineCounter.linePos(node.range[0]).line
    }
    return undefined
  })
}

/**
 * The configuration file that applies in a folder: the first of
 * `configNames` there, else in the nearest folder above it (as `.remarkrc`
 * and `.textlintrc` are found).
 *
 * @param folder
 *   Where to start.
 * @returns
 *   Its path, or `undefined` when no folder up to the root has one.
 */
export function findConfig(folder: string): string | undefined {
  let current = path.resolve(folder)
  for (;;) {
    for (const name of configNames) {
      const candidate = path.join(current, name)
      if (existsSync(candidate)) return candidate
    }
    const parent = path.dirname(current)
    if (parent === current) return undefined
    current = parent
  }
}

/**
 * Find and read the configuration: `explicit` when given, else the first of
 * `configNames` in `cwd` or the nearest folder above it (`findConfig`), else defaults. TypeScript and JavaScript files are
 * loaded with jiti (their default export, plain or from `defineConfig`).
 *
 * @throws {UserError}
 *   When the file is missing, does not parse or is invalid.
 */
export async function loadConfig(cwd: string, explicit?: string): Promise<LoadedConfig> {
  const found = explicit ? path.resolve(cwd, explicit) : findConfig(cwd)
  if (!found) return { config: parseConfig({}), path: undefined, base: cwd }
  if (!existsSync(found)) throw new UserError(`${found}: configuration file not found; check the --config path`)
  const base = path.dirname(found)
  if (/\.(?:[cm]?[jt]s)$/.test(found))
    return { config: parseConfig(await importConfig(found), found), path: found, base }
  let bytes: Uint8Array
  try {
    // Never open a device or pipe: it would block, or never end.
    const status = statSync(found)
    if (status.isDirectory()) throw Object.assign(new Error('folder'), { code: 'EISDIR' })
    if (!status.isFile() || status.size > 16 * 2 ** 20) {
      throw new UserError(`${found}: configuration must be a regular file of at most 16 MiB`)
    }
    bytes = readFileSync(found)
  } catch (error) {
    if (error instanceof UserError) throw error
    throw new UserError(cannotRead(found, (error as NodeJS.ErrnoException).code, 'configuration'))
  }
  return { config: readYamlConfig(found, configText(found, bytes)), path: found, base }
}
