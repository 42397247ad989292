/**
 * The matching view of a text: equal in length to the text, with the
 * differences that must not stop a match folded away. Every Unicode space
 * separator becomes a space and every double or single quotation mark its
 * ASCII form, so `President\u00A0Xi` matches "President Xi" and an entry
 * written with straight quotes matches typographic ones.
 */
export function foldForMatch(value: string): string {
  return value.replace(spaces, ' ').replace(doubleQuotes, '"').replace(singleQuotes, "'")
}

/** Unicode space separators other than the space. */
export const spaces = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g
const doubleQuotes = /[\u201C\u201D\u201E\u201F\u00AB\u00BB\u2033]/g
const singleQuotes = /[\u2018\u2019\u201A\u201B\u2039\u203A\u2032]/g

/** Fold case without changing the length of the string. */
export function foldCase(value: string): string {
  const lower = value.toLowerCase()
  if (lower.length === value.length) return lower
  let result = ''
  for (const char of value) {
    const folded = char.toLowerCase()
    result += folded.length === char.length ? folded : char
  }
  return result
}

const wordChar = /[\p{L}\p{N}_]/u

/** Whether `[start, end)` of `text` is bounded by non-word characters. */
export function isWholeWord(text: string, start: number, end: number): boolean {
  const before = start > 0 ? text.charAt(start - 1) : ''
  const after = end < text.length ? text.charAt(end) : ''
  // A boundary only matters where the match itself starts or ends with a word character.
  if (before && wordChar.test(text.charAt(start)) && wordChar.test(before)) return false
  if (after && wordChar.test(text.charAt(end - 1)) && wordChar.test(after)) return false
  return true
}
