/**
 * The logical structure of a tagged PDF, built while the article is laid
 * out: one node per structure element (Document, Art, Sect, H1, P, L, LI,
 * Lbl, LBody, Link, Figure, Table…). A node joins its parent when its first
 * content is drawn, so the tree's order is the drawing order, which is the
 * source order.
 */
import { type PdfDocumentInternals, type PdfRef, pdfText } from './pdfkit-internals.js'

/** Entries of a structure element besides its type and kids. */
export interface StructProperties {
  /** Alternate description (`Alt`), for figures. */
  alt?: string | undefined
  /** Language (`Lang`), when it differs from the document's. */
  lang?: string | undefined
  /** Expansion of an abbreviation (`E`). */
  expansion?: string | undefined
  /** Title (`T`). */
  title?: string | undefined
  /** Attribute dictionaries (`A`), such as list numbering or table scope. */
  attributes?: Record<string, unknown> | Array<Record<string, unknown>> | undefined
}

/** Marked content on a page, by its MCID. */
export interface MarkedContentKid {
  kind: 'content'
  page: PdfRef
  mcid: number
}

/** An annotation (a link) that belongs to an element. */
export interface AnnotationKid {
  kind: 'annotation'
  page: PdfRef
  annotation: PdfRef
}

/** A kid of a structure element. */
export type StructKid = StructNode | MarkedContentKid | AnnotationKid

/** A structure element. */
export class StructNode {
  readonly type: string
  readonly parent: StructNode | undefined
  readonly properties: StructProperties
  readonly kids: StructKid[] = []
  #attached: boolean
  #ref: PdfRef | undefined

  constructor(type: string, parent?: StructNode | undefined, properties: StructProperties = {}) {
    this.type = type
    this.parent = parent
    this.properties = properties
    this.#attached = parent === undefined
  }

  /** A new element inside this one (attached when it gets content). */
  child(type: string, properties: StructProperties = {}): StructNode {
    return new StructNode(type, this, properties)
  }

  /** Whether the element is part of the tree (has content, or is the root). */
  get attached(): boolean {
    return this.#attached
  }

  /** Join the tree, after the parent's kids so far (the parent joins first). */
  attach(): void {
    if (this.#attached || !this.parent) return
    this.parent.attach()
    this.parent.kids.push(this)
    this.#attached = true
  }

  /** The element's PDF object, allocated on first use. */
  ref(doc: PdfDocumentInternals): PdfRef {
    this.#ref ??= doc.ref({ Type: 'StructElem', S: this.type })
    return this.#ref
  }

  /** Names of this element and its attached descendants, depth first (for tests and debugging). */
  outline(depth = 0): string[] {
    const lines = [`${'  '.repeat(depth)}${this.type}`]
    for (const kid of this.kids) if (kid instanceof StructNode) lines.push(...kid.outline(depth + 1))
    return lines
  }
}

/**
 * Write the structure tree below `StructTreeRoot`: every attached element
 * with its parent, kids (MCIDs on its page, marked-content references on
 * other pages, object references to annotations) and properties.
 */
export function writeStructure(doc: PdfDocumentInternals, root: StructNode): void {
  const treeRoot = doc.getStructTreeRoot()
  const write = (node: StructNode, parent: PdfRef) => {
    const ref = node.ref(doc)
    const data = ref.data
    data.P = parent
    const kids: unknown[] = []
    for (const kid of node.kids) {
      if (kid instanceof StructNode) {
        kids.push(kid.ref(doc))
      } else if (kid.kind === 'content') {
        data.Pg ??= kid.page
        kids.push(data.Pg === kid.page ? kid.mcid : { Type: 'MCR', Pg: kid.page, MCID: kid.mcid })
      } else {
        kids.push({ Type: 'OBJR', Pg: kid.page, Obj: kid.annotation })
      }
    }
    data.K = kids
    const { alt, lang, expansion, title, attributes } = node.properties
    if (alt !== undefined) data.Alt = pdfText(alt)
    if (lang !== undefined) data.Lang = pdfText(lang)
    if (expansion !== undefined) data.E = pdfText(expansion)
    if (title !== undefined) data.T = pdfText(title)
    if (attributes !== undefined) data.A = attributes
    for (const kid of node.kids) if (kid instanceof StructNode) write(kid, ref)
    ref.end()
  }
  write(root, treeRoot)
  treeRoot.data.K = [root.ref(doc)]
}
