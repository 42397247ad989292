import type { Nodes, Root, Text } from 'mdast'
import type { Position } from 'unist'
import type { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import { type CompiledDictionaries, entityKinds, type Hit, type Rule } from './compile.js'
import type { Finding } from './finding.js'
import { foldForMatch } from './fold.js'
import { type Context, GuardCache, guardsHold } from './guards.js'
import { escapeRegExp } from './pattern.js'
import { type Block, editText, pointAt, pruneEmpty, readBlocks, type Segment, type TextEdit } from './text.js'
import type { Correction, Entity, Mode } from './types.js'
import {
  capitalAfterComma,
  dashLead,
  duplicatePhrases,
  invisibleCharacters,
  oddSpaces,
  properNouns,
  smartenReplacement,
  straightQuotes,
  type TypographyOptions,
} from './typography.js'

/** `source` of every message this package emits. */
export const messageSource = 'colophon-normalize'

/** Settings of one normalization run. */
export interface RunSettings {
  mode: Mode
  language: string
  typography: Required<TypographyOptions>
  /** Whether the text is a translation (`Options.translation`). */
  translation?: boolean | undefined
}

/** What a run found. */
export interface RunResult {
  corrections: Correction[]
  entities: Entity[]
}

/** Whether the text around a hit already reads `form` (the right form is there). */
function formAround(text: string, hit: Hit, form: string | undefined): boolean {
  if (form === undefined || form.length === 0) return false
  const folded = foldForMatch(form)
  // Only the text that an occurrence covering the hit can span is searched.
  const from = Math.max(0, hit.end - folded.length)
  const around = text.slice(from, hit.start + folded.length)
  for (let at = around.indexOf(folded); at !== -1; at = around.indexOf(folded, at + 1)) {
    if (from + at + folded.length >= hit.end) return true
  }
  return false
}

/**
 * Whether the rest of a full form is already next to the hit, written
 * another way: `President (Kassym-Jomart) Tokayev`, `Tokayev (Kassym-Jomart)`,
 * `Xi (Jinping)` for the full forms `Kassym-Jomart Tokayev` and `Xi Jinping`.
 */
function partsAround(text: string, hit: Hit, form: string | undefined): boolean {
  if (form === undefined) return false
  const folded = foldForMatch(form)
  const found = text.slice(hit.start, hit.end)
  const at = folded.toLowerCase().indexOf(found.toLowerCase())
  if (found.length === 0 || at === -1) return false
  const prefix = folded.slice(0, at).trim()
  const suffix = folded.slice(at + found.length).trim()
  if (prefix === '' && suffix === '') return false
  const reach = folded.length + 4
  const before = text.slice(Math.max(0, hit.start - reach), hit.start)
  const after = text.slice(hit.end, hit.end + reach)
  const boundaryBefore = '(?<![\\p{L}\\p{N}])'
  const boundaryAfter = '(?![\\p{L}\\p{N}])'
  const near = (part: string) => {
    if (part === '') return true
    const word = escapeRegExp(part)
    return (
      new RegExp(`${boundaryBefore}\\(?${word}\\)?\\s*$`, 'iu').test(before) ||
      new RegExp(`^\\s*\\(?${word}\\)?${boundaryAfter}`, 'iu').test(after)
    )
  }
  return near(prefix) && near(suffix)
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

/** The segments of a block that `[start, end)` touches (a binary search: segments are in order). */
function segmentsOf(block: Block, start: number, end: number): Segment[] {
  const segments = block.segments
  let low = 0
  let high = segments.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if ((segments[middle] as Segment).end <= start) low = middle + 1
    else high = middle
  }
  const found: Segment[] = []
  for (let index = low; index < segments.length && (segments[index] as Segment).start < end; index++) {
    const segment = segments[index] as Segment
    if (segment.end > start) found.push(segment)
  }
  return found
}

/**
 * Whether `capital-after-comma` changes the text: on ordinary English text
 * most of what it finds is a title or a name ("Chapter 9", "Version 2"), so
 * it only suggests, unless the text is a translation, where a capital after
 * a comma is the translator's slip (or `capitals: 'fix'`).
 */
function capitalScope(capitals: TypographyOptions['capitals'], settings: RunSettings): 'fix' | 'suggest' {
  if (capitals === 'fix') return 'fix'
  if (capitals === 'suggest') return 'suggest'
  return settings.translation ? 'fix' : 'suggest'
}

/**
 * Normalize a tree: typography first (spaces, invisible characters, quotes,
 * dash-led paragraphs), then the dictionaries, then the rules that need the
 * whole text (capitals after commas, duplicated phrases). Every change and
 * suggestion becomes a message on `file`.
 */
export function normalizeTree(
  tree: Root,
  file: VFile,
  compiled: CompiledDictionaries,
  settings: RunSettings,
): RunResult {
  // In `report` mode the changes are made on a copy, so that what is reported
  // is what `auto` would write, each change found on the text it would see.
  const work = settings.mode === 'report' ? structuredClone(tree) : tree
  const run = new Run(file, settings)
  const { typography, language } = settings

  for (const block of readBlocks(work)) {
    run.recordPoint(block)
    run.process(block, [
      ...(typography.invisible ? invisibleCharacters(block) : []),
      ...(typography.spaces ? oddSpaces(block, language) : []),
      ...(typography.quotes ? straightQuotes(block, language) : []),
      ...(typography.dashLead ? dashLead(block) : []),
    ])
  }

  run.nextPhase()
  const blocks = readBlocks(work)
  const folded = blocks.map((block) => foldForMatch(block.text))
  const documentText = folded.join('\n\n')
  const mentioned = new Set<string>()
  const documentCache = new GuardCache()
  // Patterns that occur nowhere in the document are not run on each block.
  const regexRules = compiled.regexRulesIn(documentText)
  let scope = 'text'
  let base = 0
  blocks.forEach((block, index) => {
    const text = folded[index] as string
    // The headline names people in full on its own; so does an embedded text.
    if (block.role === 'embedded-title') scope = 'embedded'
    const mentionScope = block.role === 'headline' ? `headline:${base}` : scope
    const blockCache = new GuardCache()
    const context: Context = { block, text, base, documentText, language, blockCache, documentCache }
    run.process(
      block,
      dictionaryFindings(block, text, compiled, regexRules, context, mentioned, mentionScope, settings),
    )
    base += text.length + 2
  })

  run.nextPhase()
  if (typography.capitals || typography.duplicates) {
    const final = readBlocks(work)
    const names = typography.capitals ? properNouns(final.map((block) => foldForMatch(block.text))) : new Set<string>()
    const english = language.toLowerCase().startsWith('en')
    for (const block of final) {
      run.process(block, [
        ...(typography.capitals && english
          ? capitalAfterComma(block, names, compiled.knownWords, capitalScope(typography.capitals, settings))
          : []),
        ...(typography.duplicates ? duplicatePhrases(block) : []),
      ])
    }
  }
  return { corrections: run.final(), entities: [...run.entities.values()] }
}

function dictionaryFindings(
  block: Block,
  text: string,
  compiled: CompiledDictionaries,
  regexRules: readonly Rule[],
  context: Context,
  mentioned: Set<string>,
  mentionScope: string,
  settings: RunSettings,
): Finding[] {
  const candidates = compiled.find(block.text, regexRules).filter((hit) => guardsHold(hit, context))
  // Suggestions never stand in the way of fixes, unless they are applied too.
  const chosen =
    settings.mode === 'fix'
      ? selectHits(candidates)
      : [
          ...selectHits(candidates.filter((hit) => hit.rule.entry.scope !== 'suggest')),
          ...selectHits(candidates.filter((hit) => hit.rule.entry.scope === 'suggest')),
        ].sort((a, b) => a.start - b.start)
  const findings: Finding[] = []
  for (const hit of chosen) {
    const entry = hit.rule.entry
    let after = hit.replacement
    if (entry.firstMention !== undefined) {
      const key = `${entry.id}\u0000${mentionScope}`
      const first = !mentioned.has(key)
      mentioned.add(key)
      // Already given in full: nothing to add, and it counts as the first mention.
      if (formAround(text, hit, entry.firstMention) || partsAround(text, hit, entry.firstMention)) {
        findings.push(keepFinding(hit))
        continue
      }
      if (first) after = entry.firstMention
    }
    if (entry.scope === 'keep' || after === undefined) {
      findings.push(keepFinding(hit))
      continue
    }
    if (entry.oneWay && formAround(text, hit, after)) {
      findings.push(keepFinding(hit))
      continue
    }
    // `report` shows what `auto` writes.
    const applies = settings.mode === 'fix' || entry.scope === 'fix'
    if (applies && settings.typography.quotes) {
      after = smartenReplacement(after, settings.language, block.text.charAt(hit.start - 1))
    }
    if (after === block.text.slice(hit.start, hit.end)) {
      findings.push(keepFinding(hit))
      continue
    }
    findings.push({
      ruleId: entry.id,
      kind: entry.kind,
      scope: entry.scope,
      start: hit.start,
      end: hit.end,
      after,
      note: entry.note,
      sameAs: entry.sameAs ?? [],
      dictionary: hit.rule.dictionary,
      rule: hit.rule,
    })
  }
  return findings
}

function keepFinding(hit: Hit): Finding {
  const entry = hit.rule.entry
  return {
    ruleId: entry.id,
    kind: entry.kind,
    scope: 'keep',
    start: hit.start,
    end: hit.end,
    after: undefined,
    note: entry.note,
    sameAs: entry.sameAs ?? [],
    dictionary: hit.rule.dictionary,
    rule: hit.rule,
  }
}

/** A change that reaches the text, with its message and where it is in the source. */
interface AppliedChange {
  correction: Correction
  message: VFileMessage
  start: number
  end: number
  phase: number
  /** Order of recording: overlapping changes are replaced in this order. */
  order: number
}

/**
 * Make a message without capturing a stack trace: a vfile message is an
 * `Error` whose captured stack it drops (it keeps a cause's only), and a
 * book has tens of thousands of messages.
 */
function withoutStack<Result>(make: () => Result): Result {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return make()
  } finally {
    Error.stackTraceLimit = limit
  }
}

