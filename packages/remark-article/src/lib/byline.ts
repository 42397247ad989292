import type { Byline } from './types.js'

const namePart = String.raw`(?:\p{Lu}[\p{L}'’.-]*|(?:al|el|de|van|von|der|bin|ibn|da|di|le|la)-?)`
/** `Name, Role` where the name is one to six capitalised words (particles allowed). */
const nameRole = new RegExp(
  String.raw`^(?<name>\p{Lu}[\p{L}'’.-]*(?:\s+${namePart}){0,5}),\s+(?<role>[^.!?]{3,150})$`,
  'u',
)
/** `By Name` or `By Name, Role`. */
const byName = new RegExp(
  String.raw`^by\s+(?<name>\p{Lu}[\p{L}'’.-]*(?:\s+${namePart}){0,5})(?:,\s+(?<role>[^.!?]{3,150}))?$`,
  'iu',
)

/**
 * Read an author line: `By Name`, `By Name, Role` or (when `allowBare`)
 * `Name, Role`.
 *
 * @param text
 *   One line.
 * @param allowBare
 *   Whether `Name, Role` without `By` counts (true under an embedded title).
 * @returns
 *   The byline, or `undefined` when the line is not one.
 */
export function parseByline(text: string, allowBare = true): Byline | undefined {
  const value = text.trim()
  if (value.includes('\n') || value.length > 200) return undefined
  const match = byName.exec(value) ?? (allowBare ? nameRole.exec(value) : null)
  if (!match?.groups) return undefined
  const role = match.groups.role?.trim()
  return { text: value, name: String(match.groups.name), ...(role ? { role } : {}) }
}
