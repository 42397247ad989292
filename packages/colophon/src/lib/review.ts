import { fileURLToPath } from 'node:url'
import type { VFile } from 'vfile'
import { shownPath } from './report.js'

type Message = VFile['messages'][number]

/** What a change is: applied (`fix`), only proposed (`suggest`), or a finding that changes nothing (`keep`). */
export type ReviewKind = 'fix' | 'suggest' | 'keep'

const kinds: ReadonlyArray<{ kind: ReviewKind; label: string; one: string; other: string }> = [
  { kind: 'fix', label: 'Fixes applied', one: 'fix applied', other: 'fixes applied' },
  { kind: 'suggest', label: 'Suggestions', one: 'suggestion', other: 'suggestions' },
  {
    kind: 'keep',
    label: 'Findings (no change)',
    one: 'finding that changes nothing',
    other: 'findings that change nothing',
  },
]

/** The kind of a message, from the `scope` and `applied` that normalization set. */
export function reviewKind(message: Message): ReviewKind {
  if (message.scope === 'suggest') return 'suggest'
  if (message.scope === 'fix' && message.applied !== false) return 'fix'
  return 'keep'
}

/** `1 fix`, `2 fixes`. */
function counted(count: number, one: string, other: string): string {
  return `${count} ${new Intl.PluralRules('en').select(count) === 'one' ? one : other}`
}

/** Text for HTML content and attribute values. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
}

/** Names of the spaces a change of spacing shows. */
const spaceNames: Record<string, string> = { ' ': '␣', '\n': '↵', '\t': '⇥' }

/**
 * A changed form as HTML: escaped, and when it is only spacing, each space
 * shown by a sign (`␣`, `↵`) or its code point (`U+00A0`), so the change can
 * be seen.
 */
function visible(text: string): string {
  if (text === '' || !/^[\s\p{Cf}]+$/u.test(text)) return escapeHtml(text)
  const signs = [...text].map(
    (character) =>
      spaceNames[character] ?? `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`,
  )
  return `<span class="space">${escapeHtml(signs.join(' '))}</span>`
}

/** A dictionary entry's address for people: `dictionary.yaml#entry`, relative to `cwd` when inside it. */
function sourceOf(url: string, cwd: string): string {
  if (!url.startsWith('file:')) return url
  try {
    const hash = url.indexOf('#')
    const file = fileURLToPath(hash === -1 ? url : url.slice(0, hash))
    return `${shownPath(cwd, file)}${hash === -1 ? '' : url.slice(hash)}`
  } catch {
    return url
  }
}

/** Offsets where each line of `text` starts. */
function lineStarts(text: string): number[] {
  const starts = [0]
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1)
  return starts
}

/** A message's range in the source, as offsets, or `undefined` when it has no place. */
function rangeOf(message: Message, starts: number[], length: number): [number, number] | undefined {
  const offset = (
    point: { line?: number | undefined; column?: number | undefined; offset?: number | undefined } | undefined,
  ) => {
    if (!point) return undefined
    if (typeof point.offset === 'number') return point.offset
    if (typeof point.line !== 'number' || typeof point.column !== 'number') return undefined
    const start = starts[point.line - 1]
    return start === undefined ? undefined : start + point.column - 1
  }
  const start = offset(message.place && 'start' in message.place ? message.place.start : message.place)
  if (start === undefined || start > length) return undefined
  const end = offset(message.place && 'start' in message.place ? message.place.end : undefined) ?? start
  return [start, Math.min(Math.max(end, start), length)]
}

/**
 * The source from `from` to `to` with its changes (sorted by start, longest
 * first) in place. A change inside another is shown inside it, in the wider
 * change's struck text; a change across another's end, or over the same
 * span, follows it with its own span of the source.
 */
function nested(
  changes: ReadonlyArray<Change>,
  from: number,
  to: number,
  source: string,
  render: (change: Change, source: string, inner?: string) => string,
): string {
  let cursor = from
  let text = ''
  let index = 0
  while (index < changes.length) {
    const change = changes[index++] as Change
    const [start, end] = change.range as [number, number]
    if (start < cursor) {
      text += render(change, source)
      continue
    }
    text += escapeHtml(source.slice(cursor, start))
    cursor = end
    const inside: Change[] = []
    const after: Change[] = []
    while (index < changes.length && ((changes[index] as Change).range as [number, number])[0] < end) {
      const next = changes[index++] as Change
      const [nextStart, nextEnd] = next.range as [number, number]
      if (nextEnd <= end && (nextStart > start || nextEnd < end)) inside.push(next)
      else after.push(next)
    }
    text += render(change, source, inside.length > 0 ? nested(inside, start, end, source, render) : undefined)
    for (const next of after) text += render(next, source)
  }
  return text + escapeHtml(source.slice(cursor, to))
}

