import type { Element, ElementContent, Root } from 'xast'
import { toXml } from 'xast-util-to-xml'
import { x } from 'xastscript'
import { uniqueKeywords } from './keywords.js'
import { type Metadata, type Person, toDate } from './schema.js'

/** Name written as the creating tool in every edition. */
export const generator = 'Colophon'

/** Escape text for XML content and attribute values. */
export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, item]) => item !== undefined && !(Array.isArray(item) && item.length === 0)),
  ) as T
}

function personLd(person: Person) {
  return compact({
    '@type': 'Person',
    name: person.name,
    jobTitle: person.role,
    affiliation: person.affiliation ? { '@type': 'Organization', name: person.affiliation } : undefined,
  })
}

/** A JSON-LD object (schema.org). */
export type JsonLd = Record<string, unknown>

/**
 * schema.org description of the article: `NewsArticle` when it is dated to
 * the minute or republishes a source, `Article` otherwise.
 *
 * @param metadata
 *   Validated metadata.
 * @returns
 *   JSON-LD, ready for `JSON.stringify`.
 */
export function toJsonLd(metadata: Metadata): JsonLd {
  const source = metadata.source
  const original = source
    ? compact({
        '@type': 'CreativeWork',
        isPartOf: { '@type': 'Periodical', name: source.name },
        datePublished: source.date,
        url: source.url,
        inLanguage: metadata.originalLanguage,
      })
    : undefined
  const translators = metadata.contributors.filter((person) => person.kind === 'translator')
  const editors = metadata.contributors.filter((person) => person.kind === 'editor')
  return compact({
    '@context': 'https://schema.org',
    '@type': source || metadata.datePublished?.includes('T') ? 'NewsArticle' : 'Article',
    '@id': metadata.url ?? metadata.identifier,
    identifier: metadata.identifier,
    url: metadata.url,
    name: metadata.title,
    headline: metadata.headline ?? metadata.title,
    alternativeHeadline: metadata.subtitle,
    description: metadata.description,
    author: metadata.authors.map(personLd),
    translator: translators.map(personLd),
    editor: editors.map(personLd),
    datePublished: metadata.datePublished,
    dateModified: metadata.dateModified,
    inLanguage: metadata.language,
    publisher: metadata.publisher
      ? compact({ '@type': 'Organization', name: metadata.publisher.name, url: metadata.publisher.url })
      : undefined,
    isBasedOn: original,
    translationOfWork:
      original && metadata.originalLanguage && metadata.originalLanguage !== metadata.language ? original : undefined,
    keywords: metadata.keywords.length > 0 ? metadata.keywords.join(', ') : undefined,
    about: metadata.subjects.map((name) => ({ '@type': 'Thing', name })),
    copyrightNotice: metadata.rights,
    license: metadata.license,
    wordCount: metadata.wordCount,
    timeRequired: metadata.readingTimeMinutes === undefined ? undefined : `PT${metadata.readingTimeMinutes}M`,
    mentions: metadata.mentions.map((mention) =>
      compact({ '@type': mention.type, name: mention.name, sameAs: mention.sameAs }),
    ),
  })
}

/**
 * Serialize JSON-LD for an HTML `<script type="application/ld+json">`: `<`
 * is escaped so no text can close the script element.
 */
