import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Resource } from './package.js'

/** A font face to embed. */
export interface EmbeddedFont {
  /** CSS family name. */
  family: string
  weight: number
  style: 'normal' | 'italic'
  /** The font file (TTF or OTF). */
  data: Uint8Array
}

const require = createRequire(import.meta.url)
const notoSerif: Array<[string, number, 'normal' | 'italic']> = [
  ['400Regular/NotoSerif_400Regular.ttf', 400, 'normal'],
  ['400Regular_Italic/NotoSerif_400Regular_Italic.ttf', 400, 'italic'],
  ['700Bold/NotoSerif_700Bold.ttf', 700, 'normal'],
  ['700Bold_Italic/NotoSerif_700Bold_Italic.ttf', 700, 'italic'],
]

/** Noto Serif (SIL Open Font License), regular, italic, bold and bold italic. */
export function defaultFonts(): EmbeddedFont[] {
  return notoSerif.map(([file, weight, style]) => ({
    family: 'Noto Serif',
    weight,
    style,
    data: readFileSync(require.resolve(`@expo-google-fonts/noto-serif/${file}`)),
  }))
}

/**
 * Subset fonts to the characters a publication uses (WOFF2, with
 * harfbuzz through `subset-font`), and the `@font-face` rules that load them.
 *
 * @param fonts
 *   The faces.
 * @param text
 *   Every character the publication shows.
 * @returns
 *   The font files and their CSS.
 */
export async function embedFonts(
  fonts: ReadonlyArray<EmbeddedFont>,
  text: string,
): Promise<{ resources: Resource[]; css: string }> {
  const characters = [...new Set(text)].sort().join('')
  // Loaded when fonts are embedded: harfbuzz and the WOFF2 encoder cost about 0.1 s to load.
  const { default: subsetFont } = await import('subset-font')
  const resources: Resource[] = []
  const rules: string[] = []
  for (const [index, font] of fonts.entries()) {
    const data = await subsetFont(Buffer.from(font.data), characters, { targetFormat: 'woff2' })
    const filename = `fonts/font-${index + 1}.woff2`
    resources.push({ id: `font-${index + 1}`, filename, mediaType: 'font/woff2', data: new Uint8Array(data) })
    rules.push(
      `@font-face {\n  font-family: "${font.family}";\n  font-weight: ${font.weight};\n  font-style: ${font.style};\n  src: url("${filename}") format("woff2");\n}`,
    )
  }
  const family = fonts[0]?.family
  if (family) rules.push(`body {\n  font-family: "${family}", serif;\n}`)
  return { resources, css: `${rules.join('\n\n')}\n` }
}
