import type { Heading, Paragraph, PhrasingContent, Root, RootContent, Text, ThematicBreak, Yaml } from 'mdast'
import { toString as mdastToString } from 'mdast-util-to-string'
import remarkFrontmatter from 'remark-frontmatter'
import type { Plugin, Processor } from 'unified'
import type { Point, Position } from 'unist'
import { visit } from 'unist-util-visit'
import type { VFile } from 'vfile'
import { parse as parseYaml, YAMLParseError } from 'yaml'
import { parseByline } from './byline.js'
import { parseDateline, parseWireDateline, toIsoDate, utcOffset } from './dateline.js'
import { dashLead, spacedDashLead } from './parse-text.js'
import type { ArticleInfo, MissingRule, WireDatelineInfo } from './types.js'

/** Configuration for `remarkArticle`. */
export interface Options {
  /**
   * UTC offset of datelines that give a time, such as `+08:00` (default:
   * none; a time is then written without an offset, as a local time).
   */
  timeZone?: string | undefined
  /**
   * Longest headline, in characters, recognised in plain text (default: `200`).
   */
  maxHeadlineLength?: number | undefined
}

const emptyOptions: Options = {}
const source = 'colophon-article'
/** Text that ends a news frame: `... The full text of the article is as follows:` */
const frameEnding = /(?:as\s+follows|full\s+text|reads?\s+as|below)[^.:]*[:：]$/iu
function isContent(node: RootContent): boolean {
  return node.type !== 'yaml' && node.type !== 'html' && node.type !== 'definition'
}

function singleLine(node: RootContent, max: number): string | undefined {
  if (node.type !== 'paragraph' && node.type !== 'heading') return undefined
  const text = mdastToString(node).trim()
  if (text.length === 0 || text.length > max || text.includes('\n')) return undefined
  return text
}

function toHeading(node: Paragraph, depth: 1 | 2, role: 'headline' | 'embedded-title'): Heading {
  const heading: Heading = { type: 'heading', depth, children: node.children, data: { articleRole: role } }
  if (node.position) heading.position = node.position
  return heading
}

/** Rewrite a leading `-`/`--` of a paragraph to an em dash, keeping positions exact. */
function rewriteDashLead(node: Paragraph): boolean {
  const first = node.children[0]
  if (first?.type !== 'text') return false
  // An indented line (a signature, an item of a plain-text list) is not a point.
  if ((node.position?.start.column ?? 1) > 1) return false
  const match = dashLead.exec(first.value)
  if (!match) return false
  // `- Item` is a point only as a paragraph of one line (lines of them are a plain-text list).
  if (spacedDashLead.test(first.value) && node.position && node.position.start.line !== node.position.end.line) {
    return false
  }
  const rest = first.value.slice(match[0].length)
  const restNode: Text = { type: 'text', value: rest }
  if (first.position?.start.offset !== undefined) {
    const shift = match[0].length
    restNode.position = {
      start: {
        line: first.position.start.line,
        column: first.position.start.column + shift,
        offset: first.position.start.offset + shift,
      },
      end: first.position.end,
    }
  }
  const dash: PhrasingContent = { type: 'text', value: '— ' }
  node.children.splice(0, 1, dash, restNode)
  node.data = { ...node.data, articleRole: 'point' }
  return true
}

/** The house dash of a wire dateline: a spaced em dash. */
const wireDash = ' \u2014 '

/**
 * Recognise a wire dateline at the start of a paragraph and set its dash
 * (` -- `, ` - `, ` – `) as a spaced em dash, keeping the positions of the
 * text around it exact; a change is an info message.
 */
