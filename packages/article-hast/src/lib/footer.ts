import type { Metadata } from '@colophon/metadata'
import type { Correction } from '@colophon/remark-normalize'
import type { Element, ElementContent } from 'hast'
import { element, text } from './elements.js'
import { defaultLabels, type Labels, labelsFor, pluralLabel } from './labels.js'

/** An ISO date written out in a language (`13 September 2022`), in UTC. */
export function formatDate(iso: string, language: string): string {
  const date = new Date(/T/.test(iso) ? iso : `${iso}T00:00:00Z`)
  if (Number.isNaN(date.getTime())) return iso
  try {
    return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(date)
  } catch {
    return iso
  }
}

/** Opening and closing quotation marks, outer then inner, by language. */
const quotesByLanguage: Readonly<Record<string, readonly [string, string, string, string]>> = {
  en: ['\u201C', '\u201D', '\u2018', '\u2019'],
  kk: ['\u00AB', '\u00BB', '\u201E', '\u201C'],
  ru: ['\u00AB', '\u00BB', '\u201E', '\u201C'],
}

/**
 * Plain note text set as the body is: curly quotation marks and
 * apostrophes in the language's style, a spaced hyphen as a dash (en dash in
 * English, em dash in Kazakh and Russian), ISO dates written out in the
 * language.
 */
export function typesetNote(value: string, language = 'en'): string {
  const primary = language.toLowerCase().split('-')[0] ?? 'en'
  const [open, close, innerOpen, innerClose] = quotesByLanguage[primary] ?? quotesByLanguage.en ?? ['“', '”', '‘', '’']
  const dash = primary === 'en' ? '\u2013' : '\u2014'
  return value
    .replace(/\b(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::\d{2})?)?\b/g, (match, day: string, time?: string) => {
      const written = formatDate(day, language)
      if (written === day) return match
      return time ? `${written}, ${time}` : written
    })
    .replace(/(^|[\s([])"(?=\S)/g, `$1${open}`)
    .replace(/"/g, close)
    .replace(/(\p{L})'(?=\p{L})/gu, '$1\u2019')
    .replace(/(^|[\s([])'(?=\S)/gu, `$1${innerOpen}`)
    .replace(/'/g, innerClose === '\u201C' ? '\u2019' : innerClose)
    .replace(/ -{1,2} /g, ` ${dash} `)
    .replace(/ -{1,2}$/g, ` ${dash}`)
}

/** Text nodes with every occurrence of a publication's name in `<cite>`. */
function citing(value: string, publications: ReadonlyArray<string>): ElementContent[] {
  const names = [...new Set(publications.filter((name) => name.trim().length > 0))].sort((a, b) => b.length - a.length)
  if (names.length === 0) return [text(value)]
  const escaped = names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'gu')
  const out: ElementContent[] = []
  let last = 0
  for (const match of value.matchAll(pattern)) {
    const start = match.index ?? 0
    if (start > last) out.push(text(value.slice(last, start)))
    out.push(element('cite', {}, [text(match[0])]))
    last = start + match[0].length
  }
  if (last < value.length) out.push(text(value.slice(last)))
  return out
}

/** The name of a language in another language (`Chinese`). */
export function languageName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'language' }).of(code) ?? code
  } catch {
    return code
  }
}

/**
 * The list of applied corrections as hast: one item per distinct change
 * (`<del>` before, `<ins>` after, the reason), typography summarized.
 *
 * @returns
 *   A `section.editorial-notes`, or `undefined` when nothing was corrected.
 */
export function editorialNotes(
  corrections: ReadonlyArray<Correction>,
  labels: Labels = defaultLabels,
  id = 'editorial-notes',
  language = 'en',
  publications: ReadonlyArray<string> = [],
): Element | undefined {
  const applied = corrections.filter((item) => item.applied)
  const typography = applied.filter((item) => item.kind === 'typography')
  const changes = new Map<string, { item: Correction; count: number }>()
  for (const item of applied) {
    if (item.kind === 'typography') continue
    const key = `${item.before}\u0000${item.after}`
    const entry = changes.get(key)
    if (entry) entry.count++
    else changes.set(key, { item, count: 1 })
  }
  if (changes.size === 0 && typography.length === 0) return undefined
  const items = [...changes.values()].map(({ item, count }) =>
    element('li', {}, [
      element('del', {}, [text(item.before)]),
      text(' → '),
      element('ins', {}, [text(item.after)]),
      ...(count > 1 ? [text(` (×${count})`)] : []),
      ...(item.note
        ? [
            text(' — '),
            element('span', { className: ['reason'] }, citing(typesetNote(item.note, language), publications)),
          ]
        : []),
    ]),
  )
  const children: ElementContent[] = [element('h2', { id }, [text(labels.editorialNotes)])]
  if (items.length > 0) {
    children.push(
      element('p', {}, [text(pluralLabel(labels.notesIntroduction, applied.length - typography.length, language))]),
      element('ol', {}, items),
    )
  }
  if (typography.length > 0) {
    children.push(element('p', {}, [text(pluralLabel(labels.typographySummary, typography.length, language))]))
  }
  return element('section', { className: ['editorial-notes'], ariaLabelledBy: [id] }, children)
}

/** What goes in the footer. */
export interface FooterOptions {
  /** List the corrections (default: `true`). */
  editorialNotes?: boolean | undefined
  /** Wording (default: by the document language: English, Kazakh or Russian; else English). */
  labels?: Partial<Labels> | undefined
  /** Id of the editorial notes heading (default: `editorial-notes`). */
  notesId?: string | undefined
  /** Publication names set in `<cite>` in the notes (the metadata's source is always one). */
  publications?: ReadonlyArray<string> | undefined
}

/**
 * The article's footer: the translation note and the editorial notes, from
 * the metadata and the corrections (the original publication is in the
 * title block, once).
 *
 * @returns
 *   A `<footer>`, or `undefined` when there is nothing to say.
 */
export function articleFooter(
  metadata: Metadata | undefined,
  corrections: ReadonlyArray<Correction>,
  options: FooterOptions = {},
): Element | undefined {
  const language = metadata?.language ?? 'en'
  const labels = labelsFor(language, options.labels)
  const children: ElementContent[] = []
  if (metadata?.originalLanguage && metadata.originalLanguage !== metadata.language) {
    const name = languageName(metadata.originalLanguage, language)
    children.push(element('p', { className: ['translation'] }, [text(`${labels.translatedFrom} ${name}.`)]))
  }
  if (options.editorialNotes !== false) {
    const publications = [...(metadata?.source?.name ? [metadata.source.name] : []), ...(options.publications ?? [])]
    const notes = editorialNotes(corrections, labels, options.notesId, language, publications)
    if (notes) children.push(notes)
  }
  return children.length > 0 ? element('footer', {}, children) : undefined
}
