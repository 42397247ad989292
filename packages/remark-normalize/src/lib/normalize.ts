import type { Root } from 'mdast'
import type { Position } from 'unist'
import type { VFile } from 'vfile'
import type { CompiledDictionaries, Hit, Rule } from './compile.js'
import type { Entry } from './schema.js'
import { type Block, editText, pointAt, pruneEmpty, readBlocks, type Segment } from './text.js'
import type { Correction, Mode } from './types.js'

/** `source` of every message this package emits. */
export const messageSource = 'colophon-normalize'

type Guard = NonNullable<Entry['context']>
type Words = NonNullable<Guard['sentence']>

const guardCache = new Map<string, RegExp>()

/** A guard word (literal, whole word, any case) or `/regex/flags`. */
function guardRegex(word: string): RegExp {
  let regex = guardCache.get(word)
  if (!regex) {
    const literal = /^\/(.+)\/([imsu]*)$/.exec(word)
    regex = literal
      ? new RegExp(literal[1] as string, `${literal[2]}gu`)
      : new RegExp(`(?<![\\p{L}\\p{N}_])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_])`, 'giu')
    guardCache.set(word, regex)
  }
  return regex
}

/** Whether `word` occurs in `text` outside `[skipStart, skipEnd)`. */
function occurs(word: string, text: string, skipStart = -1, skipEnd = -1): boolean {
  const regex = guardRegex(word)
  regex.lastIndex = 0
  for (let match = regex.exec(text); match; match = regex.exec(text)) {
    const end = match.index + match[0].length
    if (end <= skipStart || match.index >= skipEnd) return true
    if (match[0].length === 0) regex.lastIndex++
  }
  return false
}

function passes(words: Words | undefined, text: string, skipStart?: number, skipEnd?: number): boolean {
  if (!words) return true
  if (words.any && !words.any.some((word) => occurs(word, text, skipStart, skipEnd))) return false
  if (words.none?.some((word) => occurs(word, text, skipStart, skipEnd))) return false
  return true
}

const segmenters = new Map<string, Intl.Segmenter>()

function sentenceAround(block: Block, start: number, end: number, language: string) {
  let segmenter = segmenters.get(language)
  if (!segmenter) {
    segmenter = new Intl.Segmenter(language, { granularity: 'sentence' })
    segmenters.set(language, segmenter)
  }
  let from = 0
  let to = block.text.length
  for (const sentence of segmenter.segment(block.text)) {
    const sentenceEnd = sentence.index + sentence.segment.length
    if (sentenceEnd <= start) from = sentenceEnd
    else if (sentence.index >= end) {
      to = sentence.index
      break
    }
  }
  return { from, to }
}

interface Context {
  block: Block
  /** Offset of the block's text in `documentText`. */
  base: number
  documentText: string
  language: string
}

function guardsHold(hit: Hit, context: Context): boolean {
  const guard = hit.rule.entry.context
  if (!guard) return true
  const { block, base, documentText, language } = context
  if (guard.role && !guard.role.includes(block.role as never)) return false
  if (guard.before || guard.after || guard.sentence) {
    const { from, to } = sentenceAround(block, hit.start, hit.end, language)
    if (!passes(guard.before, block.text.slice(from, hit.start))) return false
    if (!passes(guard.after, block.text.slice(hit.end, to))) return false
    if (!passes(guard.sentence, block.text.slice(from, to), hit.start - from, hit.end - from)) return false
  }
  if (!passes(guard.paragraph, block.text, hit.start, hit.end)) return false
  return passes(guard.document, documentText, base + hit.start, base + hit.end)
}

/** Whether the text around a hit already reads `form` (the right form is there). */
function formAround(text: string, hit: Hit, form: string | undefined): boolean {
  if (form === undefined || form.length === 0) return false
  let at = text.indexOf(form, Math.max(0, hit.end - form.length))
  while (at !== -1 && at <= hit.start) {
    if (at + form.length >= hit.end) return true
    at = text.indexOf(form, at + 1)
  }
  return false
}

/** Leftmost-longest selection of non-overlapping hits; of equal hits, the later entry wins. */
function selectHits(hits: Hit[]): Hit[] {
  hits.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start) || b.rule.index - a.rule.index)
  const chosen: Hit[] = []
  let reach = 0
  for (const hit of hits) {
    if (hit.start < reach) continue
    chosen.push(hit)
    reach = hit.end
  }
  return chosen
}

function segmentsOf(block: Block, start: number, end: number): Segment[] {
  return block.segments.filter((segment) => segment.end > start && segment.start < end)
}

