/**
 * The title block every document opens with: what the text itself says
 * (a headline, a dateline, a byline recovered by `remark-article`) completed
 * from the metadata (title, subtitle, authors with roles, date, original
 * publication), so a Markdown post with only front matter gets the same
 * block as a news article.
 */
import type { Metadata } from '@colophon/metadata'
import type { Element, ElementContent } from 'hast'
import { element, text } from './elements.js'
import { formatDate } from './footer.js'
import type { Labels } from './labels.js'

/** Whether a URL may become a link: only `http:`, `https:` and `mailto:`. */
export function isSafeUrl(url: string): boolean {
  return /^(?:https?:\/\/|mailto:)/i.test(url.trim())
}

/** What the title block is made of. */
export interface TitleBlockParts {
  /** Blocks of the text's own header (headline, dateline, byline), in order. */
  fromText: ReadonlyArray<Element>
  /** Whether the text has a byline anywhere (then no byline is added from the metadata). */
  hasByline: boolean
  /** Wording. */
  labels: Labels
  /** Id of a heading made from the title. */
  titleId: string
  /** A heading of the text that opens its first chapter: never the subtitle, though it was read as a headline. */
  notSubtitle?: string | undefined
}

/** A byline from a person of the metadata: `<span class=author>` and `<span class=role>`. */
function byline(person: Metadata['authors'][number]): Element {
  return element('p', { className: ['byline'] }, [
    element('span', { className: ['author'] }, [text(person.name)]),
    ...(person.role ? [text(', '), element('span', { className: ['role'] }, [text(person.role)])] : []),
  ])
}

/** "Originally published in <cite>Name</cite>, <time>date</time>." */
export function sourceLine(metadata: Metadata, labels: Labels): Element | undefined {
  const source = metadata.source
  if (!source) return undefined
  const name = element('cite', {}, [text(source.name)])
  const parts: ElementContent[] = [
    text(`${labels.originallyPublished} `),
    source.url && isSafeUrl(source.url) ? element('a', { href: source.url }, [name]) : name,
  ]
  if (source.date) {
    parts.push(
      text(', '),
      element('time', { dateTime: source.date }, [text(formatDate(source.date, metadata.language))]),
    )
  }
  parts.push(text('.'))
  return element('p', { className: ['source'] }, parts)
}

/**
 * The `<header class="title-block">` of a document.
 *
 * @param metadata
 *   The document's metadata.
 * @param parts
 *   What the text gives, and the wording.
 * @returns
 *   The header: one `h1` (the text's headline, else the title), a subtitle,
 *   the dateline or date, the bylines, the original publication.
 */
export function titleBlock(metadata: Metadata, parts: TitleBlockParts): Element {
  const role = (node: Element) => {
    const value = node.properties.className
    return Array.isArray(value) ? String(value[0]) : undefined
  }
  const fromText = new Map(parts.fromText.map((node) => [role(node), node]))
  const children: Element[] = []
  const headline = fromText.get('headline')
  if (headline) {
    children.push(headline)
  } else {
    children.push(element('h1', { id: parts.titleId, className: ['title'] }, [text(metadata.title)]))
  }
  const fromHeadline =
    !headline && metadata.headline && metadata.headline !== metadata.title && metadata.headline !== parts.notSubtitle
  const subtitle = metadata.subtitle ?? (fromHeadline ? metadata.headline : '')
  if (subtitle) children.push(element('p', { className: ['subtitle'] }, [text(subtitle)]))
  const dateline = fromText.get('dateline')
  if (dateline) {
    children.push(dateline)
  } else if (metadata.datePublished) {
    children.push(
      element('p', { className: ['date'] }, [
        element('time', { dateTime: metadata.datePublished }, [
          text(formatDate(metadata.datePublished, metadata.language)),
        ]),
      ]),
    )
  }
  const textByline = fromText.get('byline')
  if (textByline) children.push(textByline)
  else if (!parts.hasByline) children.push(...metadata.authors.map(byline))
  const source = sourceLine(metadata, parts.labels)
  if (source) children.push(source)
  return element('header', { className: ['title-block'] }, children)
}
