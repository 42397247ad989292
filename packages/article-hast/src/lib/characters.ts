import { xmlIllegal } from '@colophon/metadata'
import type { Element, Root } from 'hast'
import type { Position } from 'unist'
import { visit } from 'unist-util-visit'
import type { VFile } from 'vfile'
import { messageSource } from './elements.js'

/**
 * Remove the characters XML forbids (and C1 controls) from the text and the
 * attribute values of a publication tree, whatever put them there (a
 * character reference such as `&#12;` in Markdown, raw HTML, another
 * pipeline): one of them makes an EPUB content document invalid. One
 * `illegal-character` warning says how many were removed and where the
 * first was.
 *
 * @param tree
 *   The publication tree (changed in place).
 * @param file
 *   Its file, for the message.
 */
export function removeIllegalCharacters(tree: Root | Element, file: VFile): void {
  let count = 0
  let first: Position | undefined
  const clean = (value: string, place: Position | undefined): string => {
    const result = value.replace(xmlIllegal, '')
    if (result.length !== value.length) {
      count += value.length - result.length
      first ??= place
    }
    return result
  }
  visit(tree, (node) => {
    if (node.type === 'text' || node.type === 'comment') {
      const literal = node as { value: string; position?: Position }
      literal.value = clean(literal.value, literal.position)
    } else if (node.type === 'element') {
      const element = node as Element
      for (const [key, value] of Object.entries(element.properties)) {
        if (typeof value === 'string') element.properties[key] = clean(value, element.position)
        else if (Array.isArray(value)) {
          element.properties[key] = value.map((item) =>
            typeof item === 'string' ? clean(item, element.position) : item,
          )
        }
      }
    }
  })
  if (count === 0) return
  file.message(
    `Removed ${count} control ${count === 1 ? 'character' : 'characters'} that XML forbids or discourages (C0 controls such as \`&#12;\`, C1 controls such as U+0085, in a character reference or raw HTML)`,
    { place: first, ruleId: 'illegal-character', source: messageSource },
  )
}
