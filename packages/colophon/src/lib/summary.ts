/**
 * The report of a document in brief: each correction and each message once,
 * with how often and where it occurs, instead of once per occurrence (a book
 * of a hundred chapters repeats the same corrections thousands of times).
 */
import type { Correction } from '@colophon/remark-normalize'
import type { VFile } from 'vfile'

/** A place as `line:column`. */
type Place = string

/** A correction with every place it was made. */
export type CorrectionSummary = Omit<Correction, 'position'> & { count: number; places: Place[] }

/** A message with every place it was reported. */
export interface MessageSummary {
  reason: string
  ruleId: string | undefined
  source: string | undefined
  severity: 'error' | 'warning' | 'info'
  count: number
  places: Place[]
}

/** A message's severity in reports: `error` (fatal), `warning` or `info`. */
export function severityOf(message: VFile['messages'][number]): 'error' | 'warning' | 'info' {
  return message.fatal ? 'error' : message.fatal === false ? 'warning' : 'info'
}

const placeOf = (point: { line?: number | undefined; column?: number | undefined } | undefined): Place[] =>
  point?.line === undefined ? [] : [`${point.line}:${point.column ?? 1}`]

/**
 * Corrections grouped by what they change: the rule, the text before and
 * after, and whether the change was applied; in the order of their first
 * place.
 *
 * @param corrections
 *   `file.data.corrections`.
 * @returns
 *   One item per group, with its count and places.
 */
export function summarizeCorrections(corrections: ReadonlyArray<Correction>): CorrectionSummary[] {
  const groups = new Map<string, CorrectionSummary>()
  for (const { position, ...correction } of corrections) {
    const key = JSON.stringify([
      correction.id,
      correction.before,
      correction.after,
      correction.scope,
      correction.applied,
    ])
    const group = groups.get(key)
    const places = placeOf(position?.start)
    if (group) {
      group.count++
      group.places.push(...places)
    } else {
      groups.set(key, { ...correction, count: 1, places })
    }
  }
  return [...groups.values()]
}

/**
 * Messages grouped by reason, rule, source and severity, in the order of
 * their first place.
 *
 * @param messages
 *   `file.messages`.
 * @returns
 *   One item per group, with its count and places.
 */
export function summarizeMessages(messages: VFile['messages']): MessageSummary[] {
  const groups = new Map<string, MessageSummary>()
  for (const message of messages) {
    const severity = severityOf(message)
    const key = JSON.stringify([message.reason, message.ruleId, message.source, severity])
    const group = groups.get(key)
    const places = placeOf({ line: message.line ?? undefined, column: message.column ?? undefined })
    if (group) {
      group.count++
      group.places.push(...places)
    } else {
      groups.set(key, {
        reason: message.reason,
        ruleId: message.ruleId ?? undefined,
        source: message.source ?? undefined,
        severity,
        count: 1,
        places,
      })
    }
  }
  return [...groups.values()]
}