export function jsonLdScriptContent(value: JsonLd): string {
  return JSON.stringify(value, undefined, 2)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

/** Options of the package mappings. */
export interface MappingOptions {
  /** The build date: `dcterms:modified`, PDF `ModDate`/`CreationDate`. */
  date: Date
}

/** `dcterms:modified` form: `CCYY-MM-DDThh:mm:ssZ`. */
export function toW3cUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`
}

const relator: Record<string, string> = { translator: 'trl', editor: 'edt' }

/** The elements given (a falsy value for one left out), one a line. */
function lines(nodes: ReadonlyArray<Element | false | '' | undefined>): ElementContent[] {
  return nodes
    .filter((node): node is Element => typeof node === 'object')
    .flatMap((node, index): ElementContent[] => (index === 0 ? [node] : [{ type: 'text', value: '\n' }, node]))
}

/**
 * EPUB 3 package metadata: the children of the OPF `<metadata>` element.
 * The unique identifier has the id `pub-id`. Subjects and keywords are one
 * `dc:subject` each.
 *
 * @param metadata
 *   Validated metadata.
 * @param options
 *   The build date (for `dcterms:modified`).
 * @returns
 *   XML elements, one per line.
 */
export function toOpf(metadata: Metadata, options: MappingOptions): string {
  const title = [
    x('dc:title', { id: 'title' }, metadata.title),
    x('meta', { refines: '#title', property: 'title-type' }, 'main'),
  ]
  const subtitle = metadata.subtitle
    ? [
        x('dc:title', { id: 'subtitle' }, metadata.subtitle),
        x('meta', { refines: '#subtitle', property: 'title-type' }, 'subtitle'),
      ]
    : []
  const creators = metadata.authors.flatMap((person, index) => {
    const id = `creator-${index + 1}`
    return [
      x('dc:creator', { id }, person.name),
      x('meta', { refines: `#${id}`, property: 'role', scheme: 'marc:relators' }, 'aut'),
      x('meta', { refines: `#${id}`, property: 'display-seq' }, String(index + 1)),
    ]
  })
  const contributors = metadata.contributors.flatMap((person, index) => {
    const id = `contributor-${index + 1}`
    return [
      x('dc:contributor', { id }, person.name),
      x('meta', { refines: `#${id}`, property: 'role', scheme: 'marc:relators' }, relator[person.kind] ?? 'ctb'),
    ]
  })
  const source = metadata.source
  const elements = [
    x('dc:identifier', { id: 'pub-id' }, metadata.identifier ?? ''),
    ...title,
    ...subtitle,
    x('dc:language', metadata.language),
    ...creators,
    ...contributors,
    metadata.datePublished && x('dc:date', metadata.datePublished),
    source && x('dc:source', [source.name, source.date, source.url].filter(Boolean).join(', ')),
    metadata.publisher && x('dc:publisher', metadata.publisher.name),
    ...uniqueKeywords([...metadata.subjects, ...metadata.keywords]).map((subject) => x('dc:subject', subject)),
    metadata.description && x('dc:description', metadata.description),
    metadata.rights && x('dc:rights', metadata.rights),
    metadata.license && x('meta', { property: 'dcterms:license' }, metadata.license),
    x('meta', { property: 'dcterms:modified' }, toW3cUtc(options.date)),
  ]
  // xast-util-to-xml leaves `>` as is; `]]>` must not appear in XML text.
  return toXml(lines(elements)).replaceAll(']]>', ']]&gt;')
}

/** The PDF document information dictionary. */
export interface PdfInfo {
  Title: string
  Author?: string
  Subject?: string
  Keywords?: string
  Creator: string
  Producer: string
  CreationDate: Date
  ModDate: Date
}

/**
 * PDF document information dictionary.
 *
 * @param metadata
 *   Validated metadata.
 * @param options
 *   The build date (`CreationDate` and `ModDate`).
 * @returns
 *   The Info entries.
 */
export function toPdfInfo(metadata: Metadata, options: MappingOptions): PdfInfo {
  return compact({
    Title: metadata.title,
    Author: metadata.authors.length > 0 ? metadata.authors.map((person) => person.name).join('; ') : undefined,
    Subject: metadata.description,
    Keywords: metadata.keywords.length > 0 ? metadata.keywords.join(', ') : undefined,
    Creator: generator,
    Producer: `${generator} (pdfkit)`,
    CreationDate: options.date,
    ModDate: options.date,
  }) as PdfInfo
}

/** Options of `toXmp`. */
export interface XmpOptions extends MappingOptions {
  /** Declare conformance to PDF/UA-1 (`pdfuaid:part`). */
  pdfUa?: boolean | undefined
}

