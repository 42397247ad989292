import type { Point } from 'unist'
import { location } from 'vfile-location'

/** An encoding Colophon reads text in: UTF-8, or UTF-16 announced by its byte order mark. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be'

/**
 * Something decoding had to change in the text: invalid byte sequences
 * replaced with U+FFFD, or characters that XML cannot hold removed. Places are
 * in the text as read (before removals), 1-based.
 */
export interface DecodeFinding {
  /** `invalid-utf8`, `invalid-utf16` or `control-character`. */
  ruleId: 'invalid-utf8' | 'invalid-utf16' | 'control-character'
  /** How many places. */
  count: number
  /** The first few places, with what was found there (`FF FE`, `U+0001`). */
  samples: Array<{ place: Point; found: string }>
  /** One sentence saying what was done, where and how often. */
  reason: string
}

/** A decoded text. */
export interface DecodedText {
  /** The text: without a byte order mark, invalid sequences replaced, XML-illegal characters removed. */
  value: string
  /** The encoding it was read in. */
  encoding: TextEncoding
  /** What had to change, one finding per kind. */
  findings: DecodeFinding[]
}

/** Bytes that are not text (binary data, or an encoding Colophon does not read). */
export class NotTextError extends Error {
  /** Where the evidence is, when it is one place in the text. */
  readonly place: Point | undefined
  /** `binary-input` or `unsupported-encoding`. */
  readonly ruleId: 'binary-input' | 'unsupported-encoding'

  constructor(reason: string, ruleId: NotTextError['ruleId'], place?: Point) {
    super(reason)
    this.name = 'NotTextError'
    this.ruleId = ruleId
    this.place = place
  }
}

/** Places listed in a finding's reason; the rest are counted. */
const sampleLimit = 5

/** Share of control characters above which a text is taken for binary data. */
const controlShare = 0.05

/**
 * Signatures of common binary formats, to name what a file is when it is not
 * text. Data, not logic: a line per format.
 */
const signatures: ReadonlyArray<{ bytes: ReadonlyArray<number | undefined>; name: string }> = [
  { bytes: [...'%PDF-'].map((c) => c.charCodeAt(0)), name: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], name: 'a ZIP archive (as .docx, .odt and .epub files are)' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], name: 'a ZIP archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], name: 'an OLE document (an old .doc or .xls file)' },
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], name: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], name: 'a JPEG image' },
  { bytes: [...'GIF87a'].map((c) => c.charCodeAt(0)), name: 'a GIF image' },
  { bytes: [...'GIF89a'].map((c) => c.charCodeAt(0)), name: 'a GIF image' },
  {
    bytes: [0x52, 0x49, 0x46, 0x46, undefined, undefined, undefined, undefined, 0x57, 0x45, 0x42, 0x50],
    name: 'a WebP image',
  },
  { bytes: [0x1f, 0x8b], name: 'a gzip archive' },
  // `BZh`, a block size digit and the block magic (π's digits): three letters alone can start a text.
  ...[0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39].map((size) => ({
    bytes: [0x42, 0x5a, 0x68, size, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59],
    name: 'a bzip2 archive',
  })),
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], name: 'an xz archive' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], name: 'a 7-Zip archive' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], name: 'an executable (ELF)' },
  { bytes: [...'SQLite format 3\0'].map((c) => c.charCodeAt(0)), name: 'an SQLite database' },
]

