/**
 * The publication tree as unified plugins: the bridge from mdast to hast
 * (shaped like `remark-rehype`), the same completion for a hast tree from
 * anyone else's pipeline, and asset resolution as a rehype step.
 */
import type { Root as HastRoot } from 'hast'
import type { Root as MdastRoot } from 'mdast'
import type { Plugin } from 'unified'
import type { VFile } from 'vfile'
import { type AssetOptions, resolveAssets } from './assets.js'
import { type Options, toArticleHast } from './index.js'
import { type PublicationOptions, toPublication } from './publication.js'

/**
 * Bridge from mdast to the publication tree (hast), for a unified pipeline:
 * `unified().use(remarkParse).use(remarkArticle)….use(remarkPublication).use(rehype…)`.
 * Like `remark-rehype` without a destination: later plugins get the hast tree.
 *
 * @param options
 *   Configuration (optional), as for `toArticleHast`.
 * @returns
 *   Transform.
 */
export const remarkPublication: Plugin<[(Options | null | undefined)?], MdastRoot, HastRoot> = (options) => {
  const settings = options ?? {}
  return (tree: MdastRoot, file: VFile) => toArticleHast(tree, file, settings)
}

/**
 * Turn a hast tree from any pipeline (`remark-rehype`, say) into a
 * publication tree: one article with a title block from the metadata
 * (`title` and `language` are enough; what is missing is a warning). A tree
 * that already is one passes unchanged.
 *
 * @param options
 *   Configuration (optional).
 * @returns
 *   Transform.
 */
export const rehypePublication: Plugin<[(PublicationOptions | null | undefined)?], HastRoot> = (options) => {
  const settings = options ?? {}
  return (tree: HastRoot, file: VFile) => toPublication(tree, file, settings)
}

/**
 * Read the images a tree refers to, as a rehype step (see `resolveAssets`):
 * local files confined and size-checked, remote ones refused unless allowed.
 *
 * @param options
 *   Configuration (optional).
 * @returns
 *   Transform.
 */
export const rehypeAssets: Plugin<[(AssetOptions | null | undefined)?], HastRoot> = (options) => {
  const settings = options ?? {}
  return async (tree: HastRoot, file: VFile) => {
    await resolveAssets(tree, file, settings)
  }
}
