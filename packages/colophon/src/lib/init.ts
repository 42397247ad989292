import { mkdir, readdir } from 'node:fs/promises'
import path from 'node:path'
import { UserError } from './errors.js'
import { writeAtomic } from './write.js'

/** The configuration `colophon init` writes: every key, commented. */
export const configTemplate = `# Colophon configuration. Paths are relative to this file.
# Every key is optional; the JSON Schema is node_modules/colophon/config.schema.json.
# yaml-language-server: $schema=node_modules/colophon/config.schema.json

# Inputs (globs). .txt is read as plain text, anything else as Markdown.
sources:
  - article.txt

# Output folder, and the editions to build.
out: dist
formats: [html, pdf, epub]

# Dictionaries of names and terms to correct, besides the bundled one.
dictionaries: []
defaultDictionary: true

# UTC offset of datelines that give a time ("2024-01-31 10:45").
# timeZone: "+05:00"

# A fixed build date for every edition (else SOURCE_DATE_EPOCH, else the article's date, else the current time).
# date: "2024-01-31"

# Metadata used when the text and its front matter say nothing...
defaults:
  language: en
  # publisher: { name: Example Press, url: "https://example.org/" }
  # rights: "© 2024 Example Press"

# ...and metadata that overrides them.
# metadata:
#   originalLanguage: zh
#   source: { name: Kazakhstanskaya Pravda, date: "2022-09-13" }

# List the corrections in every edition.
editorialNotes: true

# Raw HTML in Markdown: sanitize (keep what is safe) or drop.
rawHtml: sanitize

# Fetch http(s) images (with a timeout); otherwise they are refused.
allowRemoteAssets: false

# HTML edition: inline images as data: URLs, or copy them next to the HTML.
html:
  images: inline

# PDF edition: paper, margins (points), text size, fonts (files; fallback fonts
# are tried for characters Noto Serif lacks, such as Chinese).
pdf:
  size: A4
  # margins: 72
  # fontSize: 10.5
  # fonts: { fallback: [fonts/NotoSerifSC-Regular.otf] }
  tagged: true

# EPUB edition: embed Noto Serif (subset), split at a heading depth, title page.
epub:
  embedFonts: false
  # split: 2
  titlePage: true

# Combine the sources, in order, into one publication per format.
# book:
#   title: My anthology
#   name: anthology          # output file name
#   cover: generate          # or an image file
#   metadata:
#     publisher: { name: Example Press }
`

/** The example article `colophon init` writes. */
export const articleTemplate = `Wind farms on the steppe double their output
2024-07-02 12:21

ALMATY -- Wind farms in the Zhambyl region produced twice as much electricity this summer as last year, the regional government said on Tuesday.

The 100 MW Zanatas farm alone supplied a town of 50,000 people, and two more farms will open before the end of the decade.

-The farms are built with Chinese partners.

-Their turbines stand on the open steppe between Taraz and Shymkent.
`

/**
 * Write a commented configuration and an example article into an empty
 * folder (created if missing).
 *
 * @returns
 *   The paths written.
 * @throws {UserError}
 *   When the folder is not empty.
 */
export async function init(folder: string): Promise<string[]> {
  await mkdir(folder, { recursive: true })
  const present = (await readdir(folder)).filter((name) => !name.startsWith('.'))
  if (present.length > 0) {
    throw new UserError(
      `${folder} is not empty (${present.slice(0, 3).join(', ')}${present.length > 3 ? ', …' : ''}); run colophon init in an empty folder`,
    )
  }
  const written = [path.join(folder, 'colophon.config.yaml'), path.join(folder, 'article.txt')]
  await writeAtomic(written[0] as string, configTemplate)
  await writeAtomic(written[1] as string, articleTemplate)
  return written
}
