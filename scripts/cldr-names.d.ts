// Types of scripts/cldr-names.js, for its tests.

/** The one-word English names of the two-letter language and region codes, as the runtime's CLDR gives them. */
export function cldrNames(): string[]
