import { createHash } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { LineCounter, parseDocument, YAMLError } from 'yaml'
import type { z } from 'zod'
import { type Dictionary, dictionarySchema } from './schema.js'

/** A dictionary that could not be read or is invalid. */
export class DictionaryError extends Error {
  /** Path of the dictionary file, when it came from a file. */
  readonly file: string | undefined
  /** 1-indexed line of the problem, when known. */
  readonly line: number | undefined
  /** 1-indexed column of the problem, when known. */
  readonly column: number | undefined

  constructor(message: string, file?: string, line?: number, column?: number) {
    const where = file ? `${file}${line ? `:${line}${column ? `:${column}` : ''}` : ''}: ` : ''
    super(`${where}${message}`)
    this.name = 'DictionaryError'
    this.file = file
    this.line = line
    this.column = column
  }
}

function describePath(path: ReadonlyArray<PropertyKey>, data: unknown): string {
  let label = ''
  let value: unknown = data
  for (const key of path) {
    if (typeof key === 'number') {
      const id = value && typeof value === 'object' ? (value as unknown[])[key] : undefined
      const entryId = id && typeof id === 'object' && 'id' in id && typeof id.id === 'string' ? ` (id ${id.id})` : ''
      label += `[${key}]${entryId}`
    } else {
      label += `${label ? '.' : ''}${String(key)}`
    }
    value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined
  }
  return label || '(top level)'
}

/**
 * Validate dictionary data (already parsed) against the schema.
 *
 * @param data
 *   Parsed YAML or JSON.
 * @param file
 *   Path used in error messages (optional).
 * @param locate
 *   Maps a path in the data to a line and column (optional).
 * @returns
 *   The dictionary, defaults applied.
 * @throws {DictionaryError}
 *   Naming the file, line, field and problem of the first invalid value.
 */
export function parseDictionary(
  data: unknown,
  file?: string,
  locate?: (path: ReadonlyArray<PropertyKey>) => { line: number; column: number } | undefined,
): Dictionary {
  const result = dictionarySchema.safeParse(data)
  if (result.success) return result.data
  const issue = result.error.issues[0] as z.core.$ZodIssue
  const where = locate?.(issue.path)
  throw new DictionaryError(
    `invalid dictionary: \`${describePath(issue.path, data)}\` ${issue.message}`,
    file,
    where?.line,
    where?.column,
  )
}

/** Largest dictionary (or compiled companion) file read: 64 MiB. */
const maxBytes = 64 * 2 ** 20

/**
 * Version of the compiled companion's format: a companion of another version
 * is ignored. Raised whenever the schema or its defaults change.
 */
const compiledFormat = 'colophon-dictionary-compiled/1'

