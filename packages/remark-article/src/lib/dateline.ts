/** A calendar date and optional time read from a dateline. */
export interface ParsedDate {
  year: number
  month: number
  day: number
  hour?: number | undefined
  minute?: number | undefined
}

const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
/** Russian month names by their first three letters (`марта`, `мая`, `май`). */
const russianMonths = ['янв', 'фев', 'мар', 'апр', 'ма', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек']
/** Kazakh month names. */
const kazakhMonths = [
  'қаңтар',
  'ақпан',
  'наурыз',
  'сәуір',
  'мамыр',
  'маусым',
  'шілде',
  'тамыз',
  'қыркүйек',
  'қазан',
  'қараша',
  'желтоқсан',
]

/**
 * Labels that news sites put before a dateline, in English, Russian and
 * Kazakh: `Release time:`, `Published on`, `Last updated:`, `Опубликовано:`,
 * `Дата публикации:`, `Жарияланған уақыты:`, `Жаңартылды:`.
 */
const label = new RegExp(
  String.raw`^(?:release\s*(?:time|date)|released(?:\s+on)?|published(?:\s+(?:on|at|time|date))?|publish(?:ed)?\s*(?:time|date)|publication\s+date|date\s+published|posted(?:\s+on)?|(?:last\s+)?updated(?:\s+on)?|date|time` +
    String.raw`|опубликовано|дата\s+публикации|время\s+публикации|обновлено|дата` +
    String.raw`|жарияланған\s+(?:уақыты|күні)|жарияланды|жаңартылды|күні|уақыты)\s*[:：]?\s*`,
  'iu',
)

const month =
  String.raw`(?<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?` +
  String.raw`|январ[ья]|феврал[ья]|марта?|апрел[ья]|ма[йя]|июн[ья]|июл[ья]|августа?|сентябр[ья]|октябр[ья]|ноябр[ья]|декабр[ья]` +
  String.raw`|${kazakhMonths.join('|')})\.?`
const time = String.raw`(?:(?:[ T,]+|\s+(?:at|в)\s+)(?<hour>\d{1,2}):(?<minute>\d{2})(?::\d{2})?\s*(?<meridiem>[ap]\.?m\.?)?)?`
/** A year's mark after it in Russian (`2025 г.`, `2025 года`) and Kazakh (`2025 ж.`, `2025 жылы`). */
const yearMark = String.raw`(?:\s*(?:г\.?|года|ж\.?|жылы))?`

const patterns: RegExp[] = [
  // 2022-09-14 10:45, 2022/09/14, 2022.09.14 10:45:00
  new RegExp(String.raw`^(?<year>\d{4})[-/.](?<monthNumber>\d{1,2})[-/.](?<day>\d{1,2})${time}$`, 'iu'),
  // 15.03.2025 (day first, as written in Russian and Kazakh; only with dots)
  new RegExp(String.raw`^(?<day>\d{1,2})\.(?<monthNumber>\d{1,2})\.(?<year>\d{4})${yearMark}${time}$`, 'iu'),
  // Jul 02, 2024 12:21 PM / September 13, 2022
  new RegExp(String.raw`^${month}\s+(?<day>\d{1,2}),?\s+(?<year>\d{4})${time}$`, 'iu'),
  // 13 September 2022, 15 марта 2025 г., 15 наурыз 2025 ж.
  new RegExp(String.raw`^(?<day>\d{1,2})\s+${month},?\s+(?<year>\d{4})${yearMark}${time}$`, 'iu'),
  // 2025 ж. 15 наурыз, 2025 жылғы 15 наурыз (Kazakh)
  new RegExp(String.raw`^(?<year>\d{4})\s*(?:ж\.?|жылғы)\s+(?<day>\d{1,2})\s+${month}${time}$`, 'iu'),
]

/** Number of a month name in English, Russian or Kazakh; `0` when unknown. */
function monthOf(name: string): number {
  const word = name.toLowerCase().replace(/\.$/, '')
  const kazakh = kazakhMonths.indexOf(word)
  if (kazakh >= 0) return kazakh + 1
  if (/^[a-z]/.test(word)) return monthNames.indexOf(word.slice(0, 3)) + 1
  return russianMonths.findIndex((prefix) => (prefix === 'ма' ? /^ма[йя]$/.test(word) : word.startsWith(prefix))) + 1
}

function daysIn(year: number, monthNumber: number): number {
  return new Date(Date.UTC(year, monthNumber, 0)).getUTCDate()
}

/**
 * Read a dateline in the formats common on news sites: `2022-09-14 10:45`,
 * `2022-09-14`, `Release time:Jul 02, 2024 12:21 PM`, `September 13, 2022`,
 * `13 September 2022`. The whole line must be the date (after an optional
 * label such as `Release time:`); impossible dates are refused.
 *
 * @param text
 *   One line of text.
 * @returns
 *   The date, or `undefined` when the line is not a dateline.
 */
export function parseDateline(text: string): ParsedDate | undefined {
  const value = text.trim().replace(label, '').trim()
  for (const pattern of patterns) {
    const groups = pattern.exec(value)?.groups
    if (!groups) continue
    const year = Number(groups.year)
    const monthNumber = groups.monthNumber ? Number(groups.monthNumber) : monthOf(String(groups.month))
    const day = Number(groups.day)
    if (monthNumber < 1 || monthNumber > 12 || day < 1 || day > daysIn(year, monthNumber)) {
      return undefined
    }
    const result: ParsedDate = { year, month: monthNumber, day }
    if (groups.hour !== undefined) {
      let hour = Number(groups.hour)
      const minute = Number(groups.minute)
      const meridiem = groups.meridiem?.charAt(0).toLowerCase()
      if (meridiem) {
        if (hour < 1 || hour > 12) return undefined
        hour = (hour % 12) + (meridiem === 'p' ? 12 : 0)
      }
      if (hour > 23 || minute > 59) return undefined
      result.hour = hour
      result.minute = minute
    }
    return result
  }
  return undefined
}

const pad = (value: number, size = 2) => String(value).padStart(size, '0')

/**
 * Format a parsed date as ISO 8601.
 *
 * @param date
 *   The date.
 * @param timeZone
 *   UTC offset such as `+08:00` or `Z`; only written when the date has a time.
 * @returns
 *   `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[offset]`.
 */
export function toIsoDate(date: ParsedDate, timeZone?: string): string {
  const day = `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`
  if (date.hour === undefined) return day
  return `${day}T${pad(date.hour)}:${pad(date.minute ?? 0)}${timeZone ?? ''}`
}

/** Accepted forms of the `timeZone` option. */
export const utcOffset = /^(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d)$/

/** The ISO forms `toIsoDate` writes: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[offset]`. */
const isoDate =
  /^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})(?:T(?<hour>\d{2}):(?<minute>\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/u

/**
 * Write a dateline's date in the house style of a language, from its ISO
 * value: the language's long date (`Intl.DateTimeFormat`, `dateStyle:
 * 'long'`) and, when the dateline gives a time, the 24-hour time as written
 * (never converted to another zone), joined as the language joins a date and
 * a time: `March 15, 2025, 10:30` in English, `15 марта 2025 г., 10:30` in
 * Russian, `2025 ж. 15 наурыз, 10:30` in Kazakh.
 *
 * @param iso
 *   The date as `toIsoDate` writes it (`2025-03-15` or `2025-03-15T10:30+05:00`).
 * @param language
 *   BCP 47 language tag of the document.
 * @returns
 *   The written date, or `undefined` when the value is not such a date or
 *   the language is not a valid tag.
 */
export function formatDateline(iso: string, language: string): string | undefined {
  const groups = isoDate.exec(iso.trim())?.groups
  if (!groups) return undefined
  const hasTime = groups.hour !== undefined
  const date = new Date(
    Date.UTC(
      Number(groups.year),
      Number(groups.month) - 1,
      Number(groups.day),
      Number(groups.hour ?? 0),
      Number(groups.minute ?? 0),
    ),
  )
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(groups.day)) return undefined
  try {
    const day = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(date)
    if (!hasTime) return day
    const clock = { timeStyle: 'short', timeZone: 'UTC', hourCycle: 'h23' } as const
    const hours = new Intl.DateTimeFormat(language, clock).format(date)
    // How the language joins a date and a time (`, ` in English and Russian, a space in Chinese).
    const shortDay = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(date)
    const both = new Intl.DateTimeFormat(language, { ...clock, dateStyle: 'medium' }).format(date)
    const at = both.indexOf(hours)
    const joiner = both.startsWith(shortDay) && at > shortDay.length ? both.slice(shortDay.length, at) : ', '
    return `${day}${joiner}${hours}`
  } catch {
    return undefined
  }
}

/** A wire dateline that opens a paragraph: `TURKESTAN -- `, `ASTANA, May 5 -- `. */
export interface WireDateline {
  /** The dateline as written, dash included (`ASTANA, May 5 --`). */
  text: string
  /** The place, in capitals (`ASTANA`). */
  place: string
  /** What follows the place before the dash, as written (`May 5`, `Kazakhstan (AP)`), if anything. */
  rest?: string | undefined
  /** The dash as written, spaces included (` -- `). */
  dash: string
  /** Length of the dateline with its dash, in characters from the start of the paragraph. */
  length: number
}

/** A place in capitals: one to four words of capital letters (`TURKESTAN`, `NUR-SULTAN`, `ST. PETERSBURG`, `АСТАНА`). */
const place = String.raw`\p{Lu}[\p{Lu}.'’-]*\p{Lu}\.?(?:\s\p{Lu}[\p{Lu}.'’-]*\.?){0,3}`
/** After a comma: a country, region or date of one to three words starting with a capital or a digit. */
const segment = String.raw`[\p{Lu}\p{N}][\p{L}\p{N}.'’]*(?:\s[\p{L}\p{N}.'’]+){0,2}`
const wirePattern = new RegExp(
  String.raw`^(?<place>${place})(?<rest>(?:,\s${segment}){0,2}(?:\s\((?:\p{Lu}[\p{L}\p{N}.&\s]{0,24})\))?|\s\((?:\p{Lu}[\p{L}\p{N}.&\s]{0,24})\))?(?<dash>\s(?:--?|\u2013|\u2014)\s|\u2014)(?=[\p{Lu}\p{N}"“«„‘'(])`,
  'u',
)

/**
 * Read a wire dateline at the start of a paragraph: a place in capitals,
 * maybe a country, a date and an agency, then a dash (`TURKESTAN -- The
 * museum…`, `ASTANA, May 5 -- …`, `АСТАНА, 5 мамыр — …`,
 * `ALMATY, Kazakhstan (AP) — …`). Nothing else is taken for one.
 *
 * @param text
 *   The paragraph's text.
 * @returns
 *   The dateline, or `undefined` when the paragraph does not open with one.
 */
export function parseWireDateline(text: string): WireDateline | undefined {
  const match = wirePattern.exec(text)
  const groups = match?.groups
  if (!match || !groups) return undefined
  const placeText = String(groups.place)
  // A place has at least two letters (not `I -- `), and the date after it, if any, is not guessed at.
  if ((placeText.match(/\p{Lu}/gu) ?? []).length < 2) return undefined
  const rest = groups.rest ? groups.rest.replace(/^,?\s/u, '') : undefined
  return {
    text: match[0].trimEnd(),
    place: placeText,
    rest: rest || undefined,
    dash: String(groups.dash),
    length: match[0].length,
  }
}