/** Source offsets per bucket of the index of applied changes. */
const bucketSize = 64

/**
 * Applied changes by the source offsets they cover, so that finding those
 * a new change overlaps costs the changes near it, not all of them (a book
 * has tens of thousands).
 */
class AppliedIndex {
  private readonly buckets = new Map<number, AppliedChange[]>()
  private count = 0

  add(change: Omit<AppliedChange, 'order'>): void {
    const entry = { ...change, order: this.count++ }
    const last = Math.max(entry.start, entry.end - 1)
    for (let bucket = Math.floor(entry.start / bucketSize); bucket <= Math.floor(last / bucketSize); bucket++) {
      const list = this.buckets.get(bucket)
      if (list) list.push(entry)
      else this.buckets.set(bucket, [entry])
    }
  }

  /** Changes that may touch `start` to `end` (inclusive), once each, in the order they were added. */
  near(start: number, end: number): AppliedChange[] {
    const found = new Set<AppliedChange>()
    for (let bucket = Math.floor(start / bucketSize); bucket <= Math.floor(end / bucketSize); bucket++) {
      for (const entry of this.buckets.get(bucket) ?? []) found.add(entry)
    }
    return [...found].sort((a, b) => a.order - b.order)
  }
}

/** The state of one normalization run: reports, edits, what it found. */
class Run {
  private readonly corrections: Correction[] = []
  readonly entities = new Map<string, Entity>()
  private readonly applied = new AppliedIndex()
  private readonly superseded = new Set<Correction>()
  /** Messages of superseded changes, taken off the file at the end (one pass, not one search each). */
  private readonly withdrawn = new Set<VFileMessage>()
  private phase = 0

