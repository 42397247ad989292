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

/**
 * Read a dictionary from a YAML or JSON file and validate it.
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
  let text: string
  try {
    // Never open a device or pipe: it would block, or never end.
    const status = statSync(file)
    if (!status.isFile()) throw new DictionaryError('not a regular file (a folder, device, pipe or socket)', file)
    if (status.size > 64 * 2 ** 20) throw new DictionaryError('larger than 64 MiB', file)
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if (error instanceof DictionaryError) throw error
    const code = (error as NodeJS.ErrnoException).code
    throw new DictionaryError(
      code === 'ENOENT' ? 'dictionary file not found' : `cannot read dictionary (${code ?? String(error)})`,
      file,
    )
  }
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
  // Without a documentation URL, messages point at the entry's file.
  dictionary.url ??= pathToFileURL(file).href
  return dictionary
}
