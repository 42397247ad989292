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

const messageFields = ['ruleId', 'source', 'fatal', 'actual', 'expected', 'note', 'url', 'file'] as const

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
        reason: message.reason,
        place: message.place,
        ...Object.fromEntries(messageFields.map((field) => [field, message[field]])),
      })),
    },
  }
}

/** Rebuild a result from plain data. */
export function deserializeResult(value: SerializedResult): DocumentResult {
  const file = new VFile({ path: value.file.path, cwd: value.file.cwd })
  file.data = value.file.data
  for (const raw of value.file.messages) {
    const message = new VFileMessage(String(raw.reason), {
      place: raw.place as VFileMessage['place'],
      ruleId: raw.ruleId as string | undefined,
      source: raw.source as string | undefined,
    })
    for (const field of messageFields) {
      if (raw[field] !== undefined) (message as unknown as Record<string, unknown>)[field] = raw[field]
    }
    file.messages.push(message)
  }
  return { input: value.input, file, editions: value.editions }
}
