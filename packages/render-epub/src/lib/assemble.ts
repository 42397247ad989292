import { render } from 'ejs'
import { type Chapter, EPub, type Options } from 'epub-gen-memory'
// The list `fixHTML` filters attributes with; read from the library so that
// Colophon protects exactly what it would drop.
import { allowedAttributes } from 'epub-gen-memory/dist/lib/util/constants.js'
import type { Element, ElementContent, Properties } from 'hast'
import { toHtml } from 'hast-util-to-html'
import { toXast } from 'hast-util-to-xast'
import { find, html, svg } from 'property-information'
import type { Element as XastElement } from 'xast'
import type { ContentDocument, Resource, TocEntry } from './package.js'
import { chapterTemplate, navTemplate, ncxTemplate, packageTemplate } from './templates.js'

/** What epub-gen-memory assembles, in Colophon's terms. */
export interface AssemblyInput {
  /** Title of the publication. */
  title: string
  /** BCP 47 language of the publication. */
  language: string
  /** `dtb:uid` of the NCX (the package's identifier). */
  identifier: string
  /** Title of the navigation document. */
  tocTitle: string
  /** Names of the authors (epub-gen-memory's `author`; our templates do not use it). */
  authors: string[]
  /** The OPF `<metadata>` children, escaped XML, indented. */
  opfMetadata: string
  documents: ReadonlyArray<ContentDocument>
  resources: ReadonlyArray<Resource>
  /** Stylesheets every document links (default: the `text/css` resources). */
  stylesheets?: string[] | undefined
  /**
   * Whether every `<img>` must point at a resource (`true` for an EPUB);
   * otherwise an image without bytes keeps its `src`.
   */
  requireImageBytes: boolean
}

/** File name of the navigation document (epub-gen-memory writes it as `toc.xhtml`). */
export const navFilename = 'nav.xhtml'

/** Names epub-gen-memory writes its own files under. */
const reserved = new Set(['toc.xhtml', navFilename, 'toc.ncx', 'content.opf', 'mimetype'])

/** An image record of epub-gen-memory (`util/html.js` `imgSrc`). */
interface EpubImage {
  url: string
  id: string
  extension: string | null
  mediaType: string | null
}

/** An item of the manifest, as the package template reads it. */
interface ManifestItem {
  id: string
  href: string
  mediaType: string
  properties: string
}

/** A chapter as epub-gen-memory receives it: its fields and Colophon's. */
interface AssemblyChapter extends Chapter {
  id: string
  title: string
  filename: string
  content: string
  excludeFromToc: boolean
  beforeToc: boolean
  language: string
  bodyType: string
  toc: TocEntry[]
  landmark: { type: string; title: string } | null
  /** Manifest `properties` (`svg`, `mathml`). */
  properties: string
  stylesheets: string[]
}

/** Colophon's options next to epub-gen-memory's (its validation lets extra keys through). */
interface AssemblyOptions extends Options {
  identifier: string
  opfMetadata: string
  resources: ManifestItem[]
  stylesheets: string[]
  navFilename: string
}

const namespaces = {
  html: 'http://www.w3.org/1999/xhtml',
  svg: 'http://www.w3.org/2000/svg',
  mathml: 'http://www.w3.org/1998/Math/MathML',
}

/** SVG elements whose children are HTML again. */
const integrationPoints = new Set(['foreignObject', 'desc', 'title'])

const allowed = new Set<string>(allowedAttributes)

/** The attribute epub-gen-memory keeps and Colophon never writes: it marks an element whose attributes are kept aside. */
const marker: string = 'about'
const placeholderAlt = ' alt="image-placeholder"'

/** Attributes kept aside for one element. */
interface KeptAttributes {
  tagName: string
  where: string
  attributes: Array<[string, string]>
  /** Remove the `alt="image-placeholder"` epub-gen-memory gives an image without a (non-empty) `alt`. */
  removePlaceholderAlt: boolean
  restored: boolean
}

function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
}

/**
 * Decode the numeric character references dom-serializer (xmlMode) writes for
 * every character above U+007F; the markup characters stay escaped.
 */
export function decodeNonAscii(xml: string): string {
  return xml.replace(/&#x([0-9a-fA-F]+);|&#([0-9]+);/g, (reference, hex?: string, decimal?: string) => {
    const code = hex === undefined ? Number.parseInt(decimal ?? '', 10) : Number.parseInt(hex, 16)
    return code > 0x7f && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
      ? String.fromCodePoint(code)
      : reference
  })
}

