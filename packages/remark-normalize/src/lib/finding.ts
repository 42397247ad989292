import type { Rule } from './compile.js'
import type { EntryKind } from './schema.js'

/**
 * Something normalization found in a block: a dictionary hit that passed its
 * guards, or a typography rule's finding.
 */
export interface Finding {
  /** Message `ruleId`: the entry id or the typography rule. */
  ruleId: string
  kind: EntryKind
  /**
   * `fix` rewrites, `suggest` proposes `after`, `keep` records a right form,
   * `report` is a problem without a fix.
   */
  scope: 'fix' | 'suggest' | 'keep' | 'report'
  /** Offsets in the block's text. */
  start: number
  end: number
  /** The corrected text, when there is one. */
  after: string | undefined
  note: string | undefined
  /** Identifiers of the entity. */
  sameAs: string[]
  /** Dictionary name (`typography` for built-in rules). */
  dictionary: string
  /** The dictionary rule behind it, if any. */
  rule: Rule | undefined
}
