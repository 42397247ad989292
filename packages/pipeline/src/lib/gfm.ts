/**
 * Markdown with GitHub's extensions, parsed with the extensions a document
 * can hold: remark-parse and remark-gfm in one plugin.
 */
import type { Root } from 'mdast'
import { type Options as FromMarkdownOptions, fromMarkdown } from 'mdast-util-from-markdown'
import { gfmFromMarkdown, gfmToMarkdown } from 'mdast-util-gfm'
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal'
import { gfmFootnote } from 'micromark-extension-gfm-footnote'
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough'
import { gfmTable } from 'micromark-extension-gfm-table'
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item'
import { combineExtensions } from 'micromark-util-combine-extensions'
import type { Extension } from 'micromark-util-types'
import type { Plugin, Processor } from 'unified'

/**
 * Whether a document may hold a GFM table: a delimiter row needs a `|`, or
 * (a table of one column) a colon next to its dashes, `:--` or `--:`.
 */
export function mayHoldTable(document: string): boolean {
  return document.includes('|') || /^[ \t>]*(?::-+:?|-+:)[ \t]*$/m.test(document)
}

/** Whether a document may hold a GFM autolink literal: an `@` (e-mail), `www.`, `http://` or `https://`. */
export function mayHoldAutolinkLiteral(document: string): boolean {
  return document.includes('@') || /www\.|https?:\/\//i.test(document)
}

/** GFM's syntax extensions, as micromark-extension-gfm combines them, without those a document cannot hold. */
const syntaxes = new Map<string, Extension>()

function gfmSyntax(table: boolean, autolinks: boolean): Extension {
  const key = `${table} ${autolinks}`
  let syntax = syntaxes.get(key)
  if (!syntax) {
    syntax = combineExtensions([
      ...(autolinks ? [gfmAutolinkLiteral()] : []),
      gfmFootnote(),
      gfmStrikethrough(),
      ...(table ? [gfmTable()] : []),
      gfmTaskListItem(),
    ])
    syntaxes.set(key, syntax)
  }
  return syntax
}

/**
 * Parse Markdown with GitHub's extensions (tables, footnotes,
 * strikethrough, autolink literals, task lists), as `remark-parse` with
 * `remark-gfm` does, into the same tree. The table and autolink literal
 * tokenizers are tried at every line and every word of a document, about
 * half of the time micromark takes to parse a long one; they are left out of
 * the parse of a document that cannot hold a table (no `|`, no `:--` row) or
 * an autolink literal (no `@`, `www.` or `http(s)://`).
 *
 * Other extensions on the processor (`micromarkExtensions`,
 * `fromMarkdownExtensions`, as remark-math or remark-frontmatter add them)
 * are used as with remark-parse.
 */
export const remarkGfmParse: Plugin<[], string, Root> = function (this: Processor) {
  // The processor's data as remark-parse and remark-stringify read it.
  const data = this.data() as ExtensionLists
  const gfm: Extension = {}
  data.micromarkExtensions = [...(data.micromarkExtensions ?? []), gfm]
  data.fromMarkdownExtensions = [...(data.fromMarkdownExtensions ?? []), gfmFromMarkdown()]
  data.toMarkdownExtensions = [...(data.toMarkdownExtensions ?? []), gfmToMarkdown()]
  this.parser = (document) => {
    const syntax = gfmSyntax(mayHoldTable(document), mayHoldAutolinkLiteral(document))
    return fromMarkdown(document, {
      ...(data.settings as FromMarkdownOptions | undefined),
      // GFM's place among the processor's extensions, whatever plugins added before or after it.
      extensions: (data.micromarkExtensions ?? []).map((extension) => (extension === gfm ? syntax : extension)),
      mdastExtensions: data.fromMarkdownExtensions ?? [],
    })
  }
}

/** Lists of extensions on a processor's data (`micromarkExtensions`…), and its settings. */
interface ExtensionLists {
  settings?: unknown
  micromarkExtensions?: Extension[]
  fromMarkdownExtensions?: NonNullable<FromMarkdownOptions['mdastExtensions']>
  toMarkdownExtensions?: unknown[]
}