/**
 * Everything epub-gen-memory's `fixHTML` would lose from a body, kept aside
 * and put back after it: attributes outside its allow-list (and `about`,
 * whose place the marker takes), the empty or missing `alt` it replaces with
 * `image-placeholder`, the `xmlns` of inline SVG and MathML, the case of SVG
 * element names (htmlparser2 lowercases them).
 */
export class Protection {
  readonly #kept = new Map<string, KeptAttributes>()
  readonly #cased = new Map<string, string>()

  /**
   * Serialize a body for epub-gen-memory: HTML syntax (what htmlparser2
   * parses in HTML mode), every attribute it would drop replaced by a marker.
   *
   * @returns
   *   The HTML, and the manifest properties the body needs.
   */
  protect(body: ReadonlyArray<ElementContent>, where: string): { html: string; properties: string } {
    const found = { svg: false, mathml: false }
    const walk = (nodes: ReadonlyArray<ElementContent>, space: 'html' | 'svg', parent: 'html' | 'svg') =>
      nodes.map(
        (node): ElementContent =>
          node.type === 'element' ? this.#element(node, space, parent, where, found, walk) : node,
      )
    const protectedBody = walk(body, 'html', 'html')
    // HTML syntax, not XML: htmlparser2 (HTML mode) reads `<p/>` as an open `<p>`.
    const html = toHtml(protectedBody, { space: 'html' })
    const properties = [found.mathml ? 'mathml' : '', found.svg ? 'svg' : ''].filter(Boolean).join(' ')
    return { html, properties }
  }

