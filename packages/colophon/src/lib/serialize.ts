import { type Data, VFile } from 'vfile'
import { VFileMessage } from 'vfile-message'
import type { DocumentResult } from './build.js'

/** A document result as plain data, to cross between threads. */
export interface SerializedResult {
  input: string
  editions: DocumentResult['editions']
  file: {
    path: string
    cwd: string
    data: Data
    messages: Array<Record<string, unknown>>
  }
}

/** Fields a message is rebuilt from, or that are not data (the error's own, the tree nodes). */
const notCopied = new Set([
  'reason',
  'place',
  'message',
  'name',
  'stack',
  'cause',
  'ancestors',
  'position',
  'line',
  'column',
])

/** A string, number, boolean or null. */
function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value)
}

/**
 * A message's fields as data: vfile's (`ruleId`, `source`, `fatal`, `actual`,
 * `expected`, `note`, `url`, `file`) and any a plugin added (such as
 * remark-normalize's `scope` and `applied`), when they are scalars or lists
 * of scalars.
 */
function messageData(message: VFileMessage): Record<string, unknown> {
  const data: Record<string, unknown> = {}
  for (const [field, value] of Object.entries(message)) {
    if (notCopied.has(field)) continue
    if (isScalar(value) || (Array.isArray(value) && value.every(isScalar))) data[field] = value
  }
  return data
}

/** Turn a result into plain data (messages keep their reason, place and fields). */
export function serializeResult(result: DocumentResult): SerializedResult {
  const { file } = result
  return {
    input: result.input,
    editions: result.editions,
    file: {
      path: file.path,
      cwd: file.cwd,
      data: structuredClone(file.data),
      messages: file.messages.map((message) => ({
        ...messageData(message),
        reason: message.reason,
        place: message.place,
      })),
    },
  }
}

/** Rebuild a result from plain data. */
export function deserializeResult(value: SerializedResult): DocumentResult {
  const file = new VFile({ path: value.file.path, cwd: value.file.cwd })
  file.data = value.file.data
  for (const { reason, place, ...fields } of value.file.messages) {
    const message = new VFileMessage(String(reason), {
      place: place as VFileMessage['place'],
      ruleId: fields.ruleId as string | undefined,
      source: fields.source as string | undefined,
    })
    Object.assign(message, fields)
    file.messages.push(message)
  }
  return { input: value.input, file, editions: value.editions }
}