  constructor(
    private readonly file: VFile,
    private readonly settings: RunSettings,
  ) {}

  /** Later changes replace earlier ones they overlap: typography, then dictionaries, then whole-text rules. */
  nextPhase(): void {
    this.phase++
  }

  /**
   * The corrections in document order, without those a later, overlapping
   * change replaced; their messages leave the file.
   */
  final(): Correction[] {
    if (this.withdrawn.size > 0) {
      const messages = this.file.messages
      let kept = 0
      for (const message of messages) if (!this.withdrawn.has(message)) messages[kept++] = message
      messages.length = kept
    }
    const offset = (item: Correction) => item.position?.start.offset ?? Number.POSITIVE_INFINITY
    const kept = this.corrections.filter((item) => !this.superseded.has(item))
    // Stable: a correction without a place keeps its order among its neighbours' passes.
    return kept.every((item) => item.position?.start.offset !== undefined)
      ? kept.sort((a, b) => offset(a) - offset(b))
      : kept
  }

  /** Whether a finding's change is written to the text in `auto` or `fix` (in `report` mode: would be, by `auto`). */
  private applies(finding: Finding): boolean {
    const mode = this.settings.mode === 'report' ? 'auto' : this.settings.mode
    return finding.after !== undefined && (mode === 'fix' || (mode === 'auto' && finding.scope === 'fix'))
  }