  #element(
    node: Element,
    space: 'html' | 'svg',
    parent: 'html' | 'svg',
    where: string,
    found: { svg: boolean; mathml: boolean },
    walk: (nodes: ReadonlyArray<ElementContent>, space: 'html' | 'svg', parent: 'html' | 'svg') => ElementContent[],
  ): Element {
    const own = space === 'html' && node.tagName === 'svg' ? 'svg' : space
    const childSpace = own === 'svg' && integrationPoints.has(node.tagName) ? 'html' : own
    if (own === 'svg') found.svg = true
    if (node.tagName === 'math') found.mathml = true
    if (node.tagName !== node.tagName.toLowerCase()) this.#cased.set(node.tagName.toLowerCase(), node.tagName)

    // The attributes as an XML serializer writes them (names, values).
    // The attributes as an XML serializer writes them (names, values); the
    // namespace declarations are ours, as the element is taken out of context.
    const shallow = toXast({ ...node, children: [] }, { space }) as XastElement
    if (node.properties.xmlns === undefined) delete shallow.attributes.xmlns
    const attributes = Object.entries(shallow.attributes).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    )
    const keep = new Set<string>()
    const aside: Array<[string, string]> = []
    if (node.properties.xmlns === undefined) {
      if (space === 'html' && node.tagName === 'svg') aside.push(['xmlns', namespaces.svg])
      else if (space === 'html' && node.tagName === 'math') aside.push(['xmlns', namespaces.mathml])
      else if (space === 'html' && parent === 'svg') aside.push(['xmlns', namespaces.html])
    }
    let removePlaceholderAlt = false
    if (node.tagName === 'img' && space === 'html') {
      const src = shallow.attributes.src
      if (!src) throw new Error(`EPUB: an <img> without src in ${where}; epub-gen-memory would remove it`)
      const alt = shallow.attributes.alt
      removePlaceholderAlt = !alt
      if (alt === '') aside.push(['alt', ''])
    }
    for (const [name, value] of attributes) {
      if (name === marker || !allowed.has(name)) aside.push([name, value])
      else if (!(name === 'alt' && value === '' && removePlaceholderAlt)) keep.add(name)
    }

    const schema = own === 'svg' ? svg : html
    const properties: Properties = {}
    for (const [key, value] of Object.entries(node.properties)) {
      if (keep.has(find(schema, key).attribute)) properties[key] = value
    }
    if (aside.length > 0 || removePlaceholderAlt) {
      const token = `colophon-${this.#kept.size + 1}`
      this.#kept.set(token, {
        tagName: node.tagName,
        where,
        attributes: aside,
        removePlaceholderAlt,
        restored: false,
      })
      properties[marker] = token
    }
    return { ...node, properties, children: walk(node.children, childSpace, own) }
  }

  /**
   * Undo what epub-gen-memory's normalization did to a body: characters
   * above U+007F back from references to UTF-8, line breaks in attribute
   * values as references, SVG element names back to their case, the kept
   * attributes back in place of each marker.
   */
  restore(xml: string): string {
    // A line break or tab left raw in an attribute value would be read as a
    // space (XML attribute-value normalization).
    let result = decodeNonAscii(xml).replace(/<[^!?/][^>]*>/g, (tag) =>
      tag.replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;'),
    )
    if (this.#cased.size > 0) {
      result = result.replace(
        /<(\/?)([a-z][a-z0-9]*)(?=[\s/>])/g,
        (_tag, slash: string, name: string) => `<${slash}${this.#cased.get(name) ?? name}`,
      )
    }
    return result.replace(
      new RegExp(`<([^\\s/>!?]+)([^>]*?) ${marker}="([^"]*)"([^>]*)>`, 'g'),
      (_tag, name: string, before: string, token: string, after: string) => {
        const kept = this.#kept.get(token)
        if (!kept || kept.restored) throw new Error(`EPUB: unexpected marker ${marker}="${token}" in <${name}>`)
        kept.restored = true
        const drop = (part: string) => (kept.removePlaceholderAlt ? part.replace(placeholderAlt, '') : part)
        const attributes = kept.attributes.map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`).join('')
        return `<${name}${drop(before)}${attributes}${drop(after)}>`
      },
    )
  }

  /** Fail when an element epub-gen-memory was given did not come back. */
  verify(): void {
    const lost = [...this.#kept.values()].filter((kept) => !kept.restored)
    if (lost.length > 0) {
      const list = lost.map((kept) => `<${kept.tagName}> in ${kept.where}`).join(', ')
      throw new Error(`EPUB: epub-gen-memory lost ${list}`)
    }
  }
}

function manifestItem(resource: Resource): ManifestItem {
  return {
    id: resource.id,
    href: resource.filename,
    mediaType: resource.mediaType,
    properties: resource.properties ?? '',
  }
}

const isImage = (resource: Resource) => resource.mediaType.startsWith('image/')

/**
 * epub-gen-memory, given Colophon's chapters and templates, with its
 * fetching replaced by Colophon's bytes and its normalization made lossless.
 *
 * The constructor hands over the chapters (epub-gen-memory validates and
 * normalizes them), then puts back what the normalization lost and maps its
 * image records to Colophon's files; `files()` renders the package.
 */
export class Assembly extends EPub {
  readonly #resources: ReadonlyArray<Resource>
  readonly #stylesheet: Resource | undefined

  constructor(input: AssemblyInput) {
    for (const document of input.documents) {
      if (reserved.has(document.filename) || !/^[-._A-Za-z0-9]+\.xhtml$/.test(document.filename)) {
        throw new Error(`EPUB: a content document cannot be named \`${document.filename}\``)
      }
    }
    for (const resource of input.resources) {
      if (reserved.has(resource.filename)) throw new Error(`EPUB: a resource cannot be named \`${resource.filename}\``)
    }
    const stylesheet = input.resources.find((resource) => resource.filename === 'style.css')
    const stylesheets =
      input.stylesheets ??
      input.resources.filter((resource) => resource.mediaType === 'text/css').map((resource) => resource.filename)
    const warnings: string[] = []
    const protection = new Protection()
    const chapters = input.documents.map((document): AssemblyChapter => {
      const { html, properties } = protection.protect(document.body, document.filename)
      return {
        id: document.id,
        title: document.title,
        filename: document.filename,
        content: html,
        excludeFromToc: document.toc.length === 0,
        beforeToc: false,
        language: document.language,
        bodyType: document.bodyType ?? '',
        toc: document.toc,
        landmark: document.landmark ?? null,
        properties,
        stylesheets,
      }
    })
    const options: AssemblyOptions = {
      title: input.title,
      author: input.authors,
      lang: input.language,
      tocTitle: input.tocTitle,
      css: stylesheet ? text(stylesheet.data) : '',
      version: 3,
      prependChapterTitles: false,
      numberChaptersInTOC: false,
      tocInTOC: false,
      chapterXHTML: chapterTemplate,
      contentOPF: packageTemplate,
      tocXHTML: navTemplate,
      tocNCX: ncxTemplate,
      verbose: (type, ...args: unknown[]) => {
        if (type === 'warn') warnings.push(args.map(String).join(' '))
      },
      identifier: input.identifier,
      opfMetadata: input.opfMetadata,
      resources: [],
      stylesheets,
      navFilename,
    }
    super(options, chapters)
    if (warnings.length > 0) throw new Error(`EPUB: epub-gen-memory would change the content: ${warnings.join('; ')}`)
    this.#resources = input.resources
    this.#stylesheet = stylesheet

    const content = this.content as unknown as AssemblyChapter[]
    content.forEach((chapter, index) => {
      if (chapter.filename !== input.documents[index]?.filename) {
        throw new Error(
          `EPUB: epub-gen-memory renamed \`${input.documents[index]?.filename}\` to \`${chapter.filename}\``,
        )
      }
      chapter.content = protection.restore(chapter.content)
    })
    protection.verify()

    // Its image records (random ids) become Colophon's files.
    const byFilename = new Map(input.resources.map((resource) => [resource.filename, resource]))
    const images: Array<EpubImage & ManifestItem> = []
    for (const record of this.images as EpubImage[]) {
      const resource = byFilename.get(record.url)
      if (!resource && input.requireImageBytes) {
        throw new Error(
          `EPUB: the image \`${record.url}\` has no bytes in the publication (resolve it with resolveAssets)`,
        )
      }
      const placeholder = `src="images/${record.id}.${record.extension ?? ''}"`
      const target = `src="${escapeAttribute(resource?.filename ?? record.url)}"`
      for (const chapter of content) chapter.content = chapter.content.split(placeholder).join(target)
      if (resource) images.push(Object.assign(record, manifestItem(resource)))
    }
    this.images = images
    const imageFiles = new Set(images.map((image) => image.href))
    ;(this.options as unknown as AssemblyOptions).resources = input.resources
      .filter((resource) => !imageFiles.has(resource.filename))
      .map(manifestItem)
  }

  /** The data epub-gen-memory renders its package templates with (`generateTemplateFiles`). */
  #packageData(): Record<string, unknown> {
    return { ...this.options, id: this.uuid, images: this.images, cover: this.cover, content: this.content }
  }

  /** One of the package templates, rendered as epub-gen-memory renders it. */
  template(name: 'contentOPF' | 'tocXHTML' | 'tocNCX'): string {
    return render(this.options[name], this.#packageData())
  }

  /** A content document, rendered as epub-gen-memory renders it. */
  document(filename: string): string {
    const chapter = this.content.find((candidate) => candidate.filename === filename)
    if (!chapter) throw new Error(`EPUB: no content document \`${filename}\``)
    return render(this.options.chapterXHTML, {
      lang: this.options.lang,
      prependChapterTitles: this.options.prependChapterTitles,
      ...chapter,
    })
  }

  /** Our image bytes, never a download. */
  protected override async downloadAllImages(): Promise<void> {
    for (const resource of this.#resources) {
      if (isImage(resource)) this.zip.file(`OEBPS/${resource.filename}`, resource.data)
    }
  }

  /** Our other files (fonts, …), never a download. */
  protected override async downloadAllFonts(): Promise<void> {
    for (const resource of this.#resources) {
      if (!isImage(resource) && resource !== this.#stylesheet)
        this.zip.file(`OEBPS/${resource.filename}`, resource.data)
    }
  }

  /** The cover is one of the publication's images, written with them. */
  protected override async makeCover(): Promise<void> {}

  /**
   * Render the package and return its files (`mimetype` aside), the
   * navigation document under `nav.xhtml`.
   */
  async files(): Promise<Map<string, Uint8Array>> {
    await this.render()
    const files = new Map<string, Uint8Array>()
    for (const [path, entry] of Object.entries(this.zip.files)) {
      if (entry.dir || path === 'mimetype') continue
      // It writes `style.css` even when the publication has none.
      if (path === 'OEBPS/style.css' && !this.#stylesheet) continue
      files.set(path === 'OEBPS/toc.xhtml' ? `OEBPS/${navFilename}` : path, await entry.async('uint8array'))
    }
    return files
  }
}

function text(data: Uint8Array | string): string {
  return typeof data === 'string' ? data : new TextDecoder().decode(data)
}