/** Settings of one normalization run. */
export interface RunSettings {
  mode: Mode
  language: string
}

/**
 * Normalize a tree with compiled dictionaries: every change and suggestion
 * becomes a message on `file` and an item in the returned list.
 */
export function normalizeTree(tree: Root, file: VFile, compiled: CompiledDictionaries, settings: RunSettings) {
  const blocks = readBlocks(tree)
  const documentText = blocks.map((block) => block.text).join('\n\n')
  const corrections: Correction[] = []
  const mentioned = new Set<string>()
  let base = 0

  for (const block of blocks) {
    const context: Context = { block, base, documentText, language: settings.language }
    const candidates = compiled.find(block.text).filter((hit) => guardsHold(hit, context))
    const planned: Array<{ hit: Hit; after: string }> = []

    for (const hit of selectHits(candidates)) {
      const entry = hit.rule.entry
      let after = hit.replacement
      if (entry.firstMention !== undefined) {
        // Headlines are read apart from the text: each names people in full once.
        const scope = `${entry.id}\u0000${block.role === 'headline' ? `headline:${base}` : 'text'}`
        const first = !mentioned.has(scope)
        mentioned.add(scope)
        if (formAround(block.text, hit, entry.firstMention)) continue
        if (first) after = entry.firstMention
      }
      if (after === undefined) continue
      if (entry.oneWay && formAround(block.text, hit, after)) continue
      if (after === block.text.slice(hit.start, hit.end)) continue
      planned.push({ hit, after })
    }

    // Report in document order, then edit from the end so earlier offsets stay valid.
    const reported = planned.map(({ hit, after }) => report(file, block, hit, after, settings.mode))
    corrections.push(...reported)
    for (let index = planned.length - 1; index >= 0; index--) {
      const { hit, after } = planned[index] as { hit: Hit; after: string }
      if ((reported[index] as Correction).applied) edit(block, hit, after)
    }
    base += block.text.length + 2
  }
  return corrections
}

function edit(block: Block, hit: Hit, after: string): void {
  const segments = segmentsOf(block, hit.start, hit.end)
  const first = segments[0] as Segment
  const last = segments[segments.length - 1] as Segment
  if (segments.length === 1) {
    editText(first.node, hit.start - first.start, hit.end - first.start, after)
    return
  }
  // The match crosses inline formatting ("Ali *Farabbi*"): the corrected
  // text takes the place of the first piece, the rest is removed.
  editText(first.node, hit.start - first.start, first.node.value.length, after)
  for (const segment of segments.slice(1, -1)) editText(segment.node, 0, segment.node.value.length, '')
  editText(last.node, 0, hit.end - last.start, '')
  pruneEmpty(block.node)
}

function report(file: VFile, block: Block, hit: Hit, after: string, mode: Mode): Correction {
  const { rule } = hit
  const entry = rule.entry
  const before = block.text.slice(hit.start, hit.end)
  const segments = segmentsOf(block, hit.start, hit.end)
  const first = segments[0] as Segment
  const last = segments[segments.length - 1] as Segment
  const start = pointAt(file, first.node, hit.start - first.start)
  const end = pointAt(file, last.node, hit.end - last.start)
  const position: Position | undefined = start && end ? { start, end } : undefined
  const applied = mode === 'fix' || (mode === 'auto' && entry.scope === 'fix')

  const reason = applied
    ? `Replaced \`${before}\` with \`${after}\``
    : entry.scope === 'suggest'
      ? `Consider \`${after}\` instead of \`${before}\``
      : `\`${before}\` should be \`${after}\``
  const crossed = segments.length > 1 ? ' (the match crossed inline formatting, which was removed from it)' : ''
  const place = position ?? block.node.position
  const message =
    mode === 'report'
      ? file.message(reason, { place, ruleId: entry.id, source: messageSource })
      : file.info(`${reason}${applied ? crossed : ''}`, { place, ruleId: entry.id, source: messageSource })
  message.actual = before
  message.expected = [after]
  if (entry.note) message.note = entry.note
  if (rule.url) message.url = rule.url

  return {
    id: entry.id,
    dictionary: rule.dictionary,
    kind: entry.kind,
    scope: entry.scope,
    applied,
    before,
    after,
    role: block.role,
    position,
    note: entry.note,
    sameAs: entry.sameAs ?? [],
    name: entry.name ?? (entry.firstMention !== undefined ? entry.firstMention : after),
  }
}

export type { Rule }
