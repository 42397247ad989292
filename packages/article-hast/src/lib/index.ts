import { formatDateline, parseByline } from '@colophon/remark-article'
import GithubSlugger from 'github-slugger'
import type { Element, Root as HastRoot } from 'hast'
import { raw } from 'hast-util-raw'
import { sanitize } from 'hast-util-sanitize'
import type { Heading, Nodes as MdastNodes, Root as MdastRoot, Paragraph } from 'mdast'
import { type Handler, type State, toHast } from 'mdast-util-to-hast'
import { toString as mdastToString } from 'mdast-util-to-string'
import { visit } from 'unist-util-visit'
import type { VFile } from 'vfile'
import { element, messageSource, xmlId } from './elements.js'
import type { FooterOptions } from './footer.js'
import type { Labels } from './labels.js'
import { publicationOf } from './publication.js'
import { articleSchema, normalizeLinks, repairContentModel, reportUnsafeHtml } from './sanitize.js'

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
  /** Wording that replaces the built-in labels of the document's language (default: none). */
  labels?: Partial<Labels> | undefined
}

function roleOf(node: MdastNodes): string | undefined {
  return (node.data as { articleRole?: string } | undefined)?.articleRole
}

/**
 * The publication tree of a document, shared by every edition: one
 * `<article>` with its title block (`<header class="title-block">`: the
 * headline or title, subtitle, dateline or date, bylines, original
 * publication), the running text (chapters as `<section class="chapter">`
 * when the document has several top-level headings), the embedded text
 * (after a news frame) in its own `<section>`, and a `<footer>` with the
 * translation note and the editorial notes.
 *
 * Dateline paragraphs become `<time datetime>` holding the date written in the
 * house style of the language (`formatDateline` of `remark-article`); bylines mark the author and
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
  const language = options.language ?? file.data.metadata?.language ?? 'en'

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
      // Shown from the parsed date in the house style of the language; the text as written stays in the mdast.
      const house = datetime ? formatDateline(datetime, language) : undefined
      if (house) children = [{ type: 'text', value: house }]
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

  if (options.rawHtml === 'drop') {
    visit(tree, 'html', (node) => {
      if (node.value.trim()) {
        file.info('Left out raw HTML (`rawHtml: drop`)', {
          place: node.position,
          ruleId: 'raw-html-removed',
          source: messageSource,
        })
      }
    })
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
  // sanitized (saying what goes), repaired where raw HTML breaks HTML5's
  // rules, before Colophon adds its own structure around it.
  // Without raw HTML there is nothing to parse: the tree is what `rawHtml: drop` gives.
  const parsed = options.rawHtml === 'drop' || !hasRaw(converted) ? converted : (raw(converted, { file }) as HastRoot)
  reportUnsafeHtml(parsed, file)
  const clean = sanitize(parsed, articleSchema) as HastRoot
  repairContentModel(clean)
  normalizeLinks(clean, file)

  const blocks = clean.children.filter((child): child is Element => child.type === 'element')
  return publicationOf(blocks, file, { ...options, slugger })
}

/** Whether a hast tree holds raw HTML (`raw` nodes, from `html` nodes of the Markdown). */
function hasRaw(tree: HastRoot): boolean {
  let found = false
  visit(tree, 'raw', () => {
    found = true
    return false
  })
  return found
}
