/**
 * Every word Colophon adds around a document's own text, in every language
 * it speaks. The editions take their wording from here (through the
 * publication tree, or `labelsFor` for what only exists in one edition, such
 * as the EPUB's landmarks), so no two editions word the same thing apart.
 */

/** Wording of what Colophon adds; replace any of it for another language or house style. */
export interface Labels {
  /** Before the original publication's name (default: `Originally published in`). */
  originallyPublished: string
  /** Before the original language's name (default: `Translated from`). */
  translatedFrom: string
  /** Heading of the editorial notes (default: `Editorial notes`). */
  editorialNotes: string
  /** Before the list of corrections; `{count}` is replaced, one form per plural category (default below). */
  notesIntroduction: string | PluralForms
  /** After the list; `{count}` is replaced, one form per plural category (default below). */
  typographySummary: string | PluralForms
  /** Heading of a table of contents (default: `Contents`). */
  contents: string
  /** Title of an EPUB's title page (default: `Title page`). */
  titlePage: string
  /** Landmark of the first chapter (default: `Start of content`). */
  startOfContent: string
  /** Landmark of a list of landmarks (default: `Landmarks`). */
  landmarks: string
  /** Title of a cover (default: `Cover`). */
  cover: string
  /** Text of the EPUB accessibility summary (default below). */
  accessibilitySummary: string
  /** Said when every image has a text alternative (default below). */
  imagesDescribed: string
  /** Said when some image lacks a text alternative (default below). */
  imagesUndescribed: string
  /** A footnote's link back to its reference, replacing `↩` (default: `↑`). */
  footnoteBack: string
}

/**
 * A count-bearing label in each plural category of its language
 * (`Intl.PluralRules`); `other` is required and used for missing categories.
 */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }

/**
 * A label with `{count}` replaced, in the plural form `Intl.PluralRules`
 * chooses for `count` in `language`.
 */
export function pluralLabel(label: string | PluralForms, count: number, language: string): string {
  let form: string
  if (typeof label === 'string') form = label
  else {
    let category: Intl.LDMLPluralRule = 'other'
    try {
      category = new Intl.PluralRules(language).select(count)
    } catch {}
    form = label[category] ?? label.other
  }
  return form.replace('{count}', count.toLocaleString(language))
}

/** English wording. */
export const defaultLabels: Labels = {
  originallyPublished: 'Originally published in',
  translatedFrom: 'Translated from',
  editorialNotes: 'Editorial notes',
  notesIntroduction: {
    one: 'This edition corrects {count} name or term of the machine translation it is based on:',
    other: 'This edition corrects {count} names and terms of the machine translation it is based on:',
  },
  typographySummary: {
    one: 'Besides these, {count} typographic correction was made (spaces, quotation marks, capitals).',
    other: 'Besides these, {count} typographic corrections were made (spaces, quotation marks, capitals).',
  },
  contents: 'Contents',
  titlePage: 'Title page',
  startOfContent: 'Start of content',
  landmarks: 'Landmarks',
  cover: 'Cover',
  accessibilitySummary:
    'The text is navigable by headings and the table of contents, in reading order. It has no flashing, sound or motion.',
  imagesDescribed: 'Every image has a text alternative.',
  imagesUndescribed: 'Some images lack a text alternative.',
  footnoteBack: '↑',
}

/** Wording by language (primary subtag); other languages get English. */
export const labelsByLanguage: Readonly<Record<string, Labels>> = {
  en: defaultLabels,
  kk: {
    originallyPublished: 'Түпнұсқасы:',
    translatedFrom: 'Аударылған тілі:',
    editorialNotes: 'Редакция ескертпелері',
    notesIntroduction: {
      one: 'Бұл басылымда машиналық аудармадағы {count} атау не термин түзетілді:',
      other: 'Бұл басылымда машиналық аудармадағы {count} атау мен термин түзетілді:',
    },
    typographySummary: {
      one: 'Сонымен қатар {count} типографиялық түзету енгізілді (бос орындар, тырнақшалар, бас әріптер).',
      other: 'Сонымен қатар {count} типографиялық түзету енгізілді (бос орындар, тырнақшалар, бас әріптер).',
    },
    contents: 'Мазмұны',
    titlePage: 'Титул беті',
    startOfContent: 'Мәтіннің басы',
    landmarks: 'Бағдарлар',
    cover: 'Мұқаба',
    accessibilitySummary:
      'Мәтінді тақырыптар мен мазмұн арқылы оқу ретімен шолуға болады. Онда жыпылықтау, дыбыс немесе қозғалыс жоқ.',
    imagesDescribed: 'Әр суреттің мәтіндік сипаттамасы бар.',
    imagesUndescribed: 'Кейбір суреттердің мәтіндік сипаттамасы жоқ.',
    footnoteBack: '↑',
  },
  ru: {
    originallyPublished: 'Первоисточник:',
    translatedFrom: 'Перевод с языка:',
    editorialNotes: 'Примечания редакции',
    notesIntroduction: {
      one: 'В этом издании исправлено {count} имя или термин машинного перевода:',
      few: 'В этом издании исправлено {count} имени и термина машинного перевода:',
      many: 'В этом издании исправлено {count} имён и терминов машинного перевода:',
      other: 'В этом издании исправлено {count} имени и термина машинного перевода:',
    },
    typographySummary: {
      one: 'Кроме того, внесено {count} типографское исправление (пробелы, кавычки, прописные буквы).',
      few: 'Кроме того, внесено {count} типографских исправления (пробелы, кавычки, прописные буквы).',
      many: 'Кроме того, внесено {count} типографских исправлений (пробелы, кавычки, прописные буквы).',
      other: 'Кроме того, внесено {count} типографского исправления (пробелы, кавычки, прописные буквы).',
    },
    contents: 'Содержание',
    titlePage: 'Титульный лист',
    startOfContent: 'Начало текста',
    landmarks: 'Ориентиры',
    cover: 'Обложка',
    accessibilitySummary:
      'Текст можно просматривать по заголовкам и оглавлению в порядке чтения. В нём нет мигания, звука и движения.',
    imagesDescribed: 'У каждого изображения есть текстовое описание.',
    imagesUndescribed: 'У некоторых изображений нет текстового описания.',
    footnoteBack: '↑',
  },
}

/**
 * The wording for a language: built in for `en`, `kk` and `ru`, English
 * otherwise; `overrides` replace single labels.
 */
export function labelsFor(language: string, overrides?: Partial<Labels> | undefined): Labels {
  const base = labelsByLanguage[language.toLowerCase().split('-')[0] ?? ''] ?? defaultLabels
  if (!overrides) return base
  const defined = Object.entries(overrides).filter(([, value]) => value !== undefined)
  return { ...base, ...Object.fromEntries(defined) }
}