  /** Report findings in document order, then apply the applied ones from the end. */
  process(block: Block, findings: Finding[]): void {
    if (findings.length === 0) return
    findings.sort((a, b) => a.start - b.start)
    const edits: Array<{ finding: Finding; after: string }> = []
    let reach = -1
    for (const finding of findings) {
      const applies = this.applies(finding)
      // Two typography rules may touch the same character; the first one wins
      // and the other, which never reaches the text, is not reported.
      if (applies && finding.start < reach) continue
      this.report(block, finding, applies)
      if (applies && finding.after !== undefined) {
        edits.push({ finding, after: finding.after })
        reach = finding.end
      }
    }
    // All the edits of a node are made at once: one pass over its text.
    const changes = new Map<Text, TextEdit[]>()
    let crossed = false
    for (const { finding, after } of edits) crossed = edit(block, finding, after, changes) || crossed
    for (const [node, list] of changes) editText(node, list)
    if (crossed) pruneEmpty(block.node)
  }

  /**
   * The dash that `remark-article` put at the start of a dash-led point
   * (`-In the past` reads `— In the past`): reported as the `dash-lead`
   * change it is, read from the source before the point's text.
   */
  recordPoint(block: Block): void {
    if (block.role !== 'point') return
    const [dash, rest] = block.node.children as Nodes[]
    const from = block.node.position?.start
    const to = rest?.position?.start
    if (dash?.type !== 'text' || dash.position || from?.offset === undefined || to?.offset === undefined) return
    const before = String(this.file.value).slice(from.offset, to.offset)
    if (before === dash.value || !/^(?:-{1,2}|[–—])\s*$/u.test(before)) return
    const finding: Finding = {
      ruleId: 'dash-lead',
      kind: 'typography',
      scope: 'fix',
      start: 0,
      end: dash.value.length,
      after: dash.value,
      note: 'A stray hyphen that leads a point becomes an em dash',
      sameAs: [],
      dictionary: 'typography',
      rule: undefined,
    }
    this.record(block, finding, before, { start: { ...from }, end: { ...to } }, true, '')
  }

  private report(block: Block, finding: Finding, applied: boolean): void {
    const before = block.text.slice(finding.start, finding.end)
    if (finding.rule && entityKinds.has(finding.kind)) this.recordEntity(finding, before)
    if (finding.scope === 'keep') return
    const segments = segmentsOf(block, finding.start, finding.end)
    const position = positionOf(this.file, segments, finding)
    const crossed =
      applied && segments.length > 1 ? ' (the match crossed inline formatting, which was removed from it)' : ''
    this.record(block, finding, before, position, applied, crossed)
  }