/**
 * An XMP packet with the same facts as `toPdfInfo` (Dublin Core, XMP basic,
 * Adobe PDF schemas), for the PDF's metadata stream.
 *
 * @param metadata
 *   Validated metadata.
 * @param options
 *   Build date, and whether to declare PDF/UA-1.
 * @returns
 *   The packet, `<?xpacket begin…?>` to `<?xpacket end…?>`.
 */
export function toXmp(metadata: Metadata, options: XmpOptions): string {
  const info = toPdfInfo(metadata, options)
  const date = toW3cUtc(options.date)
  const list = (kind: 'Bag' | 'Seq', items: ReadonlyArray<string>) =>
    x(
      `rdf:${kind}`,
      items.map((item) => x('rdf:li', item)),
    )
  const alt = (value: string) => x('rdf:Alt', [x('rdf:li', { 'xml:lang': 'x-default' }, value)])
  const subjects = uniqueKeywords([...metadata.subjects, ...metadata.keywords])
  const fields = [
    x('dc:format', 'application/pdf'),
    x('dc:title', [alt(metadata.title)]),
    metadata.authors.length > 0 &&
      x('dc:creator', [
        list(
          'Seq',
          metadata.authors.map((person) => person.name),
        ),
      ]),
    metadata.description && x('dc:description', [alt(metadata.description)]),
    subjects.length > 0 && x('dc:subject', [list('Bag', subjects)]),
    x('dc:language', [list('Bag', [metadata.language])]),
    metadata.datePublished && x('dc:date', [list('Seq', [metadata.datePublished])]),
    metadata.identifier && x('dc:identifier', metadata.identifier),
    metadata.publisher && x('dc:publisher', [list('Bag', [metadata.publisher.name])]),
    metadata.source && x('dc:source', metadata.source.name),
    metadata.rights && x('dc:rights', [alt(metadata.rights)]),
    x('xmp:CreatorTool', info.Creator),
    x('xmp:CreateDate', date),
    x('xmp:ModifyDate', date),
    x('xmp:MetadataDate', date),
    x('pdf:Producer', info.Producer),
    info.Keywords && x('pdf:Keywords', info.Keywords),
    options.pdfUa === true && x('pdfuaid:part', '1'),
  ]
  const description = x(
    'rdf:Description',
    {
      'rdf:about': '',
      'xml:lang': metadata.language,
      'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
      'xmlns:xmp': 'http://ns.adobe.com/xap/1.0/',
      'xmlns:pdf': 'http://ns.adobe.com/pdf/1.3/',
      'xmlns:pdfuaid': 'http://www.aiim.org/pdfua/ns/id/',
    },
    '\n',
    lines(fields),
    '\n',
  )
  const packet: Root = x(null, [
    { type: 'instruction', name: 'xpacket', value: 'begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"' },
    '\n',
    x(
      'x:xmpmeta',
      { 'xmlns:x': 'adobe:ns:meta/' },
      '\n',
      x('rdf:RDF', { 'xmlns:rdf': 'http://www.w3.org/1999/02/22-rdf-syntax-ns#' }, '\n', description, '\n'),
      '\n',
    ),
    '\n',
    { type: 'instruction', name: 'xpacket', value: 'end="w"' },
  ])
  return toXml(packet).replaceAll(']]>', ']]&gt;')
}

/**
 * The date that stamps an edition: `SOURCE_DATE_EPOCH` when set (for
 * reproducible builds), else the article's `dateModified` or
 * `datePublished`, else now.
 *
 * @param metadata
 *   Validated metadata.
 * @param environment
 *   Environment variables (default: `process.env`).
 * @returns
 *   The date.
 * @throws {Error}
 *   When `SOURCE_DATE_EPOCH` is not a whole number of seconds.
 */
export function buildDate(
  metadata: Pick<Metadata, 'dateModified' | 'datePublished'>,
  environment: Record<string, string | undefined> = process.env,
): Date {
  const epoch = environment.SOURCE_DATE_EPOCH
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/.test(epoch)) {
      throw new Error(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not ${JSON.stringify(epoch)}`)
    }
    return new Date(Number(epoch) * 1000)
  }
  const known = metadata.dateModified ?? metadata.datePublished
  return known ? toDate(known) : new Date()
}
