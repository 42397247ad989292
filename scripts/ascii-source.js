// ASCII-only JavaScript: every character outside ASCII in a script, written
// as an escape that means the same. esbuild escapes string literals and
// identifiers, but leaves regular-expression literals, `String.raw`
// templates and comments as they are; a script with one such character is
// held by V8 as a two-byte string, twice the memory, and read and compiled
// more slowly (the bundled command starts about 40 ms later).
//
// - In a regular expression, `\uXXXX` (`\u{...}` with the `u` or `v` flag;
//   a pair of surrogate escapes without it, as the pattern then reads code
//   units).
// - In a `String.raw` template, the template loses its tag and each of its
//   raw parts is written so that its cooked value is that raw text: its
//   backslashes doubled, backticks and `${` escaped.
// - Anywhere else, `\uXXXX` or `\u{...}`: in a string, an untagged template or
//   an identifier it means the same character; in a comment it means nothing.
// A template under another tag would see its raw text change: that is an
// error, not a silent change.
import ts from 'typescript'

/** `\uXXXX` for each UTF-16 code unit of a character. */
function unitEscapes(character) {
  let escaped = ''
  for (let index = 0; index < character.length; index++) {
    escaped += `\\u${character.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0')}`
  }
  return escaped
}

/** `\uXXXX`, or `\u{...}` for a character beyond the Basic Multilingual Plane. */
function codePointEscape(character) {
  const code = character.codePointAt(0)
  return code > 0xffff ? `\\u{${code.toString(16).toUpperCase()}}` : unitEscapes(character)
}

const nonAscii = /[\u0080-\u{10FFFF}]/u

/**
 * Escape the characters outside ASCII of source text (a string's, a
 * comment's, a pattern's). A backslash before such a character (an identity
 * escape: `\é` is `é`) is dropped, or it would escape the new escape's own.
 */
function escapeText(text, escapeCharacter) {
  return text.replace(/(\\*)([\u0080-\u{10FFFF}])/gu, (_, slashes, character) => {
    // A backslash before a line separator continues a string's line: dropped, it would not.
    if (slashes.length % 2 === 1 && (character === '\u2028' || character === '\u2029')) {
      throw new Error('a line continuation with U+2028 or U+2029 cannot be written in ASCII')
    }
    return slashes.slice(0, slashes.length - (slashes.length % 2)) + escapeCharacter(character)
  })
}

/**
 * The source of a regular-expression literal with its characters outside
 * ASCII escaped.
 *
 * @param {string} literal
 *   The literal as written: `/pattern/flags`.
 * @returns {string}
 */
export function escapeRegexLiteral(literal) {
  const slash = literal.lastIndexOf('/')
  const flags = literal.slice(slash + 1)
  const unicode = flags.includes('u') || flags.includes('v')
  return escapeText(literal.slice(0, slash), unicode ? codePointEscape : unitEscapes) + literal.slice(slash)
}

/**
 * The part of an untagged template whose cooked value is `raw`, in ASCII.
 *
 * @param {string} raw
 *   The raw text of a template part (between its delimiters).
 * @returns {string}
 */
export function cookedFromRaw(raw) {
  let written = ''
  for (const character of raw) {
    if (character === '\\') written += '\\\\'
    else if (character === '`') written += '\\`'
    else written += nonAscii.test(character) ? codePointEscape(character) : character
  }
  // `${` would open a substitution.
  return written.replaceAll('${', '\\${')
}

/** Whether a tag is `String.raw`. */
function isStringRaw(tag) {
  return (
    ts.isPropertyAccessExpression(tag) &&
    ts.isIdentifier(tag.expression) &&
    tag.expression.text === 'String' &&
    tag.name.text === 'raw'
  )
}

/** The parts of a template, each with the range of its raw text in the source. */
function templateParts(template, source) {
  const literals = ts.isNoSubstitutionTemplateLiteral(template)
    ? [template]
    : [template.head, ...template.templateSpans.map((span) => span.literal)]
  return literals.map((literal) => {
    const start = literal.getStart() + 1
    // A head or a middle ends with `${`, a tail or a whole template with a backtick.
    const end = literal.end - (source.slice(literal.end - 2, literal.end) === '${' ? 2 : 1)
    return { start, end }
  })
}

/**
 * A script with every character outside ASCII escaped, meaning the same.
 *
 * @param {string} source
 *   JavaScript (a script or a CommonJS module).
 * @param {string} [name]
 *   Its file name, for errors.
 * @returns {string}
 *   The source, in ASCII, with the same lines.
 * @throws {Error}
 *   When a template under a tag other than `String.raw` has such a
 *   character, or when the source does not parse.
 */
export function toAsciiSource(source, name = 'script.js') {
  if (!nonAscii.test(source)) return source
  const file = ts.createSourceFile(name, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS)
  const [problem] = file.parseDiagnostics
  if (problem) {
    const { line, character } = file.getLineAndCharacterOfPosition(problem.start ?? 0)
    throw new Error(
      `${name}:${line + 1}:${character + 1}: ${ts.flattenDiagnosticMessageText(problem.messageText, '\n')}`,
    )
  }
  /** Replacements, by range. */
  const edits = []
  const visit = (node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const start = node.getStart()
      const literal = source.slice(start, node.end)
      if (nonAscii.test(literal)) edits.push({ start, end: node.end, text: escapeRegexLiteral(literal) })
      return
    }
    if (ts.isTaggedTemplateExpression(node)) {
      const parts = templateParts(node.template, source)
      if (parts.some((part) => nonAscii.test(source.slice(part.start, part.end)))) {
        if (!isStringRaw(node.tag)) {
          const { line, character } = file.getLineAndCharacterOfPosition(node.getStart())
          throw new Error(
            `${name}:${line + 1}:${character + 1}: a tagged template holds characters outside ASCII; only String.raw can be rewritten`,
          )
        }
        // The tag goes; the template's parts say in their cooked values what their raw text said.
        edits.push({ start: node.tag.getStart(), end: node.template.getStart(), text: '' })
        for (const part of parts) edits.push({ ...part, text: cookedFromRaw(source.slice(part.start, part.end)) })
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  edits.sort((a, b) => a.start - b.start)
  let written = ''
  let at = 0
  const rest = (end) => escapeText(source.slice(at, end), codePointEscape)
  for (const edit of edits) {
    written += rest(edit.start) + edit.text
    at = edit.end
  }
  return written + rest(source.length)
}