  private record(
    block: Block,
    finding: Finding,
    found: string,
    position: Position | undefined,
    applied: boolean,
    crossed: string,
  ): void {
    const rule = finding.rule
    const { mode } = this.settings
    const after = finding.after
    const start = position?.start.offset
    const end = position?.end.offset
    // A change of an earlier pass that this one overlaps never reaches the
    // text as such (a quotation mark inside a title a dictionary entry
    // rewrites): it is not reported.
    const replaced =
      applied && after !== undefined && finding.scope !== 'report' && start !== undefined && end !== undefined
        ? this.applied
            .near(start, end)
            .filter(
              (earlier) =>
                earlier.phase < this.phase &&
                !this.superseded.has(earlier.correction) &&
                ((earlier.start < end && start < earlier.end) ||
                  (earlier.start === earlier.end && start <= earlier.start && earlier.start <= end)),
            )
        : []
    for (const earlier of replaced) {
      this.superseded.add(earlier.correction)
      this.withdrawn.add(earlier.message)
    }
    const before = found
    const shown = (value: string) => `\`${visible(value)}\``
    const reason =
      after === undefined
        ? `${finding.note ?? 'Check'}: ${shown(before)}`
        : applied && mode !== 'report'
          ? `Replaced ${shown(before)} with ${shown(after)}`
          : finding.scope === 'suggest'
            ? `Consider ${shown(after)} instead of ${shown(before)}`
            : `${shown(before)} should be ${shown(after)}`
    const options = { place: position ?? block.node.position, ruleId: finding.ruleId, source: messageSource }
    const message = withoutStack(() =>
      mode === 'report' || finding.scope === 'report'
        ? this.file.message(reason, options)
        : this.file.info(`${reason}${crossed}`, options),
    )
    message.actual = before
    if (after !== undefined) message.expected = [after]
    if (finding.note && after !== undefined) message.note = finding.note
    if (rule?.url) message.url = rule.url
    message.scope = finding.scope === 'suggest' ? 'suggest' : after === undefined ? 'keep' : 'fix'
    message.applied = applied

    if (after === undefined || finding.scope === 'report') return
    const correction: Correction = {
      id: finding.ruleId,
      dictionary: finding.dictionary,
      kind: finding.kind,
      scope: finding.scope === 'suggest' ? 'suggest' : 'fix',
      applied,
      before,
      after,
      role: block.role,
      position,
      note: finding.note,
      sameAs: finding.sameAs,
      name: rule ? entityName(rule.entry, after) : after,
    }
    this.corrections.push(correction)
    if (applied && start !== undefined && end !== undefined) {
      this.applied.add({ correction, message, start, end, phase: this.phase })
    }
  }

  private recordEntity(finding: Finding, before: string): void {
    const entry = finding.rule?.entry
    if (!entry) return
    const existing = this.entities.get(entry.id)
    if (existing) {
      existing.count++
      return
    }
    this.entities.set(entry.id, {
      id: entry.id,
      name: entityName(entry, finding.after ?? before),
      kind: entry.kind,
      sameAs: entry.sameAs ?? [],
      count: 1,
    })
  }
}

/** Show invisible and space characters by their code point. */
function visible(value: string): string {
  return value
    .replace(/\n/g, ' ')
    .replace(
      /[\u00A0\u1680\u2000-\u200F\u202A-\u202F\u205F-\u206F\u3000\uFEFF\u180E]/g,
      (char) => `<U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`,
    )
}

function entityName(entry: NonNullable<Finding['rule']>['entry'], fallback: string): string {
  return entry.name ?? entry.firstMention ?? entry.replace ?? fallback
}

function positionOf(file: VFile, segments: Segment[], finding: Finding): Position | undefined {
  const first = segments[0]
  const last = segments[segments.length - 1]
  if (!first || !last) return undefined
  const start = pointAt(file, first.node, finding.start - first.start)
  const end = pointAt(file, last.node, finding.end - last.start)
  return start && end ? { start, end } : undefined
}

/**
 * Plan the edits of one finding (in `changes`, per text node); returns
 * whether the match crossed inline formatting.
 */
function edit(block: Block, finding: Finding, after: string, changes: Map<Text, TextEdit[]>): boolean {
  const segments = segmentsOf(block, finding.start, finding.end)
  const first = segments[0]
  const last = segments[segments.length - 1]
  if (!first || !last) return false
  const add = (node: Text, start: number, end: number, replacement: string) => {
    const list = changes.get(node)
    if (list) list.push({ start, end, replacement })
    else changes.set(node, [{ start, end, replacement }])
  }
  if (segments.length === 1) {
    add(first.node, finding.start - first.start, finding.end - first.start, after)
    return false
  }
  // The match crosses inline formatting ("Ali *Farabbi*"): the corrected
  // text takes the place of the first piece, the rest is removed.
  add(first.node, finding.start - first.start, first.end - first.start, after)
  for (const segment of segments.slice(1, -1)) add(segment.node, 0, segment.end - segment.start, '')
  add(last.node, 0, finding.end - last.start, '')
  return true
}
