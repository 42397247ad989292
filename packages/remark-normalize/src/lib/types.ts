import type { Position } from 'unist'
import type { EntryKind } from './schema.js'

/**
 * How entries act on the text.
 *
 * * `auto`: rewrite for `scope: fix` entries, suggestion messages for
 *   `scope: suggest` ones
 * * `fix`: rewrite for every entry, suggestions included
 * * `report`: messages only; the text is not touched
 */
export type Mode = 'auto' | 'fix' | 'report'

/** One change (or suggested change) made by normalization. */
export interface Correction {
  /** Id of the dictionary entry (also the message's `ruleId`). */
  id: string
  /** Name of the dictionary holding the entry. */
  dictionary: string
  /** What the text names. */
  kind: EntryKind
  /** Whether the entry fixes or only suggests. */
  scope: 'fix' | 'suggest'
  /**
   * Whether the change reaches the text: it was rewritten (in `report` mode,
   * where nothing is rewritten: whether `auto` would rewrite it). A change
   * that a later, overlapping one replaces (a quotation mark inside a title
   * a dictionary entry rewrites) is not listed at all.
   */
  applied: boolean
  /** The text as found. */
  before: string
  /** The corrected text. */
  after: string
  /** Structural role of the block holding the change (`body` when none). */
  role: string
  /** Where `before` is in the source. */
  position: Position | undefined
  /** Why the change is made. */
  note: string | undefined
  /** Identifiers of the named entity (Wikidata, …). */
  sameAs: string[]
  /** Canonical name of the entity. */
  name: string
}

/** A named entity (person, organization, place, …) that a dictionary entry matched. */
export interface Entity {
  /** Id of the entry. */
  id: string
  /** Canonical name: the entry's `name`, long form or replacement. */
  name: string
  kind: EntryKind
  /** Identifiers (Wikidata, …). */
  sameAs: string[]
  /** How many times the entry matched. */
  count: number
}

declare module 'vfile' {
  interface DataMap {
    /** Changes and suggestions made by `@colophon/remark-normalize`, in document order. */
    corrections: Correction[]
    /** Entities the dictionaries recognized (fixed or kept), in order of first mention. */
    entities: Entity[]
  }
}

declare module 'vfile-message' {
  interface VFileMessage {
    /**
     * Set on the messages of `@colophon/remark-normalize`: `fix` or
     * `suggest` for a change, `keep` for a finding without one.
     */
    scope?: 'fix' | 'suggest' | 'keep' | undefined
    /** Set on the messages of `@colophon/remark-normalize`: whether the change reaches the text (as `Correction.applied`). */
    applied?: boolean | undefined
  }
}
