/**
 * The fonts a user can give (option `fonts`): kept apart from the font
 * machinery so the public types need no fontkit types.
 */

/** A font file: its path, or its bytes. */
export type FontBytes = string | Uint8Array

/**
 * A font: a file (path or bytes) of TrueType or OpenType outlines, or, for
 * a collection (`.ttc`), the file and the PostScript name of one font in it.
 */
export type FontSource = FontBytes | { src: FontBytes; postscriptName?: string | undefined }

/** The four faces of a text family; missing styles fall back to `regular`. */
export interface FamilySources {
  regular: FontSource
  italic?: FontSource | undefined
  bold?: FontSource | undefined
  boldItalic?: FontSource | undefined
}

/** Fonts of the document (option `fonts`). */
export interface FontOptions {
  /** The text family (default: Noto Serif regular, italic, bold, bold italic). */
  body?: FamilySources | undefined
  /** The monospace face for code (default: Noto Sans Mono regular). */
  code?: FontSource | undefined
  /**
   * Fonts tried in order for characters the text family lacks, before the
   * monospace face (default: none; add a CJK font here, for instance).
   */
  fallback?: FontSource[] | undefined
}