/**
 * Decode the bytes of a text file: UTF-8 (a byte order mark is dropped), or
 * UTF-16 when a byte order mark says so. Invalid byte sequences become U+FFFD
 * and characters that XML cannot hold (C0 controls other than tab, line feed
 * and carriage return; U+FFFE, U+FFFF) are removed; each kind is one finding
 * with its places.
 *
 * @param bytes
 *   The file's content.
 * @returns
 *   The text, its encoding and what had to change.
 * @throws {NotTextError}
 *   When the bytes are not text: a known binary signature, a NUL byte, a high
 *   share of control characters, UTF-16 without a byte order mark, or UTF-32.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (startsWith(bytes, [0x00, 0x00, 0xfe, 0xff]) || startsWith(bytes, [0xff, 0xfe, 0x00, 0x00])) {
    throw new NotTextError('Is UTF-32 text, which Colophon does not read; save it as UTF-8', 'unsupported-encoding')
  }
  let decoded: { value: string; encoding: TextEncoding; invalid: Invalid[] }
  if (startsWith(bytes, [0xff, 0xfe])) decoded = decodeUtf16(bytes, 'utf-16le')
  else if (startsWith(bytes, [0xfe, 0xff])) decoded = decodeUtf16(bytes, 'utf-16be')
  else {
    const signature = signatures.find((item) => startsWith(bytes, item.bytes))
    if (signature) throw new NotTextError(`Looks like ${signature.name}, not text`, 'binary-input')
    const unmarked = utf16WithoutMark(bytes)
    if (unmarked) {
      throw new NotTextError(
        `Looks like ${unmarked} text without a byte order mark (NUL bytes between the letters); save it as UTF-8`,
        'unsupported-encoding',
      )
    }
    decoded = decodeUtf8(bytes)
  }

  const { value, encoding, invalid } = decoded
  const points = location(value)
  const nul = value.indexOf('\0')
  if (nul !== -1) {
    const place = points.toPoint(nul) as Point
    throw new NotTextError(
      `Looks like a binary file (NUL byte at line ${place.line}, column ${place.column}), not text`,
      'binary-input',
      place,
    )
  }

  // Controls that no text editor writes (form feed, vertical tab and escape
  // can be in real text: they are removed, but do not count as binary).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it counts
  const binaryControls = /[\x01-\x08\x0E-\x1A\x1C-\x1F]/g
  let controls = 0
  let first = -1
  for (let match = binaryControls.exec(value); match; match = binaryControls.exec(value)) {
    if (first === -1) first = match.index
    controls++
  }
  if (controls >= 4 && controls / value.length >= controlShare) {
    const place = points.toPoint(first) as Point
    throw new NotTextError(
      `Looks like a binary file (${Math.round((controls / value.length) * 100)}% control characters, the first at line ${place.line}, column ${place.column}), not text`,
      'binary-input',
      place,
    )
  }

  const findings: DecodeFinding[] = []
  if (invalid.length > 0) {
    const ruleId = encoding === 'utf-8' ? 'invalid-utf8' : 'invalid-utf16'
    const what = encoding === 'utf-8' ? 'invalid UTF-8 byte sequence' : 'invalid UTF-16 code unit'
    const hint =
      encoding === 'utf-8' ? '; the file is not all UTF-8 (saved in another encoding?), save it as UTF-8' : ''
    findings.push(
      finding(ruleId, invalid, points, (count, shown) => `Replaced ${shown} ${what}${plural(count)} with U+FFFD`, hint),
    )
  }

  // U+FFFE and U+FFFF are not XML characters either; lone surrogates cannot
  // come out of the decoders above.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
  const illegal = /[\x01-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g
  const removed: Invalid[] = []
  for (let match = illegal.exec(value); match; match = illegal.exec(value)) {
    removed.push({ offset: match.index, found: codePoint(match[0]) })
  }
  let cleaned = value
  if (removed.length > 0) {
    cleaned = value.replace(illegal, '')
    findings.push(
      finding(
        'control-character',
        removed,
        points,
        (count, shown) => `Removed ${shown} control character${plural(count)} that text cannot contain`,
        '',
      ),
    )
  }
  return { value: cleaned, encoding, findings }
}

/** An invalid sequence or an illegal character: where in the decoded text, and what. */
interface Invalid {
  offset: number
  found: string
}

function finding(
  ruleId: DecodeFinding['ruleId'],
  items: Invalid[],
  points: ReturnType<typeof location>,
  summary: (count: number, shown: string) => string,
  hint: string,
): DecodeFinding {
  const samples = items.slice(0, sampleLimit).map((item) => ({
    place: points.toPoint(item.offset) as Point,
    found: item.found,
  }))
  const listed = samples.map((sample) => `\`${sample.found}\` at ${sample.place.line}:${sample.place.column}`)
  const more = items.length - samples.length
  const where = `${listed.join(', ')}${more > 0 ? ` and ${more.toLocaleString('en')} more` : ''}`
  return {
    ruleId,
    count: items.length,
    samples,
    reason: `${summary(items.length, items.length.toLocaleString('en'))}: ${where}${hint}`,
  }
}

function plural(count: number): string {
  return count === 1 ? '' : 's'
}

