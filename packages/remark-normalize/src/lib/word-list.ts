/**
 * Lookups in the words of the `word-list` package: one lowercase word a
 * line, in order (but for two neighbouring pairs), 2.8 MB. A word is looked
 * for by binary search, a few reads of 64 bytes at a time, instead of
 * reading the file; a word the search does not find is looked for in the
 * whole file (read once), so the answer is exact whatever the order.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs'
import wordListPath from 'word-list'

const newline = 0x0a
/** Longer than any word of the list (28 letters). */
const window = Buffer.alloc(64)
/** The whole list between two newlines, read on the first word the search misses. */
let whole: Buffer | undefined

/** The first line of the file that starts at or after `offset`, or `undefined` past the last one. */
function lineFrom(
  fd: number,
  size: number,
  offset: number,
): { start: number; text: Buffer; whole: boolean } | undefined {
  let start = offset
  if (offset > 0) {
    // A line starts after a newline: the first one at or after `offset - 1`.
    let at = offset - 1
    for (;;) {
      if (at >= size) return undefined
      const read = readSync(fd, window, 0, window.length, at)
      const index = window.subarray(0, read).indexOf(newline)
      if (index !== -1) {
        start = at + index + 1
        break
      }
      at += read
    }
  }
  if (start >= size) return undefined
  const read = readSync(fd, window, 0, window.length, start)
  const end = window.subarray(0, read).indexOf(newline)
  const text = Buffer.from(window.subarray(0, end === -1 ? read : end))
  return { start, text, whole: end !== -1 || start + read >= size }
}

/** Binary search of the file's lines for `target`; `false` can be wrong where the file is out of order. */
function searchSorted(fd: number, size: number, target: Buffer): boolean {
  let low = 0
  let high = size
  while (low < high) {
    const middle = low + ((high - low) >>> 1)
    const line = lineFrom(fd, size, middle)
    if (!line || line.start >= high) {
      high = middle
      continue
    }
    // A line longer than the window: not a word of the list, leave it to the scan.
    if (!line.whole) return false
    const order = Buffer.compare(line.text, target)
    if (order === 0) return true
    if (order < 0) low = line.start + line.text.length + 1
    else high = middle
  }
  return false
}

/**
 * Whether a word is a line of the `word-list` package's words (lowercase
 * English words).
 */
export function isListedWord(word: string): boolean {
  if (word.length === 0 || word.includes('\n')) return false
  const target = Buffer.from(word)
  const fd = openSync(wordListPath, 'r')
  try {
    if (searchSorted(fd, fstatSync(fd).size, target)) return true
  } finally {
    closeSync(fd)
  }
  whole ??= Buffer.concat([Buffer.of(newline), readFileSync(wordListPath), Buffer.of(newline)])
  return whole.includes(`\n${word}\n`)
}
