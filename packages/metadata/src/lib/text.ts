/**
 * Cut a text to at most `max` characters at a word boundary, adding `…`
 * when something was cut. White space runs become one space.
 *
 * @param value
 *   The text.
 * @param max
 *   Longest result, in characters (default: `200`, the schema's limit of
 *   `description`).
 * @returns
 *   The text, cut.
 */
export function cutAtWord(value: string, max = 200): string {
  const text = value.replace(/\s+/g, ' ').trim()
  if (text.length <= max) return text
  const room = text.slice(0, max - 1)
  const space = room.lastIndexOf(' ')
  return `${(space > max / 2 ? room.slice(0, space) : room).replace(/[\s,;:.–—-]+$/u, '')}…`
}
