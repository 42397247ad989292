/**
 * Keywords without repeats, in their first order and first spelling. Two
 * keywords are the same when they differ only in case or white space
 * (`Abai`, `abai `); empty ones are dropped.
 *
 * @param keywords
 *   Keywords, maybe repeated, from one or more sources.
 * @returns
 *   Each keyword once, trimmed.
 */
export function uniqueKeywords(keywords: Iterable<string>): string[] {
  const seen = new Set<string>()
  const result: string[] = []
  for (const keyword of keywords) {
    const value = keyword.replace(/\s+/g, ' ').trim()
    const key = value.normalize('NFC').toLowerCase()
    if (value === '' || seen.has(key)) continue
    seen.add(key)
    result.push(value)
  }
  return result
}
