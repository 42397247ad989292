/**
 * Optimal line breaking (Knuth and Plass, "Breaking paragraphs into lines",
 * Software: Practice and Experience 11, 1981), as TeX does it: the
 * paragraph is a list of boxes (text), glue (spaces) and penalties (places
 * to break inside a word); every break whose line can be set with its
 * spaces stretched at most `tolerance` times their stretchability (or
 * shrunk at most fully) is a candidate, and the chain of candidates with
 * the least total demerits wins. Demerits are TeX's: (line penalty +
 * badness)², plus the break's penalty², plus extra demerits for two
 * hyphenated lines in a row, for a hyphen on the last full line, and for
 * neighbouring lines of very different tightness (fitness classes: tight,
 * decent, loose, very loose; neighbours more than one class apart cost
 * `adjacentDemerits`). As in TeX, a first pass tries the paragraph without
 * hyphenating (breaking only at spaces, dashes and the words' own hyphens)
 * at a stricter tolerance, and words are hyphenated only when that fails.
 * Beyond TeX, never more than two lines in a row end inside a word, and the
 * last word of a paragraph is never hyphenated.
 */
import {
  type BreakSettings,
  type Glue,
  type Hyphen,
  type Item,
  type Part,
  slicePart,
  type Word,
  type WordBreak,
} from './words.js'

/** A line the breaker chose. */
export interface ChosenLine {
  items: Item[]
  /** Ends the paragraph, or ends at a forced break: set at natural width. */
  last: boolean
  /** Ends inside a word. */
  brokenWord: boolean
  /** Its fitness class: 0 tight, 1 decent, 2 loose, 3 very loose. */
  fitness: number
}

type Node =
  | { type: 'box'; width: number; part: Part }
  | { type: 'glue'; width: number; stretch: number; shrink: number; glue: Glue | undefined }
  | { type: 'penalty'; width: number; penalty: number; flagged: boolean; hyphen: Hyphen | undefined }

interface Active {
  /** Node index of the break (-1: the paragraph's start). */
  index: number
  line: number
  fitness: number
  /** Totals from the paragraph's start to just after the break. */
  width: number
  stretch: number
  shrink: number
  demerits: number
  flagged: boolean
  /** Lines in a row, up to this one, that end inside a word. */
  hyphens: number
  previous: Active | undefined
}

/** How a pass of the breaker runs. */
export interface PassOptions {
  /** The most a line's spaces may stretch, as a multiple of their stretchability. */
  tolerance: number
  /** Break at the hyphenation points (else only at spaces, dashes and hard hyphens). */
  hyphenate: boolean
  /**
   * TeX's `\emergencystretch`, in points: stretchability added to every line
   * when judging it (not when setting it), so that in a paragraph that
   * cannot be set within the tolerance the extra space is shared evenly by
   * its lines instead of falling on a few (default: 0).
   */
  emergencyStretch?: number | undefined
}

const infinity = 10000
/** Stretch of the glue that ends a paragraph (or a forced break): far more than any line needs. */
const fill = 1e6
const linePenalty = 10
/**
 * TeX's `\hyphenpenalty` (plain TeX: 50), raised to 1000: a hyphen costs
 * about as much as a line whose spaces stretch twice their stretchability,
 * so words are hyphenated only to avoid really loose lines.
 */
const hyphenPenalty = 1000
/** TeX's `\exhyphenpenalty`: a break at a word's own hyphen or dash. */
const explicitHyphenPenalty = 50
/** TeX's `\doublehyphendemerits`: two lines in a row ending inside a word. */
const doubleHyphenDemerits = 10000
/** TeX's `\finalhyphendemerits`: the last full line ending inside a word. */
const finalHyphenDemerits = 5000
/**
 * TeX's `\adjdemerits` (10000): neighbouring lines more than one fitness
 * class apart (a tight line beside a loose one). Raised to weigh as much as
 * a line stretched to twice its spaces' stretchability, so the contrast is
 * avoided even among loose lines.
 */
const adjacentDemerits = 1_000_000
/** The most lines in a row that may end inside a word. */
export const maxConsecutiveHyphens = 2

function hyphenOf(part: Part): Hyphen {
  return {
    hyphen: true,
    format: part.format,
    face: part.face,
    size: part.size,
    rise: part.rise,
    style: part.style,
    run: part.run,
    width: part.face.breakHyphen.advance * part.size,
  }
}

const noBreaks: ReadonlyArray<WordBreak> = []

