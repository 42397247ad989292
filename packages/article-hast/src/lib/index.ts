import { parseByline } from '@colophon/remark-article'
import GithubSlugger from 'github-slugger'
import type { Element, ElementContent, Root as HastRoot, Properties } from 'hast'
import { raw } from 'hast-util-raw'
import { sanitize } from 'hast-util-sanitize'
import type { Heading, Nodes as MdastNodes, Root as MdastRoot, Paragraph } from 'mdast'
import { type Handler, type State, toHast } from 'mdast-util-to-hast'
import { toString as mdastToString } from 'mdast-util-to-string'
import type { VFile } from 'vfile'
import { articleFooter, type FooterOptions } from './footer.js'
import { articleSchema, normalizeIds } from './sanitize.js'

/** Configuration for `toArticleHast`. */
export interface Options {
  /** Language of the article, set as `lang` on the `<article>` element (default: `file.data.metadata.language`). */
  language?: string | undefined
  /** Prefix of generated ids, to keep them unique when articles are combined (default: `''`). */
  idPrefix?: string | undefined
  /**
   * Raw HTML in Markdown input: `sanitize` keeps what `articleSchema` allows
   * (no scripts, event handlers, `javascript:` or `data:` links), `drop`
   * removes it (default: `sanitize`).
   */
  rawHtml?: 'sanitize' | 'drop' | undefined
  /**
   * The article's footer (original publication, translation, editorial
   * notes): options, or `false` for none (default: all on).
   */
  footer?: FooterOptions | false | undefined
}

/** `source` of every message this package emits. */
export const messageSource = 'colophon-hast'

function roleOf(node: MdastNodes): string | undefined {
  return (node.data as { articleRole?: string } | undefined)?.articleRole
}

/** The class names of an element (hast keeps them as a list; raw HTML may give a string). */
export function classList(node: Element): string[] {
  const value: unknown = node.properties.className
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/) : []
}

function element(tagName: string, properties: Properties, children: ElementContent[]): Element {
  return { type: 'element', tagName, properties, children }
}

/**
 * Turn text into a valid XML (and HTML) id: lowercase words joined by `-`,
 * starting with a letter, unique within the slugger.
 */
export function xmlId(slugger: GithubSlugger, text: string, prefix = ''): string {
  const slug = slugger
    .slug(text.normalize('NFKC'))
    .replace(/[^\p{L}\p{N}_.-]/gu, '')
    .replace(/^[-.]+|-+$/g, '')
  const id = `${prefix}${slug}`
  return /^\p{L}|^_/u.test(id) ? id : `h-${id || 'section'}`
}

/**
 * The hast tree of an article, shared by every edition: one `<article>` with
 * a `<header>` (headline, dateline, byline under the headline), the running
 * text, and the embedded text (after a news frame) in its own `<section>`.
 *
 * Dateline paragraphs become `<time datetime>`; bylines mark the author and
 * role; dash-led points get `class="point"`; headings get valid, unique ids.
 * Nodes it cannot convert are reported as `unhandled-node` messages.
 *
 * @param tree
 *   mdast after `remark-article` (and usually `remark-normalize`).
 * @param file
 *   The document's file, for messages.
 * @param options
 *   Configuration (optional).
 * @returns
 *   A hast root holding one `<article>` element.
 */
export function toArticleHast(tree: MdastRoot, file: VFile, options: Options = {}): HastRoot {
  const slugger = new GithubSlugger()
  const prefix = options.idPrefix ?? ''

  const heading: Handler = (state: State, node: Heading) => {
    const result = element(`h${node.depth}`, {}, state.all(node))
    result.properties.id = xmlId(slugger, mdastToString(node), prefix)
    const role = roleOf(node)
    if (role) result.properties.className = [role]
    state.patch(node, result)
    return result
  }

  const paragraph: Handler = (state: State, node: Paragraph) => {
    const role = roleOf(node)
    let children = state.all(node)
    if (role === 'dateline') {
      const datetime = (node.data as { datetime?: string }).datetime
      children = [element('time', datetime ? { dateTime: datetime } : {}, children)]
    } else if (role === 'byline') {
      const text = mdastToString(node)
      const byline = parseByline(text)
      if (byline) {
        const before = text.slice(0, text.indexOf(byline.name))
        children = [
          ...(before ? [{ type: 'text' as const, value: before }] : []),
          element('span', { className: ['author'] }, [{ type: 'text', value: byline.name }]),
          ...(byline.role
            ? [
                { type: 'text' as const, value: ', ' },
                element('span', { className: ['role'] }, [{ type: 'text', value: byline.role }]),
              ]
            : []),
        ]
      }
    }
    const result = element('p', role ? { className: [role] } : {}, children)
    state.patch(node, result)
    return result
  }

  const converted = toHast(tree, {
    allowDangerousHtml: options.rawHtml !== 'drop',
    handlers: { heading, paragraph },
    unknownHandler(_state, node) {
      file.message(`Cannot render node of type \`${node.type}\`; it is left out`, {
        place: node.position,
        ruleId: 'unhandled-node',
        source: messageSource,
      })
      return undefined
    },
  }) as HastRoot
  // Raw HTML becomes elements, then everything that came from the source is
  // sanitized, before Colophon adds its own structure around it.
  const clean = sanitize(
    options.rawHtml === 'drop' ? converted : (raw(converted) as HastRoot),
    articleSchema,
  ) as HastRoot

  const blocks = clean.children.filter((child): child is Element => child.type === 'element')
  const header: Element[] = []
  const body: ElementContent[] = []
  let section: Element | undefined
  for (const block of blocks) {
    const className = classList(block)[0]
    if (section === undefined && body.length === 0 && (className === 'headline' || className === 'dateline')) {
      header.push(block)
    } else if (section === undefined && body.length === 0 && className === 'byline' && header.length > 0) {
      header.push(block)
    } else if (className === 'embedded-title' && !section) {
      section = element('section', { className: ['embedded'], ariaLabelledBy: [String(block.properties.id)] }, [block])
      body.push(section)
    } else if (section) {
      section.children.push(block)
    } else {
      body.push(block)
    }
  }

  const footer =
    options.footer === false
      ? undefined
      : articleFooter(file.data.metadata, file.data.corrections ?? [], {
          ...options.footer,
          notesId: options.footer?.notesId ?? `${prefix}editorial-notes`,
        })
  const language = options.language ?? file.data.metadata?.language
  const article = element('article', language ? { lang: language } : {}, [
    ...(header.length > 0 ? [element('header', {}, header)] : []),
    ...body,
    ...(footer ? [footer] : []),
  ])
  const result: HastRoot = { type: 'root', children: [article] }
  normalizeIds(result)
  return result
}
