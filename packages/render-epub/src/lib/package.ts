import { escapeXml, type Metadata, toOpf } from '@colophon/remark-metadata'
import { EPub } from 'epub-gen-memory'
import JSZip from 'jszip'

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
  /** File name inside `OEBPS/`. */
  filename: string
  /** Serialized XHTML. */
  xhtml: string
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

function navList(entries: TocEntry[], depth = 0): string {
  const indent = '  '.repeat(depth + 3)
  return [
    `${indent}<ol>`,
    ...entries.map((entry) =>
      entry.children.length > 0
        ? `${indent}  <li><a href="${escapeXml(entry.href)}">${escapeXml(entry.title)}</a>\n${navList(entry.children, depth + 1)}\n${indent}  </li>`
        : `${indent}  <li><a href="${escapeXml(entry.href)}">${escapeXml(entry.title)}</a></li>`,
    ),
    `${indent}</ol>`,
  ].join('\n')
}

/** The EPUB 3 navigation document: table of contents and landmarks. */
export function navDocument(publication: Publication): string {
  const { metadata } = publication
  const toc = publication.documents.flatMap((document) => document.toc)
  if (toc.length === 0) throw new Error('EPUB: the table of contents would be empty')
  const landmarks = publication.documents
    .filter((document) => document.landmark)
    .map(
      (document) =>
        `        <li><a epub:type="${document.landmark?.type}" href="${escapeXml(document.filename)}">${escapeXml(document.landmark?.title ?? '')}</a></li>`,
    )
  const lang = escapeXml(metadata.language)
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="${lang}" xml:lang="${lang}">
  <head>
    <meta charset="utf-8"/>
    <title>${escapeXml(publication.tocTitle)}</title>
    <link rel="stylesheet" type="text/css" href="style.css"/>
  </head>
  <body>
    <nav epub:type="toc" id="toc" role="doc-toc" aria-labelledby="toc-title">
      <h1 id="toc-title">${escapeXml(publication.tocTitle)}</h1>
${navList(toc)}
    </nav>
    <nav epub:type="landmarks" id="landmarks" hidden="hidden" aria-label="Landmarks">
      <ol>
${landmarks.join('\n')}
      </ol>
    </nav>
  </body>
</html>
`
}

function ncxPoints(entries: TocEntry[], counter: { value: number }, depth: number): string {
  return entries
    .map((entry) => {
      const order = ++counter.value
      const pad = '  '.repeat(depth + 2)
      return `${pad}<navPoint id="nav-${order}" playOrder="${order}">
${pad}  <navLabel><text>${escapeXml(entry.title)}</text></navLabel>
${pad}  <content src="${escapeXml(entry.href)}"/>
${ncxPoints(entry.children, counter, depth + 1)}${pad}</navPoint>
`
    })
    .join('')
}

function maxDepth(entries: TocEntry[]): number {
  return entries.reduce((depth, entry) => Math.max(depth, 1 + maxDepth(entry.children)), 0)
}

/** The NCX, for EPUB 2 reading systems. */
export function ncxDocument(publication: Publication): string {
  const toc = publication.documents.flatMap((document) => document.toc)
  return `<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="${escapeXml(publication.metadata.language)}">
  <head>
    <meta name="dtb:uid" content="${escapeXml(publication.metadata.identifier ?? '')}"/>
    <meta name="dtb:depth" content="${maxDepth(toc)}"/>
    <meta name="dtb:totalPageCount" content="0"/>
    <meta name="dtb:maxPageNumber" content="0"/>
  </head>
  <docTitle><text>${escapeXml(publication.metadata.title)}</text></docTitle>
  <navMap>
${ncxPoints(toc, { value: 0 }, 0)}  </navMap>
</ncx>
`
}

/** The OPF package document. */
export function packageDocument(publication: Publication): string {
  const metadata = [
    toOpf(publication.metadata, { date: publication.date }),
    ...(publication.extraMetadata ?? []),
    // For EPUB 2 reading systems.
    ...(publication.coverId ? [`<meta name="cover" content="${publication.coverId}"/>`] : []),
  ]
    .join('\n')
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n')
  const items = [
    '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
    '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>',
    ...publication.resources.map(
      (resource) =>
        `<item id="${resource.id}" href="${escapeXml(resource.filename)}" media-type="${resource.mediaType}"${resource.properties ? ` properties="${resource.properties}"` : ''}/>`,
    ),
    ...publication.documents.map(
      (document) =>
        `<item id="${document.id}" href="${escapeXml(document.filename)}" media-type="application/xhtml+xml"/>`,
    ),
  ]
  const spine = publication.documents.map((document) => `<itemref idref="${document.id}"/>`)
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id" xml:lang="${escapeXml(publication.metadata.language)}">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
${metadata}
  </metadata>
  <manifest>
${items.map((item) => `    ${item}`).join('\n')}
  </manifest>
  <spine toc="ncx">
${spine.map((item) => `    ${item}`).join('\n')}
  </spine>
</package>
`
}