function readWireDateline(node: Paragraph, file: VFile): WireDatelineInfo | undefined {
  const first = node.children[0]
  if (first?.type !== 'text') return undefined
  const wire = parseWireDateline(first.value)
  if (!wire) return undefined
  const found: WireDatelineInfo = { text: wire.text, place: wire.place, rest: wire.rest }
  const head = wire.length - wire.dash.length
  const kept = wire.dash === wireDash || !/^\s/u.test(wire.dash)
  node.data = { ...node.data, wireDateline: true }
  if (kept) return found
  const start = first.position?.start
  const at = (shift: number): Point | undefined =>
    start?.offset === undefined
      ? undefined
      : { line: start.line, column: start.column + shift, offset: start.offset + shift }
  const piece = (value: string, from: number, to: number): Text => {
    const text: Text = { type: 'text', value }
    const begin = at(from)
    const end = to === first.value.length ? first.position?.end : at(to)
    if (begin && end) text.position = { start: begin, end }
    return text
  }
  node.children.splice(
    0,
    1,
    piece(first.value.slice(0, head), 0, head),
    { type: 'text', value: wireDash },
    piece(first.value.slice(wire.length), wire.length, first.value.length),
  )
  file.info(`Wire dateline \`${wire.text}\`: its dash is set as a spaced em dash`, {
    place: { start: at(head) ?? start, end: at(wire.length) ?? first.position?.end } as Position,
    ruleId: 'wire-dateline',
    source,
  })
  return found
}

/** Parse Markdown with the processor's parser (remark-parse and its extensions). */
type ParseMarkdown = (value: string) => Root

/**
 * A leading `---` block whose YAML is not a mapping (`---\nFoo\n---` is a
 * thematic break and a setext heading to CommonMark) is not front matter:
 * it is read as the Markdown it is, with a warning, so no text is lost.
 */
function markdownInstead(tree: Root, node: Yaml, file: VFile, parse: ParseMarkdown, value: unknown): boolean {
  const start = node.position?.start
  const end = node.position?.end
  if (start?.offset === undefined || end?.offset === undefined) return false
  const text = String(file)
  const opening = /^[^\r\n]*(?:\r\n|\r|\n)/.exec(text.slice(start.offset, end.offset))
  if (!opening) return false
  // What follows the opening `---`, parsed alone, then placed where it is in the file.
  const from = start.offset + opening[0].length
  const parsed = parse(text.slice(from, end.offset))
  const shift = (point: Point) => {
    point.line += start.line
    point.offset = (point.offset ?? 0) + from
  }
  visit(parsed, (child) => {
    if (child.position) {
      shift(child.position.start)
      shift(child.position.end)
    }
  })
  const fence = opening[0].replace(/[\r\n]+$/, '').length
  const rule: ThematicBreak = {
    type: 'thematicBreak',
    position: {
      start: { ...start },
      end: { line: start.line, column: start.column + fence, offset: start.offset + fence },
    },
  }
  tree.children.splice(0, 1, rule, ...parsed.children)
  const kind = Array.isArray(value) ? 'a list' : `a ${typeof value}`
  file.message(
    `The \`---\` block at the start is not YAML front matter (its YAML is ${kind}, not a mapping of keys to values); it is read as Markdown`,
    { place: node.position, ruleId: 'frontmatter-not-mapping', source },
  )
  return true
}

function readFrontmatter(tree: Root, file: VFile, parse: ParseMarkdown | undefined): void {
  const node = tree.children[0]
  if (node?.type !== 'yaml') return
  let value: unknown
  try {
    value = parseYaml(node.value)
  } catch (error) {
    const line = (node.position?.start.line ?? 1) + 1
    if (error instanceof YAMLParseError && error.linePos) {
      const [pos] = error.linePos
      file.fail(`Invalid YAML front matter: ${error.message.split('\n')[0]}`, {
        place: { line: line + pos.line - 1, column: pos.col },
        ruleId: 'frontmatter-yaml',
        source,
      })
    }
    file.fail(`Invalid YAML front matter: ${error instanceof Error ? error.message : String(error)}`, {
      place: node.position,
      ruleId: 'frontmatter-yaml',
      source,
    })
  }
  if (value === null || value === undefined) value = {}
  if (typeof value !== 'object' || Array.isArray(value)) {
    if (parse && markdownInstead(tree, node, file, parse, value)) return
    file.fail('YAML front matter must be a mapping of keys to values', {
      place: node.position,
      ruleId: 'frontmatter-yaml',
      source,
    })
  }
  file.data.frontmatter = value as Record<string, unknown>
}

