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

/**
 * EPUB 3 package metadata: the children of the OPF `<metadata>` element.
 * The unique identifier has the id `pub-id`.
 *
 * @param metadata
 *   Validated metadata.
 * @param options
 *   The build date (for `dcterms:modified`).
 * @returns
 *   XML elements, one per line.
 */
export function toOpf(metadata: Metadata, options: MappingOptions): string {
  const lines: string[] = []
  const element = (name: string, value: string, attributes = '') =>
    lines.push(`<${name}${attributes}>${escapeXml(value)}</${name}>`)
  element('dc:identifier', metadata.identifier ?? '', ' id="pub-id"')
  element('dc:title', metadata.title, ' id="title"')
  element('meta', 'main', ' refines="#title" property="title-type"')
  if (metadata.subtitle) {
    element('dc:title', metadata.subtitle, ' id="subtitle"')
    element('meta', 'subtitle', ' refines="#subtitle" property="title-type"')
  }
  element('dc:language', metadata.language)
  metadata.authors.forEach((person, index) => {
    const id = `creator-${index + 1}`
    element('dc:creator', person.name, ` id="${id}"`)
    element('meta', 'aut', ` refines="#${id}" property="role" scheme="marc:relators"`)
    element('meta', String(index + 1), ` refines="#${id}" property="display-seq"`)
  })
  metadata.contributors.forEach((person, index) => {
    const id = `contributor-${index + 1}`
    element('dc:contributor', person.name, ` id="${id}"`)
    element('meta', relator[person.kind] ?? 'ctb', ` refines="#${id}" property="role" scheme="marc:relators"`)
  })
  if (metadata.datePublished) element('dc:date', metadata.datePublished)
  if (metadata.source) {
    const parts = [metadata.source.name, metadata.source.date, metadata.source.url].filter(Boolean)
    element('dc:source', parts.join(', '))
  }
  if (metadata.publisher) element('dc:publisher', metadata.publisher.name)
  for (const subject of [...metadata.subjects, ...metadata.keywords]) element('dc:subject', subject)
  if (metadata.description) element('dc:description', metadata.description)
  if (metadata.rights) element('dc:rights', metadata.rights)
  if (metadata.license) element('meta', metadata.license, ' property="dcterms:license"')
  element('meta', toW3cUtc(options.date), ' property="dcterms:modified"')
  return lines.join('\n')
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
  const lang = escapeXml(metadata.language)
  const list = (tag: string, items: string[]) =>
    `<rdf:${tag}>${items.map((item) => `<rdf:li>${escapeXml(item)}</rdf:li>`).join('')}</rdf:${tag}>`
  const alt = (value: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(value)}</rdf:li></rdf:Alt>`
  const fields = [
    `<dc:format>application/pdf</dc:format>`,
    `<dc:title>${alt(metadata.title)}</dc:title>`,
    metadata.authors.length > 0
      ? `<dc:creator>${list(
          'Seq',
          metadata.authors.map((person) => person.name),
        )}</dc:creator>`
      : '',
    metadata.description ? `<dc:description>${alt(metadata.description)}</dc:description>` : '',
    metadata.keywords.length + metadata.subjects.length > 0
      ? `<dc:subject>${list('Bag', [...metadata.subjects, ...metadata.keywords])}</dc:subject>`
      : '',
    `<dc:language>${list('Bag', [metadata.language])}</dc:language>`,
    metadata.datePublished ? `<dc:date>${list('Seq', [metadata.datePublished])}</dc:date>` : '',
    metadata.identifier ? `<dc:identifier>${escapeXml(metadata.identifier)}</dc:identifier>` : '',
    metadata.publisher ? `<dc:publisher>${list('Bag', [metadata.publisher.name])}</dc:publisher>` : '',
    metadata.source ? `<dc:source>${escapeXml(metadata.source.name)}</dc:source>` : '',
    metadata.rights ? `<dc:rights>${alt(metadata.rights)}</dc:rights>` : '',
    `<xmp:CreatorTool>${escapeXml(info.Creator)}</xmp:CreatorTool>`,
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    `<pdf:Producer>${escapeXml(info.Producer)}</pdf:Producer>`,
    info.Keywords ? `<pdf:Keywords>${escapeXml(info.Keywords)}</pdf:Keywords>` : '',
    options.pdfUa ? '<pdfuaid:part>1</pdfuaid:part>' : '',
  ].filter(Boolean)
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    `<rdf:Description rdf:about="" xml:lang="${lang}" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">`,
    ...fields,
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n')
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