/** epub-gen-memory's generator, exposing the files it rendered. */
class Container extends EPub {
  async renderedFiles(): Promise<Map<string, Uint8Array>> {
    await this.render()
    const files = new Map<string, Uint8Array>()
    for (const [path, entry] of Object.entries(this.zip.files)) {
      if (!entry.dir && path !== 'mimetype') files.set(path, await entry.async('uint8array'))
    }
    return files
  }
}

/** Zip entry dates cannot go before 1980 (MS-DOS time). */
const earliestZipDate = Date.UTC(1980, 0, 1)

/**
 * Package a publication with epub-gen-memory, then rewrite the container
 * deterministically: `mimetype` first and stored, every other entry in a
 * fixed order with the build date, so equal inputs give equal bytes.
 *
 * epub-gen-memory supplies the container and its zip; the package document,
 * navigation, NCX and content documents are Colophon's own (its templates
 * hard-code a random identifier, the current date, `xml:lang="en"` and the
 * rights, and it filters attributes such as `datetime` out of content).
 *
 * @param publication
 *   What goes in.
 * @returns
 *   The EPUB file.
 */
export async function packageEpub(publication: Publication): Promise<Uint8Array> {
  const { metadata } = publication
  const opf = packageDocument(publication)
  const nav = navDocument(publication)
  const ncx = ncxDocument(publication)
  // epub-gen-memory renders its templates with EJS; ours are complete files,
  // so `<%` must not occur in them (escapeXml guarantees it for metadata).
  const literal = (text: string) => text.replace(/<%/g, '<%%')
  const container = new Container(
    {
      title: metadata.title,
      author: metadata.authors.map((person) => person.name),
      publisher: metadata.publisher?.name ?? '',
      description: metadata.description ?? metadata.title,
      lang: metadata.language,
      date: metadata.datePublished ?? publication.date.toISOString(),
      css: '',
      contentOPF: literal(opf),
      tocXHTML: literal(nav),
      tocNCX: literal(ncx),
      chapterXHTML: '<%- content %>',
      prependChapterTitles: false,
      numberChaptersInTOC: false,
      tocInTOC: false,
      version: 3,
      verbose: false,
    },
    publication.documents.map((document) => ({ title: document.id, content: '<p></p>', filename: document.filename })),
  )
  const files = new Map<string, Uint8Array | string>(await container.renderedFiles())
  // Our own versions of everything that carries content or metadata.
  files.delete('OEBPS/toc.xhtml')
  files.delete('OEBPS/style.css')
  files.set('OEBPS/content.opf', opf)
  files.set('OEBPS/nav.xhtml', nav)
  files.set('OEBPS/toc.ncx', ncx)
  for (const document of publication.documents) files.set(`OEBPS/${document.filename}`, document.xhtml)
  for (const resource of publication.resources) files.set(`OEBPS/${resource.filename}`, resource.data)

  const date = new Date(Math.max(publication.date.getTime(), earliestZipDate))
  const zip = new JSZip()
  zip.file('mimetype', 'application/epub+zip', { compression: 'STORE', date, createFolders: false })
  for (const path of [...files.keys()].sort((a, b) => order(a) - order(b) || (a < b ? -1 : 1))) {
    zip.file(path, files.get(path) as Uint8Array | string, { date, createFolders: false })
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