/**
 * Recover the structure of an article: headline, dateline, news frame,
 * embedded title, byline and dash-led points. Works on trees from
 * `remarkArticleText` (plain text) and from `remark-parse` (Markdown, with
 * YAML front matter, whose data goes to `file.data.frontmatter`).
 *
 * Recognised nodes get `data.articleRole`; what was found goes to
 * `file.data.article`. The document is taken as a news article (`news`)
 * when it is plain text, or when it has a headline with a dateline or a news
 * frame; only then is a missing headline, dateline or byline an `info`
 * message. Either way `file.data.article.missing` lists what was not found.
 *
 * @param options
 *   Configuration (optional).
 * @returns
 *   Transform.
 */
const remarkArticle: Plugin<[(Options | null | undefined)?], Root> = function (
  this: Processor,
  options?: Options | null,
) {
  const settings = options ?? emptyOptions
  if (settings.timeZone !== undefined && !utcOffset.test(settings.timeZone)) {
    throw new Error(
      `remark-article: \`timeZone\` must be a UTC offset such as "+08:00" or "Z", not ${JSON.stringify(settings.timeZone)}`,
    )
  }
  const maxHeadline = settings.maxHeadlineLength ?? 200
  // Markdown input may start with YAML front matter.
  remarkFrontmatter.call(this as never, 'yaml')
  const processor = this

  return function transform(tree: Root, file: VFile): undefined {
    readFrontmatter(tree, file, processor.parser ? (value) => processor.parse(value) as Root : undefined)
    const plainText = tree.data?.plainText === true
    const info: ArticleInfo = { plainText, news: false, missing: [], points: 0 }
    const children = tree.children
    const content = children.filter(isContent)
    const at = (node: RootContent | undefined) => (node ? children.indexOf(node) : -1)
    let cursor = 0

    // What was not found is reported once the kind of document is known.
    const notFound: Array<{ reason: string; place: Position | undefined; ruleId: MissingRule | 'no-embedded-title' }> =
      []

    // Headline: a leading heading of the top level the document uses (an h1; or, without a title in the
    // front matter, an h2 in a document without h1s), unless more headings of that level follow: then the
    // document has chapters and it opens the first.
    const first = content[0]
    const headings = content.filter((node): node is Heading => node.type === 'heading')
    const titled = typeof file.data.frontmatter?.title === 'string'
    const top = titled ? 1 : Math.min(...headings.map((node) => node.depth))
    const chapters = headings.filter((node) => node.depth === top).length > 1
    if (first?.type === 'heading' && first.depth === top && !chapters) {
      first.data = { ...first.data, articleRole: 'headline' }
      info.headline = mdastToString(first)
      cursor = 1
    } else if (plainText && first?.type === 'paragraph' && singleLine(first, maxHeadline)) {
      children[at(first)] = toHeading(first, 1, 'headline')
      info.headline = mdastToString(first)
      cursor = 1
    } else {
      notFound.push({
        reason:
          first?.type === 'heading'
            ? chapters && first.depth === top
              ? `No headline found: the document opens with the first of several level-${top} headings, read as chapters`
              : `No headline found: the document opens with a level-${first.depth} heading, ${titled ? 'a section of the title its front matter gives' : `below its top level (${top})`}`
            : 'No headline found: the document does not start with a heading or a short line',
        place: first?.position,
        ruleId: 'no-headline',
      })
    }

    // Dateline, right after the headline.
    const candidate = content[cursor]
    const dateText = candidate && singleLine(candidate, 80)
    const date = dateText ? parseDateline(dateText) : undefined
    if (candidate?.type === 'paragraph' && dateText && date) {
      const datetime = toIsoDate(date, settings.timeZone)
      candidate.data = { ...candidate.data, articleRole: 'dateline', datetime }
      info.dateline = { text: dateText, datetime, hasTime: date.hour !== undefined, position: candidate.position }
      file.info(
        `Dateline \`${dateText}\` read as ${datetime}: shown from its date in the house style of the document's language`,
        { place: candidate.position, ruleId: 'dateline-house-style', source },
      )
      cursor++
    } else {
      notFound.push({
        reason: 'No dateline found after the headline',
        place: candidate?.position,
        ruleId: 'no-dateline',
      })
    }

    // Byline under the headline: `By Name[, Role]`.
    const under = content[cursor]
    const underText = under && singleLine(under, 200)
    const underByline = underText ? parseByline(underText, false) : undefined
    if (under?.type === 'paragraph' && underByline) {
      under.data = { ...under.data, articleRole: 'byline', author: underByline.name, authorRole: underByline.role }
      info.byline = underByline
      cursor++
    }

    // A wire dateline opening the text: `TURKESTAN -- The museum…`.
    const opening = content[cursor]
    if (opening?.type === 'paragraph') {
      const wire = readWireDateline(opening, file)
      if (wire) info.wireDateline = wire
    }

    // News frame, embedded title, and its byline.
    for (let index = cursor; index < content.length; index++) {
      const node = content[index] as RootContent
      if (node.type !== 'paragraph') continue
      const text = mdastToString(node).trim()
      if (!frameEnding.test(text)) continue
      node.data = { ...node.data, articleRole: 'frame' }
      info.frame = text
      const titleNode = content[index + 1]
      const title = titleNode && singleLine(titleNode, maxHeadline)
      if (titleNode && title && !/[.!?]$/.test(title)) {
        if (titleNode.type === 'paragraph') {
          children[at(titleNode)] = toHeading(titleNode, 2, 'embedded-title')
        } else if (titleNode.type === 'heading') {
          titleNode.data = { ...titleNode.data, articleRole: 'embedded-title' }
        }
        info.embeddedTitle = title
        const bylineNode = content[index + 2]
        const bylineText = bylineNode && singleLine(bylineNode, 200)
        const byline = bylineText ? parseByline(bylineText) : undefined
        if (bylineNode?.type === 'paragraph' && byline && !info.byline) {
          bylineNode.data = { ...bylineNode.data, articleRole: 'byline', author: byline.name, authorRole: byline.role }
          info.byline = byline
        }
      } else {
        notFound.push({
          reason: 'The news frame is not followed by a one-line title of the embedded text',
          place: titleNode?.position ?? node.position,
          ruleId: 'no-embedded-title',
        })
      }
      break
    }
    if (!info.byline) {
      notFound.push({
        reason: 'No byline found (`By Name` under the headline, or `Name, Role` under an embedded title)',
        place: undefined,
        ruleId: 'no-byline',
      })
    }

    // Plain text is read as a news article; Markdown when it has the shape of one.
    info.news = plainText || (info.headline !== undefined && (info.dateline !== undefined || info.frame !== undefined))
    for (const { reason, place, ruleId } of notFound) {
      if (ruleId !== 'no-embedded-title') info.missing.push(ruleId)
      if (ruleId === 'no-embedded-title' || info.news) file.info(reason, { place, ruleId, source })
    }

    // Dash-led points and the lede. Paragraphs that each open with `- ` one after another are a list.
    const spaced = tree.children.map((node) => {
      const first = node.type === 'paragraph' ? node.children[0] : undefined
      return first?.type === 'text' && spacedDashLead.test(first.value)
    })
    for (const [index, node] of tree.children.entries()) {
      if (node.type !== 'paragraph') continue
      const listed = spaced[index] && (spaced[index - 1] === true || spaced[index + 1] === true)
      if (!node.data?.articleRole && !listed && rewriteDashLead(node)) info.points++
      const role = node.data?.articleRole
      if (info.lede === undefined && (role === undefined || role === 'frame' || role === 'point')) {
        info.lede = mdastToString(node).trim()
      }
    }

    file.data.article = info
  }
}

export default remarkArticle
