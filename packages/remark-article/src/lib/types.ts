import type { Position } from 'unist'

/**
 * Structural role of an mdast node, as recovered by `remarkArticle`.
 *
 * * `headline`: the republication's headline (depth-1 heading)
 * * `dateline`: the line that dates the republication
 * * `frame`: the news paragraph that introduces an embedded text
 * * `embedded-title`: the title of the embedded text (depth-2 heading)
 * * `byline`: `Name, Role` or `By Name` line naming the author
 * * `point`: a dash-led paragraph, rewritten to start with an em dash
 */
export type ArticleRole = 'headline' | 'dateline' | 'frame' | 'embedded-title' | 'byline' | 'point'

/** A date (and maybe a time) recovered from a dateline. */
export interface Dateline {
  /** The dateline exactly as written (after trimming). */
  text: string
  /**
   * ISO 8601 value: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM` followed by the
   * configured UTC offset when one was given.
   */
  datetime: string
  /** Whether the source gave a time of day. */
  hasTime: boolean
  /** Where the dateline is in the source. */
  position?: Position | undefined
}

/** A wire dateline at the start of the text: `ASTANA, May 5 --`. */
export interface WireDatelineInfo {
  /** The dateline as written, its dash included. */
  text: string
  /** The place, in capitals (`ASTANA`). */
  place: string
  /** What follows the place before the dash, as written (`May 5`, `Kazakhstan (AP)`): never read as a date. */
  rest?: string | undefined
}

/** The author line of an article. */
export interface Byline {
  /** The line as written. */
  text: string
  /** The author's name. */
  name: string
  /** The author's role or title, when the line gives one. */
  role?: string | undefined
}

/**
 * Rule id of a part of a news article that `remarkArticle` did not find:
 * the headline, the dateline, the byline.
 */
export type MissingRule = 'no-headline' | 'no-dateline' | 'no-byline'

/**
 * What `remarkArticle` found, in `file.data.article`.
 *
 * Every field is what the source says *before* normalization; later stages
 * read the (normalized) nodes, which carry `data.articleRole`.
 */
export interface ArticleInfo {
  /** Whether the document was read as plain text (not Markdown). */
  plainText: boolean
  /**
   * Whether the document is taken as a news article: it is plain text, or it
   * has a headline together with a dateline or a news frame. Only then is
   * each entry of `missing` also an `info` message.
   */
  news: boolean
  /** What was not found, as message rule ids, in document order. */
  missing: MissingRule[]
  /** The headline text. */
  headline?: string | undefined
  /** The dateline. */
  dateline?: Dateline | undefined
  /** A wire dateline opening the text (`TURKESTAN --`, `ASTANA, May 5 --`). */
  wireDateline?: WireDatelineInfo | undefined
  /** The paragraph introducing an embedded text (news frame). */
  frame?: string | undefined
  /** Title of the embedded text. */
  embeddedTitle?: string | undefined
  /** Author line. */
  byline?: Byline | undefined
  /** First paragraph of running text. */
  lede?: string | undefined
  /** Number of dash-led points. */
  points: number
}

declare module 'vfile' {
  interface DataMap {
    /** Structure recovered by `@colophon/remark-article`. */
    article: ArticleInfo
    /** Parsed YAML front matter, set by `@colophon/remark-article`. */
    frontmatter: Record<string, unknown>
  }
}

declare module 'mdast' {
  interface RootData {
    /** Set by `remarkArticleText`: the tree was parsed from plain text. */
    plainText?: boolean | undefined
  }
  interface ParagraphData {
    /** Structural role recovered by `@colophon/remark-article`. */
    articleRole?: ArticleRole | undefined
    /** ISO 8601 value of a dateline paragraph. */
    datetime?: string | undefined
    /** Author name of a byline paragraph. */
    author?: string | undefined
    /** Author role of a byline paragraph. */
    authorRole?: string | undefined
    /** The paragraph opens with a wire dateline (`TURKESTAN — The museum…`). */
    wireDateline?: boolean | undefined
  }
  interface HeadingData {
    /** Structural role recovered by `@colophon/remark-article`. */
    articleRole?: ArticleRole | undefined
  }
}