/** Options of `reviewPage`. */
export interface ReviewOptions {
  /** Folder that file names are shown relative to (default: `process.cwd()`). */
  cwd?: string | undefined
  /** Heading of the page (default: `Review of <first file>`). */
  title?: string | undefined
}

interface Change {
  message: Message
  kind: ReviewKind
  range: [number, number] | undefined
  /** `ruleId (source)`, what the rule filter goes by. */
  key: string
}

const style = `
:root { color: #1a1a1a; background: #fff; font: 1rem/1.6 system-ui, sans-serif; }
body { margin: 0 auto; max-width: 52rem; padding: 1rem 1.25rem 4rem; }
h1 { font-size: 1.5rem; line-height: 1.25; }
h2 { font-size: 1.2rem; margin-top: 2.5rem; overflow-wrap: anywhere; }
.counts { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; padding: 0; list-style: none; }
.counts strong { font-size: 1.25rem; }
fieldset { border: 1px solid #767676; border-radius: 4px; margin: 0 0 .75rem; }
fieldset label { display: inline-block; margin-right: 1rem; white-space: nowrap; }
.rules { max-height: 10rem; overflow: auto; }
.text { position: relative; white-space: pre-wrap; overflow-wrap: anywhere; font-family: Georgia, serif; font-size: 1.05rem; line-height: 1.8; }
.change { border-radius: 3px; padding: 0 .1em; outline-offset: 2px; }
.change:focus { outline: 2px solid #0b57d0; }
.change[data-kind="fix"] { background: #e3f1e6; }
.change[data-kind="suggest"] { background: #fdf1d3; border-bottom: 2px dashed #8a5a00; }
.change[data-kind="keep"] { border-bottom: 2px dotted #595959; }
del { text-decoration: line-through; text-decoration-thickness: 1px; color: #595959; }
ins { text-decoration: none; color: inherit; }
.change[data-kind="suggest"] ins { font-style: italic; }
.arrow { color: inherit; }
.note { display: none; position: absolute; left: 0; right: 0; z-index: 2; margin-top: .2rem;
  white-space: normal; font: .875rem/1.45 system-ui, sans-serif; color: #1a1a1a; background: #fff;
  border: 1px solid #595959; border-radius: 4px; padding: .4rem .6rem; box-shadow: 0 2px 6px rgb(0 0 0 / 20%); }
.change:hover:not(:has(.change:hover)) > .note, .change:focus > .note { display: block; }
.note .label { font-weight: 600; }
.note code { font-size: .85em; }
.plain { display: none; }
.space { font: .75em/1 system-ui, sans-serif; padding: 0 .15em; border: 1px solid currentColor; border-radius: 2px; }
.unplaced { font-size: .95rem; }
.unplaced li { margin: .25rem 0; }
`

/**
 * The review page of checked files: each file's source text, as given, with
 * every message that has a place shown there, the wrong form struck
 * (`<del>`), the right form inserted (`<ins>`), and the reason, rule and
 * source on hover and on keyboard focus (each change is in the tab order).
 * Applied fixes, suggestions and findings that change nothing are styled
 * apart; counts per kind head the page, and checkboxes filter by kind and by
 * rule (CSS only: no script, no network). All text is escaped; the same
 * files give the same bytes.
 *
 * @param files
 *   Checked files: their `value` is the source, their messages carry
 *   `scope`, `applied`, `actual`, `expected` and a place in the source.
 * @returns
 *   A complete HTML document.
 */