function codePoint(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`
}

function startsWith(bytes: Uint8Array, prefix: ReadonlyArray<number | undefined>): boolean {
  if (bytes.length < prefix.length) return false
  return prefix.every((byte, index) => byte === undefined || bytes[index] === byte)
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join(' ')
}

/**
 * UTF-8, as the WHATWG decoder reads it (a byte order mark dropped, each
 * maximal invalid subsequence one U+FFFD), with where each replacement is.
 */
function decodeUtf8(bytes: Uint8Array): { value: string; encoding: 'utf-8'; invalid: Invalid[] } {
  const value = new TextDecoder('utf-8').decode(bytes)
  const invalid: Invalid[] = []
  let byte = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0
  let index = 0
  // Walk from one U+FFFD to the next: the valid text between them is as long
  // in UTF-8 as it was in the file.
  for (let next = value.indexOf('\uFFFD'); next !== -1; next = value.indexOf('\uFFFD', index)) {
    byte += Buffer.byteLength(value.slice(index, next), 'utf8')
    index = next + 1
    if (bytes[byte] === 0xef && bytes[byte + 1] === 0xbf && bytes[byte + 2] === 0xbd) {
      byte += 3 // A U+FFFD written in the file.
      continue
    }
    const length = invalidLength(bytes, byte)
    invalid.push({ offset: next, found: hex(bytes.subarray(byte, byte + length)) })
    byte += length
  }
  return { value, encoding: 'utf-8', invalid }
}

/** Length of the maximal subpart of an invalid UTF-8 sequence at `start` (the bytes one U+FFFD replaces). */
function invalidLength(bytes: Uint8Array, start: number): number {
  const lead = bytes[start] ?? 0
  let needed = 0
  let lower = 0x80
  let upper = 0xbf
  if (lead >= 0xc2 && lead <= 0xdf) needed = 1
  else if (lead >= 0xe0 && lead <= 0xef) {
    needed = 2
    if (lead === 0xe0) lower = 0xa0
    if (lead === 0xed) upper = 0x9f
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    needed = 3
    if (lead === 0xf0) lower = 0x90
    if (lead === 0xf4) upper = 0x8f
  }
  let length = 1
  while (needed > 0 && start + length < bytes.length) {
    const next = bytes[start + length] ?? 0
    if (next < lower || next > upper) break
    lower = 0x80
    upper = 0xbf
    length++
    needed--
  }
  return length
}

/** UTF-16 after its byte order mark; unpaired surrogates and an odd last byte become U+FFFD. */
function decodeUtf16(
  bytes: Uint8Array,
  encoding: 'utf-16le' | 'utf-16be',
): { value: string; encoding: 'utf-16le' | 'utf-16be'; invalid: Invalid[] } {
  const end = bytes.length - ((bytes.length - 2) % 2)
  const units = Buffer.from(bytes.subarray(2, end))
  if (encoding === 'utf-16be') units.swap16()
  // Node's utf16le decoding keeps unpaired surrogates: find them, then replace them.
  let value = units.toString('utf16le')
  const invalid: Invalid[] = []
  const unpaired = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
  for (let match = unpaired.exec(value); match; match = unpaired.exec(value)) {
    invalid.push({ offset: match.index, found: codePoint(match[0]) })
  }
  if (invalid.length > 0) value = value.replace(unpaired, '\uFFFD')
  if (end < bytes.length) {
    invalid.push({ offset: value.length, found: hex(bytes.subarray(end)) })
    value += '\uFFFD'
  }
  return { value, encoding, invalid }
}

/** Whether NUL bytes alternate with letters as in UTF-16 without a byte order mark; which byte order. */
function utf16WithoutMark(bytes: Uint8Array): string | undefined {
  const sample = bytes.subarray(0, Math.min(bytes.length, 4096) & ~1)
  if (sample.length < 4 || !sample.includes(0)) return undefined
  let even = 0
  let odd = 0
  for (let index = 0; index < sample.length; index += 2) {
    if (sample[index] === 0) even++
    if (sample[index + 1] === 0) odd++
  }
  const pairs = sample.length / 2
  // A few letters are UTF-16 only when every one of them has its NUL.
  const share = sample.length < 16 ? 1 : 0.4
  if (odd >= pairs * share && even <= pairs * 0.05) return 'UTF-16LE'
  if (even >= pairs * share && odd <= pairs * 0.05) return 'UTF-16BE'
  return undefined
}