/** Read a regular file of at most `maxBytes` as UTF-8. */
function readBounded(file: string): string {
  // Never open a device or pipe: it would block, or never end.
  const status = statSync(file)
  if (!status.isFile()) throw new DictionaryError('not a regular file (a folder, device, pipe or socket)', file)
  if (status.size > maxBytes) throw new DictionaryError('larger than 64 MiB', file)
  return readFileSync(file, 'utf8')
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/**
 * The dictionary of a compiled companion (`<file>.compiled.json`, see
 * `compileDictionaryFile`) made from exactly `text` by this version of the
 * format, or `undefined` (no companion, another source, another format, not
 * JSON): then the source is parsed and validated as usual.
 */
function readCompanion(file: string, text: string): Dictionary | undefined {
  let data: { format?: unknown; sha256?: unknown; dictionary?: unknown }
  try {
    data = JSON.parse(readBounded(`${file}.compiled.json`))
  } catch {
    return undefined
  }
  const dictionary = data?.dictionary as Dictionary | undefined
  if (data?.format !== compiledFormat || data.sha256 !== sha256(text)) return undefined
  // The shape the schema guarantees, checked cheaply; patterns are still compiled (and checked) by `compileDictionaries`.
  if (!dictionary || typeof dictionary !== 'object' || !Array.isArray(dictionary.entries)) return undefined
  return dictionary
}

/** Read, parse and validate a dictionary file (without its default `url`); also gives the text read. */
function readDictionary(file: string, useCompanion: boolean): { dictionary: Dictionary; text: string } {
  let text: string
  try {
    text = readBounded(file)
  } catch (error) {
    if (error instanceof DictionaryError) throw error
    const code = (error as NodeJS.ErrnoException).code
    throw new DictionaryError(
      code === 'ENOENT' ? 'dictionary file not found' : `cannot read dictionary (${code ?? String(error)})`,
      file,
    )
  }
  const compiled = useCompanion ? readCompanion(file, text) : undefined
  if (compiled) return { dictionary: compiled, text }
  const lineCounter = new LineCounter()
  // YAML is a superset of JSON, so one parser reads both.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const [problem] = document.errors
  if (problem) {
    const pos = lineCounter.linePos(problem.pos[0])
    throw new DictionaryError(`cannot parse dictionary: ${problem.message.split('\n')[0]}`, file, pos.line, pos.col)
  }
  let data: unknown
  try {
    // The yaml package stops alias expansion past `maxAliasCount` (an alias bomb).
    data = document.toJS({ maxAliasCount: 100 })
  } catch (error) {
    if (!(error instanceof ReferenceError || error instanceof YAMLError)) throw error
    const reason = /excessive alias count/i.test(error.message)
      ? 'its aliases (`*name`) expand to too much data, as in an alias bomb'
      : error.message.split('\n')[0]
    throw new DictionaryError(`cannot read dictionary: ${reason}`, file)
  }
  const dictionary = parseDictionary(data, file, (issuePath) => {
    // Point at the deepest node that exists along the path.
    for (let length = issuePath.length; length >= 0; length--) {
      const node = document.getIn(issuePath.slice(0, length) as unknown[], true) as
        | { range?: [number, number, number] }
        | undefined
      if (node && typeof node === 'object' && node.range) {
        const pos = lineCounter.linePos(node.range[0])
        return { line: pos.line, column: pos.col }
      }
    }
    return undefined
  })
  return { dictionary, text }
}

/**
 * Read a dictionary from a YAML or JSON file and validate it.
 *
 * When a compiled companion `<file>.compiled.json` (see
 * `compileDictionaryFile`) sits next to the file and was made from its exact
 * bytes, it is read instead: JSON, already validated, so a large dictionary
 * loads without parsing YAML or validating again. Any other companion is
 * ignored.
 *
 * @param path
 *   File path or `file:` URL.
 * @returns
 *   The dictionary, defaults applied.
 * @throws {DictionaryError}
 *   When the file cannot be read, does not parse, or has an invalid entry;
 *   the message names the file, the line and the field.
 */
export function loadDictionary(path: string | URL): Dictionary {
  const file = typeof path === 'string' ? path : fileURLToPath(path)
  const { dictionary } = readDictionary(file, true)
  // Without a documentation URL, messages point at the entry's file.
  dictionary.url ??= pathToFileURL(file).href
  return dictionary
}

/**
 * Compile a dictionary file into the text of its companion,
 * `<file>.compiled.json`, which `loadDictionary` reads in its place while
 * the file is unchanged (it records the file's SHA-256). Writing the
 * companion is the caller's choice; nothing else changes.
 *
 * @param path
 *   File path or `file:` URL of a YAML or JSON dictionary.
 * @returns
 *   JSON text (ends with a newline), the same for the same file.
 * @throws {DictionaryError}
 *   As `loadDictionary`.
 */
export function compileDictionaryFile(path: string | URL): string {
  const file = typeof path === 'string' ? path : fileURLToPath(path)
  const { dictionary, text } = readDictionary(file, false)
  return `${JSON.stringify({ format: compiledFormat, sha256: sha256(text), dictionary })}\n`
}
