// Types of scripts/ascii-source.js, for its tests.

/** The source of a regular-expression literal (`/pattern/flags`) with its characters outside ASCII escaped. */
export function escapeRegexLiteral(literal: string): string
/** The part of an untagged template whose cooked value is `raw`, in ASCII. */
export function cookedFromRaw(raw: string): string
/** A script with every character outside ASCII escaped, meaning the same. */
export function toAsciiSource(source: string, name?: string): string