/** Words to boxes, glue and penalties (without the hyphenation points, when `hyphenate` is off). */
function nodesOf(words: ReadonlyArray<Word>, hyphenate: boolean): Node[] {
  const nodes: Node[] = []
  const end = () => {
    nodes.push({ type: 'glue', width: 0, stretch: fill, shrink: 0, glue: undefined })
    nodes.push({ type: 'penalty', width: 0, penalty: -infinity, flagged: false, hyphen: undefined })
  }
  words.forEach((word, wordIndex) => {
    // The last word of a paragraph (or before a forced break) is never hyphenated: no runt "-ing." line.
    const last = word.forced || wordIndex === words.length - 1
    const previous = nodes.at(-1)
    const afterForced = previous?.type === 'penalty' && previous.penalty <= -infinity
    if (word.glue && nodes.length > 0 && !afterForced) {
      const { width, stretch, shrink } = word.glue
      nodes.push({ type: 'glue', width, stretch, shrink, glue: word.glue })
    }
    word.parts.forEach((part, index) => {
      const cuts =
        word.breaks.length === 0
          ? noBreaks
          : word.breaks
              .filter((item) => item.part === index && !(item.hyphen && (last || !hyphenate)))
              .sort((a, b) => a.offset - b.offset)
      let start = 0
      for (const cut of cuts) {
        if (cut.offset > start) {
          const piece = start === 0 && cut.offset >= part.text.length ? part : slicePart(part, start, cut.offset)
          nodes.push({ type: 'box', width: piece.width, part: piece })
        }
        const hyphen = cut.hyphen ? hyphenOf(part) : undefined
        nodes.push({
          type: 'penalty',
          width: hyphen?.width ?? 0,
          penalty: cut.hyphen ? hyphenPenalty : explicitHyphenPenalty,
          flagged: true,
          hyphen,
        })
        start = cut.offset
      }
      if (start < part.text.length) {
        const piece = start === 0 ? part : slicePart(part, start)
        nodes.push({ type: 'box', width: piece.width, part: piece })
      }
    })
    if (word.forced) end()
  })
  const final = nodes.at(-1)
  if (!(final?.type === 'penalty' && final.penalty <= -infinity)) end()
  return nodes
}

/**
 * A paragraph's boxes, glue and penalties, with its hyphenation points
 * (`true`) or without: made once for all the passes over its words.
 */
export type NodeCache = Map<boolean, ReadonlyArray<Node>>

/**
 * The best breaks of a paragraph.
 *
 * @param words
 *   The paragraph's words.
 * @param settings
 *   Line shapes.
 * @param pass
 *   The tolerance, and whether words may be hyphenated.
 * @param cache
 *   Nodes of earlier passes over the same words (filled by this one).
 * @returns
 *   The lines, or `undefined` when no set of breaks stays within the tolerance.
 */
