import type { Root } from 'mdast'
import type { Plugin } from 'unified'
import type { VFile } from 'vfile'
import { CompiledDictionaries } from './compile.js'
import { loadDictionary, parseDictionary } from './load.js'
import { normalizeTree } from './normalize.js'
import type { Dictionary, DictionaryInput } from './schema.js'
import type { Mode } from './types.js'
import { allTypography, type TypographyOptions } from './typography.js'

/** Configuration for `remarkNormalize`. */
export interface Options {
  /**
   * Dictionaries to apply: file paths or `file:` URLs of YAML/JSON files,
   * dictionary objects, or dictionaries compiled once with
   * `compileDictionaries` and shared between processors (default: none).
   */
  dictionaries?: CompiledDictionaries | ReadonlyArray<string | URL | DictionaryInput> | undefined
  /** What entries do to the text (default: `'auto'`). */
  mode?: Mode | undefined
  /**
   * BCP 47 tag of the text: sentences for guards, quotation marks, English
   * rules (default: the `language`/`lang` of the front matter, else `'en'`).
   */
  language?: string | undefined
  /** Built-in typography rules: `false` turns all off, an object some (default: all on but `duplicates`). */
  typography?: boolean | TypographyOptions | undefined
  /**
   * Whether the text is a translation (default: whether its front matter
   * names an `originalLanguage`). Rules for the slips of translation, such
   * as `capital-after-comma`, change a translation and only suggest
   * elsewhere.
   */
  translation?: boolean | undefined
}

const emptyOptions: Options = {}
const modes = new Set<Mode>(['auto', 'fix', 'report'])

/**
 * Compile dictionaries into one matcher, to share between documents.
 *
 * @param dictionaries
 *   Paths, URLs or dictionary objects.
 * @returns
 *   Compiled dictionaries.
 * @throws {DictionaryError}
 *   When a dictionary is missing or invalid (naming file, line and field),
 *   including a pattern that cannot run in linear time.
 * @throws {DictionaryCycleError}
 *   When rules feed each other in a cycle (A->B->A, A->B->C->A, …).
 */
export function compileDictionaries(
  dictionaries: ReadonlyArray<string | URL | DictionaryInput | Dictionary>,
): CompiledDictionaries {
  return new CompiledDictionaries(
    dictionaries.map((item) =>
      typeof item === 'string' || item instanceof URL ? loadDictionary(item) : parseDictionary(item),
    ),
  )
}

/**
 * Normalize names, terms and typography from data dictionaries. Every change
 * and suggestion is a message (`source: 'colophon-normalize'`, `ruleId`: the
 * entry id) and an item of `file.data.corrections`.
 *
 * @param options
 *   Configuration (optional).
 * @returns
 *   Transform.
 */
const remarkNormalize: Plugin<[(Options | null | undefined)?], Root> = (options?: Options | null) => {
  const settings = options ?? emptyOptions
  const mode = settings.mode ?? 'auto'
  if (!modes.has(mode)) {
    throw new Error(`remark-normalize: \`mode\` must be 'auto', 'fix' or 'report', not ${JSON.stringify(mode)}`)
  }
  const given = settings.dictionaries ?? []
  const compiled = given instanceof CompiledDictionaries ? given : compileDictionaries(given)
  const typography: Required<TypographyOptions> =
    settings.typography === false
      ? { spaces: false, invisible: false, quotes: false, dashLead: false, capitals: false, duplicates: false }
      : { ...allTypography, ...(settings.typography === true ? {} : settings.typography) }

  return function transform(tree: Root, file: VFile): undefined {
    const matter = file.data.frontmatter as { language?: unknown; lang?: unknown } | undefined
    const fromMatter = typeof matter?.language === 'string' ? matter.language : matter?.lang
    const language = settings.language ?? (typeof fromMatter === 'string' ? fromMatter : 'en')
    const original = (file.data.frontmatter as { originalLanguage?: unknown } | undefined)?.originalLanguage
    const translation = settings.translation ?? (typeof original === 'string' && original.trim() !== '')
    const result = normalizeTree(tree, file, compiled, { mode, language, typography, translation })
    file.data.corrections = [...(file.data.corrections ?? []), ...result.corrections]
    file.data.entities = [...(file.data.entities ?? []), ...result.entities]
  }
}

export default remarkNormalize
