import { escapeXml, type Metadata, toOpf } from '@colophon/metadata'
import type { ElementContent } from 'hast'
import JSZip from 'jszip'
import { Assembly, type AssemblyInput } from './assemble.js'

/** An entry of the table of contents. */
export interface TocEntry {
  /** Text of the entry. */
  title: string
  /** Target, relative to the package document (`article.xhtml#id`). */
  href: string
  /** Nested entries. */
  children: TocEntry[]
}

/** A content document of the publication, in reading order. */
export interface ContentDocument {
  /** Manifest id (an XML name). */
  id: string
  /** File name inside `OEBPS/` (letters, digits, `-`, `_`, `.`; ends in `.xhtml`). */
  filename: string
  /** `<title>` of the document. */
  title: string
  /** BCP 47 language of the document (`lang` and `xml:lang`). */
  language: string
  /** Children of `<body>`, as hast. */
  body: ElementContent[]
  /** `epub:type` of the body (for example `frontmatter`). */
  bodyType?: string | undefined
  /** Table-of-contents entries pointing into this document. */
  toc: TocEntry[]
  /** Landmark (`epub:type`) of the document, such as `titlepage` or `bodymatter`. */
  landmark?: { type: string; title: string } | undefined
}

/** An extra file of the publication (stylesheet, image, font). */
export interface Resource {
  id: string
  /** File name inside `OEBPS/`. */
  filename: string
  mediaType: string
  data: Uint8Array | string
  /** OPF manifest `properties` (such as `cover-image`). */
  properties?: string | undefined
}

/** Everything that goes into the EPUB package. */
export interface Publication {
  metadata: Metadata
  /** Build date: `dcterms:modified` and the date of every zip entry. */
  date: Date
  documents: ContentDocument[]
  resources: Resource[]
  /** Title of the navigation document. */
  tocTitle: string
  /** Extra `<meta>` elements for the OPF metadata (accessibility, …). */
  extraMetadata?: string[] | undefined
  /** Manifest id of the cover image, if any. */
  coverId?: string | undefined
}

/** What epub-gen-memory is given for a publication. */
function assemblyInput(publication: Publication): AssemblyInput {
  const { metadata } = publication
  const opfMetadata = [
    toOpf(metadata, { date: publication.date }),
    ...(publication.extraMetadata ?? []),
    // For EPUB 2 reading systems.
    ...(publication.coverId ? [`<meta name="cover" content="${escapeXml(publication.coverId)}"/>`] : []),
  ]
    .join('\n')
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n')
  return {
    title: metadata.title,
    language: metadata.language,
    identifier: metadata.identifier ?? '',
    tocTitle: publication.tocTitle,
    authors: metadata.authors.map((person) => person.name),
    opfMetadata,
    documents: publication.documents,
    resources: publication.resources,
    requireImageBytes: true,
  }
}

function assemble(publication: Publication): Assembly {
  if (publication.documents.every((document) => document.toc.length === 0)) {
    throw new Error('EPUB: the table of contents would be empty')
  }
  return new Assembly(assemblyInput(publication))
}

/** The EPUB 3 navigation document (table of contents and landmarks), as `packageEpub` writes it. */
export function navDocument(publication: Publication): string {
  return assemble(publication).template('tocXHTML')
}

/** The NCX, for EPUB 2 reading systems, as `packageEpub` writes it. */
export function ncxDocument(publication: Publication): string {
  return assemble(publication).template('tocNCX')
}

/** The OPF package document, as `packageEpub` writes it. */
export function packageDocument(publication: Publication): string {
  return assemble(publication).template('contentOPF')
}

/** Zip entry dates cannot go before 1980 (MS-DOS time). */
const earliestZipDate = Date.UTC(1980, 0, 1)

/**
 * Package a publication: epub-gen-memory assembles it (EPUB 3, with
 * Colophon's templates for the content documents, the package document, the
 * navigation document and the NCX), then a deterministic pass rewrites the
 * container: `mimetype` first and stored, every other entry in a fixed order
 * with the build date, so equal inputs give equal bytes.
 *
 * What epub-gen-memory would lose is kept around it (see `Assembly`):
 * attributes outside its allow-list, empty `alt`, non-ASCII text as
 * character references, image names (random) and bytes (downloaded).
 *
 * @param publication
 *   What goes in.
 * @returns
 *   The EPUB file.
 */
export async function packageEpub(publication: Publication): Promise<Uint8Array> {
  const files = await assemble(publication).files()
  const date = new Date(Math.max(publication.date.getTime(), earliestZipDate))
  const zip = new JSZip()
  zip.file('mimetype', 'application/epub+zip', { compression: 'STORE', date, createFolders: false })
  for (const path of [...files.keys()].sort((a, b) => order(a) - order(b) || (a < b ? -1 : 1))) {
    zip.file(path, files.get(path) as Uint8Array, { date, createFolders: false })
  }
  return zip.generateAsync({
    type: 'uint8array',
    mimeType: 'application/epub+zip',
    compression: 'DEFLATE',
    compressionOptions: { level: 9 },
    platform: 'UNIX',
  })
}

/** META-INF first, then the package document, then the rest. */
function order(path: string): number {
  if (path.startsWith('META-INF/')) return 0
  if (path.endsWith('.opf')) return 1
  return 2
}
