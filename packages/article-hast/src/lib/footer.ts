import type { Metadata } from '@colophon/remark-metadata'
import type { Correction } from '@colophon/remark-normalize'
import type { Element, ElementContent } from 'hast'

/** Wording of the footer; replace any of it for another language or house style. */
export interface FooterLabels {
  /** Before the original publication's name (default: `Originally published in`). */
  originallyPublished: string
  /** Before the original language's name (default: `Translated from`). */
  translatedFrom: string
  /** Heading of the editorial notes (default: `Editorial notes`). */
  editorialNotes: string
  /** Before the list of corrections; `{count}` is replaced (default below). */
  notesIntroduction: string
  /** After the list; `{count}` is replaced (default below). */
  typographySummary: string
}

/** English wording. */
export const defaultLabels: FooterLabels = {
  originallyPublished: 'Originally published in',
  translatedFrom: 'Translated from',
  editorialNotes: 'Editorial notes',
  notesIntroduction: 'This edition corrects {count} names and terms of the machine translation it is based on:',
  typographySummary: 'Besides these, {count} typographic corrections were made (spaces, quotation marks, capitals).',
}

/** Wording by language (primary subtag); other languages get English. */
export const labelsByLanguage: Readonly<Record<string, FooterLabels>> = {
  en: defaultLabels,
  kk: {
    originallyPublished: 'Түпнұсқасы:',
    translatedFrom: 'Аударылған тілі:',
    editorialNotes: 'Редакция ескертпелері',
    notesIntroduction: 'Бұл басылымда машиналық аудармадағы {count} атау мен термин түзетілді:',
    typographySummary: 'Сонымен қатар {count} типографиялық түзету енгізілді (бос орындар, тырнақшалар, бас әріптер).',
  },
  ru: {
    originallyPublished: 'Первоисточник:',
    translatedFrom: 'Перевод с языка:',
    editorialNotes: 'Примечания редакции',
    notesIntroduction: 'В этом издании исправлено {count} имён и терминов машинного перевода:',
    typographySummary: 'Кроме того, внесено {count} типографских исправлений (пробелы, кавычки, прописные буквы).',
  },
}

/** The wording for a language: built in for `en`, `kk` and `ru`, English otherwise. */
export function labelsFor(language: string): FooterLabels {
  return labelsByLanguage[language.toLowerCase().split('-')[0] ?? ''] ?? defaultLabels
}

const text = (value: string): ElementContent => ({ type: 'text', value })

function element(tagName: string, properties: Element['properties'], children: ElementContent[]): Element {
  return { type: 'element', tagName, properties, children }
}

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
  labels: FooterLabels = defaultLabels,
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
  labels?: Partial<FooterLabels> | undefined
  /** Id of the editorial notes heading (default: `editorial-notes`). */
  notesId?: string | undefined
}

/**
 * The article's footer: the original publication, the translation note, and
 * the editorial notes, from the metadata and the corrections.
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
  const labels = { ...labelsFor(language), ...options.labels }
  const children: ElementContent[] = []
  const source = metadata?.source
  if (source) {
    const name = element('cite', {}, [text(source.name)])
    const parts: ElementContent[] = [
      text(`${labels.originallyPublished} `),
      source.url ? element('a', { href: source.url }, [name]) : name,
    ]
    if (source.date) {
      parts.push(text(', '), element('time', { dateTime: source.date }, [text(formatDate(source.date, language))]))
    }
    parts.push(text('.'))
    children.push(element('p', { className: ['source'] }, parts))
  }
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