export function reviewPage(files: ReadonlyArray<VFile>, options: ReviewOptions = {}): string {
  const cwd = options.cwd ?? process.cwd()
  const names = files.map((file) => (file.path ? shownPath(cwd, file.path) : 'standard input'))
  const rules = new Map<string, number>()
  const ruleCounts = new Map<string, number>()
  const totals: Record<ReviewKind, number> = { fix: 0, suggest: 0, keep: 0 }
  const perFile = files.map((file) => {
    const source = String(file.value ?? '')
    const starts = lineStarts(source)
    const changes: Change[] = file.messages.map((message) => {
      const key = `${message.ruleId ?? '(no rule)'}${message.source ? ` (${message.source})` : ''}`
      if (!rules.has(key)) rules.set(key, 0)
      ruleCounts.set(key, (ruleCounts.get(key) ?? 0) + 1)
      const kind = reviewKind(message)
      totals[kind]++
      return { message, kind, range: rangeOf(message, starts, source.length), key }
    })
    return { file, source, changes }
  })
  // Rules numbered in alphabetical order, so the page does not depend on the order of messages.
  for (const [index, key] of [...rules.keys()].sort().entries()) rules.set(key, index)
  let id = 0
  const changeHtml = (change: Change, source: string, inner?: string) => {
    const { message, kind } = change
    const noteId = `n${++id}`
    const wrong = change.range ? source.slice(change.range[0], change.range[1]) : (message.actual ?? '')
    const right = message.expected?.[0]
    const label = kind === 'fix' ? 'Fixed' : kind === 'suggest' ? 'Suggestion' : 'Finding'
    const where = message.line ? ` (line ${message.line}${message.column ? `, column ${message.column}` : ''})` : ''
    const note = [
      `<span class="label">${label}${escapeHtml(where)}:</span> ${escapeHtml(message.reason)}`,
      message.note ? `<br>${escapeHtml(message.note)}` : '',
      `<br>Rule <code>${escapeHtml(message.ruleId ?? '(none)')}</code>${message.source ? ` of ${escapeHtml(message.source)}` : ''}`,
      message.url ? `<br>Source: ${escapeHtml(sourceOf(message.url, cwd))}` : '',
    ].join('')
    const body =
      right === undefined || kind === 'keep'
        ? `<span class="found">${inner ?? escapeHtml(wrong)}</span>`
        : `${wrong ? `<del>${inner ?? visible(wrong)}</del><span class="arrow" aria-hidden="true"> → </span>` : ''}<ins>${visible(right)}</ins>`
    return `<span class="change" data-kind="${kind}" data-rule="r${rules.get(change.key)}" tabindex="0" aria-describedby="${noteId}">${body}<span class="note" role="tooltip" id="${noteId}">${note}</span></span><span class="plain" data-rule="r${rules.get(change.key)}" data-kind="${kind}">${escapeHtml(wrong)}</span>`
  }
  const sections = perFile.map(({ file, source, changes }, index) => {
    const placed = changes
      .filter((change) => change.range)
      .sort(
        (a, b) =>
          (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0) ||
          (b.range?.[1] ?? 0) - (a.range?.[1] ?? 0) ||
          a.kind.localeCompare(b.kind),
      )
    const text = nested(placed, 0, source.length, source, changeHtml)
    const unplaced = changes.filter((change) => !change.range)
    const counts = { fix: 0, suggest: 0, keep: 0 }
    for (const change of changes) counts[change.kind]++
    const language = (file.data.metadata as { language?: unknown } | undefined)?.language
    const lang = typeof language === 'string' && /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/.test(language) ? language : ''
    return [
      `<section aria-labelledby="f${index + 1}">`,
      `<h2 id="f${index + 1}">${escapeHtml(names[index] ?? '')}</h2>`,
      `<p>${counted(counts.fix, 'fix applied', 'fixes applied')}, ${counted(counts.suggest, 'suggestion', 'suggestions')}, ${counted(counts.keep, 'finding that changes nothing', 'findings that change nothing')}.</p>`,
      `<div class="text"${lang ? ` lang="${escapeHtml(lang)}"` : ''}>${text}</div>`,
      unplaced.length
        ? `<h3>Without a place in the text</h3><ul class="unplaced">${unplaced.map((change) => `<li>${changeHtml(change, source)}</li>`).join('')}</ul>`
        : '',
      '</section>',
    ].join('\n')
  })
  const ruleList = [...rules.entries()].sort((a, b) => a[1] - b[1])
  const filterCss = [
    ...kinds.map(
      ({ kind }) =>
        `body:has(#kind-${kind}:not(:checked)) .change[data-kind="${kind}"] { display: none; }\nbody:has(#kind-${kind}:not(:checked)) .plain[data-kind="${kind}"] { display: inline; }`,
    ),
    ...ruleList.map(
      ([, index]) =>
        `body:has(#rule-r${index}:not(:checked)) .change[data-rule="r${index}"] { display: none; }\nbody:has(#rule-r${index}:not(:checked)) .plain[data-rule="r${index}"] { display: inline; }`,
    ),
  ].join('\n')
  const title = options.title ?? `Review of ${names.length === 1 ? names[0] : `${names.length} files`}`
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${style}${filterCss}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<ul class="counts" aria-label="Counts per kind">
${kinds.map(({ kind, one, other }) => `<li><strong data-count="${kind}">${totals[kind]}</strong> ${new Intl.PluralRules('en').select(totals[kind]) === 'one' ? one : other}</li>`).join('\n')}
</ul>
<p>Each change is shown in place: the form of the source struck through, the form of the editions after the arrow. Hover over a change, or move to it with the Tab key, for its reason, rule and source.</p>
<form class="filters" aria-label="Filter the changes">
<fieldset><legend>Show kinds</legend>
${kinds.map(({ kind, label }) => `<label><input type="checkbox" id="kind-${kind}" checked> ${label} (${totals[kind]})</label>`).join('\n')}
</fieldset>
<fieldset class="rules"><legend>Show rules</legend>
${ruleList.map(([key, index]) => `<label><input type="checkbox" id="rule-r${index}" checked> <code>${escapeHtml(key)}</code> (${ruleCounts.get(key)})</label>`).join('\n')}
</fieldset>
</form>
${sections.join('\n')}
</main>
</body>
</html>
`
}
