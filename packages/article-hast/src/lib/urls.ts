import type { Element, Root } from 'hast'
import { visit } from 'unist-util-visit'
import type { VFile } from 'vfile'
import { messageSource } from './elements.js'
import { articleSchema } from './sanitize.js'

/** URL attributes, and the schemes each may use: those of `articleSchema`, the sanitizer of the text. */
const protocols: Record<string, ReadonlyArray<string>> = {
  cite: ['http', 'https'],
  href: ['http', 'https', 'mailto'],
  longDesc: ['http', 'https'],
  src: ['http', 'https'],
  ...articleSchema.protocols,
}

/** Characters a browser removes from a URL before reading its scheme (`java\tscript:` is `javascript:`). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters a browser ignores
const ignored = /[\u0000-\u0020\u007F-\u009F]/g

/**
 * The scheme of a URL as a browser reads it, lowercase, or `undefined` for a
 * relative URL (a path, `?query` or `#fragment`).
 *
 * @param url
 *   The attribute's value.
 * @returns
 *   The scheme without its colon.
 */
export function urlScheme(url: string): string | undefined {
  const value = url.replace(ignored, '')
  const colon = value.indexOf(':')
  if (colon === -1) return undefined
  // A `/`, `?` or `#` before the colon makes it part of a relative URL.
  if (/[/?#]/.test(value.slice(0, colon))) return undefined
  return value.slice(0, colon).toLowerCase()
}

/**
 * Whether a URL may stand in an attribute of an edition: relative, or with a
 * scheme the sanitizer of the text allows there (`href`: http, https,
 * mailto and the others of `articleSchema`; `src` and `cite`: http, https).
 *
 * @param url
 *   The attribute's value.
 * @param attribute
 *   The property name (`href`, `src`, `cite`, `longDesc`; default `href`).
 */
export function isAllowedUrl(url: string, attribute = 'href'): boolean {
  const scheme = urlScheme(url)
  if (scheme === undefined) return true
  return (protocols[attribute] ?? protocols.href ?? []).includes(scheme)
}

/**
 * The last line of defence for every URL of a publication tree, whatever
 * made it (the text, raw HTML, the metadata, another pipeline's hast): an
 * attribute whose scheme the sanitizer of the text would refuse
 * (`javascript:`, `data:`, `vbscript:`…) is removed, with an `unsafe-url`
 * warning; a link keeps its text.
 *
 * @param tree
 *   The publication tree (changed in place).
 * @param file
 *   Its file, for messages.
 */
export function enforceSafeUrls(tree: Root | Element, file: VFile): void {
  visit(tree, 'element', (node: Element) => {
    for (const attribute of Object.keys(protocols)) {
      const value = node.properties[attribute]
      if (typeof value !== 'string' || isAllowedUrl(value, attribute)) continue
      node.properties[attribute] = undefined
      file.message(`Removed the ${attribute} \`${value.slice(0, 80)}\` of a <${node.tagName}>: only safe URL schemes`, {
        place: node.position,
        ruleId: 'unsafe-url',
        source: messageSource,
      })
    }
  })
}
