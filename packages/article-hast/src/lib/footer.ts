import type { Metadata } from '@colophon/metadata'
import type { Correction } from '@colophon/remark-normalize'
import type { Element, ElementContent } from 'hast'
import { element, text } from './elements.js'
import { defaultLabels, type Labels, labelsFor } from './labels.js'

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
      ...(item.note ? [text(' — '), element('span', { className: ['reason'] }, [text(item.note)])] : []),
    ]),
  )
  const children: ElementContent[] = [element('h2', { id }, [text(labels.editorialNotes)])]
  if (items.length > 0) {
    children.push(
      element('p', {}, [text(labels.notesIntroduction.replace('{count}', String(applied.length - typography.length)))]),
      element('ol', {}, items),
    )
  }
  if (typography.length > 0) {
    children.push(element('p', {}, [text(labels.typographySummary.replace('{count}', String(typography.length)))]))
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
    const notes = editorialNotes(corrections, labels, options.notesId)
    if (notes) children.push(notes)
  }
  return children.length > 0 ? element('footer', {}, children) : undefined
}
