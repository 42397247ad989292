/** A calendar date and optional time read from a dateline. */
export interface ParsedDate {
  year: number
  month: number
  day: number
  hour?: number | undefined
  minute?: number | undefined
}

const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/** Labels that news sites put before a dateline. */
const label = /^(?:release\s*time|released|published(?:\s+on)?|posted(?:\s+on)?|date|updated|time)\s*[:：]?\s*/iu

const month = String.raw`(?<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`
const time = String.raw`(?:[ T,]+(?<hour>\d{1,2}):(?<minute>\d{2})(?::\d{2})?\s*(?<meridiem>[ap]\.?m\.?)?)?`

const patterns: RegExp[] = [
  // 2022-09-14 10:45, 2022/09/14, 2022.09.14 10:45:00
  new RegExp(String.raw`^(?<year>\d{4})[-/.](?<monthNumber>\d{1,2})[-/.](?<day>\d{1,2})${time}$`, 'iu'),
  // Jul 02, 2024 12:21 PM / September 13, 2022
  new RegExp(String.raw`^${month}\s+(?<day>\d{1,2}),?\s+(?<year>\d{4})${time}$`, 'iu'),
  // 13 September 2022
  new RegExp(String.raw`^(?<day>\d{1,2})\s+${month},?\s+(?<year>\d{4})${time}$`, 'iu'),
]

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
    const monthNumber = groups.monthNumber
      ? Number(groups.monthNumber)
      : monthNames.indexOf(String(groups.month).slice(0, 3).toLowerCase()) + 1
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