export function optimalBreaks(
  words: ReadonlyArray<Word>,
  settings: BreakSettings,
  pass: PassOptions,
  cache: NodeCache = new Map(),
): ChosenLine[] | undefined {
  const { tolerance } = pass
  const emergency = pass.emergencyStretch ?? 0
  let nodes = cache.get(pass.hyphenate)
  if (!nodes) {
    nodes = nodesOf(words, pass.hyphenate)
    cache.set(pass.hyphenate, nodes)
  }
  const actives: Active[] = [
    {
      index: -1,
      line: 0,
      fitness: 1,
      width: 0,
      stretch: 0,
      shrink: 0,
      demerits: 0,
      flagged: false,
      hyphens: 0,
      previous: undefined,
    },
  ]
  let width = 0
  let stretch = 0
  let shrink = 0
  // The best way to each fitness class, for each count of hyphenated lines in a row (the key: fitness
  // class × (maxConsecutiveHyphens + 1) + count): the active it comes from and its demerits. Arrays
  // filled again at each break weighed, instead of an object per candidate.
  const classes = maxConsecutiveHyphens + 1
  const bestFrom: Array<Active | undefined> = new Array(4 * classes).fill(undefined)
  const bestDemerits = new Float64Array(4 * classes)

  const consider = (index: number, node: Node) => {
    const penalty = node.type === 'penalty' ? node.penalty : 0
    const forced = penalty <= -infinity
    const flagged = node.type === 'penalty' && node.flagged
    bestFrom.fill(undefined)
    let found = false
    // The actives that stay, compacted in place.
    let kept = 0
    const count = actives.length
    for (let at = 0; at < count; at++) {
      const active = actives[at] as Active
      const shape = settings.shape(active.line)
      const natural = width - active.width + (node.type === 'penalty' ? node.width : 0)
      let ratio: number
      // How the line is set (its fitness class), and how it is judged (with the emergency stretch).
      let setRatio: number
      if (natural < shape.width) {
        const room = stretch - active.stretch
        setRatio = room > 0 ? (shape.width - natural) / room : Number.POSITIVE_INFINITY
        ratio = room + emergency > 0 ? (shape.width - natural) / (room + emergency) : Number.POSITIVE_INFINITY
      } else if (natural > shape.width) {
        const room = shrink - active.shrink
        ratio = room > 0 ? (shape.width - natural) / room : Number.NEGATIVE_INFINITY
        setRatio = ratio
      } else {
        ratio = 0
        setRatio = 0
      }
      if (ratio >= -1 && !forced) actives[kept++] = active
      if (ratio < -1 || ratio > tolerance) continue
      const hyphens = flagged ? active.hyphens + 1 : 0
      if (hyphens > maxConsecutiveHyphens) continue
      const badness = Math.min(infinity, 100 * Math.abs(ratio) ** 3)
      let demerits = (linePenalty + badness) ** 2
      if (penalty >= 0) demerits += penalty ** 2
      else if (!forced) demerits -= penalty ** 2
      if (flagged && active.flagged) demerits += doubleHyphenDemerits
      if (forced && active.flagged) demerits += finalHyphenDemerits
      const fitness = setRatio < -0.5 ? 0 : setRatio <= 0.5 ? 1 : setRatio <= 1 ? 2 : 3
      if (Math.abs(fitness - active.fitness) > 1) demerits += adjacentDemerits
      demerits += active.demerits
      const key = fitness * classes + hyphens
      if (!bestFrom[key] || demerits < (bestDemerits[key] as number)) {
        bestFrom[key] = active
        bestDemerits[key] = demerits
      }
      found = true
    }
    actives.length = kept
    if (!found) return
    // Totals after the break: the glue and penalties that follow it vanish at a line start.
    let afterWidth = width
    let afterStretch = stretch
    let afterShrink = shrink
    for (let next = index; next < nodes.length; next++) {
      const following = nodes[next] as Node
      if (following.type === 'box') break
      if (following.type === 'glue') {
        afterWidth += following.width
        afterStretch += following.stretch
        afterShrink += following.shrink
      } else if (following.penalty <= -infinity && next > index) break
    }
    for (let key = 0; key < bestFrom.length; key++) {
      const from = bestFrom[key]
      if (!from) continue
      actives.push({
        index,
        line: from.line + 1,
        fitness: Math.floor(key / classes),
        width: afterWidth,
        stretch: afterStretch,
        shrink: afterShrink,
        demerits: bestDemerits[key] as number,
        flagged,
        hyphens: key % classes,
        previous: from,
      })
    }
  }

  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index] as Node
    if (node.type === 'box') {
      width += node.width
    } else if (node.type === 'glue') {
      if (index > 0 && nodes[index - 1]?.type === 'box') consider(index, node)
      width += node.width
      stretch += node.stretch
      shrink += node.shrink
    } else if (node.penalty < infinity) {
      consider(index, node)
    }
    if (actives.length === 0) return undefined
  }

  let chosen: Active | undefined
  for (const active of actives) {
    if (active.index === nodes.length - 1 && (!chosen || active.demerits < chosen.demerits)) chosen = active
  }
  if (!chosen) return undefined
  const breaks: Active[] = []
  for (let at: Active | undefined = chosen; at?.previous; at = at.previous) breaks.unshift(at)
  const lines: ChosenLine[] = []
  let start = 0
  for (const at of breaks) {
    const items: Item[] = []
    for (let index = start; index < at.index; index++) {
      const node = nodes[index] as Node
      if (node.type === 'box') items.push(node.part)
      else if (node.type === 'glue' && node.glue) items.push(node.glue)
    }
    const end = nodes[at.index] as Node
    const forced = end.type === 'penalty' && end.penalty <= -infinity
    if (end.type === 'penalty' && end.hyphen) items.push(end.hyphen)
    lines.push({ items, last: forced, brokenWord: end.type === 'penalty' && !forced, fitness: at.fitness })
    start = at.index + 1
  }
  return lines
}

/** Neighbouring lines more than one fitness class apart. */
export function contrasts(lines: ReadonlyArray<ChosenLine>): number {
  let count = 0
  for (let index = 1; index < lines.length; index++) {
    if (Math.abs((lines[index] as ChosenLine).fitness - (lines[index - 1] as ChosenLine).fitness) > 1) count++
  }
  return count
}
