/**
 * A multi-pattern literal matcher (Aho-Corasick): built once for any number
 * of patterns, it finds every occurrence of every pattern in one pass over a
 * text, so its cost grows with the text and the number of hits, not with the
 * number of patterns.
 */
export class LiteralMatcher {
  /** Goto function: one map per state, code unit -> next state. */
  private readonly next: Array<Map<number, number>> = [new Map()]
  /** Failure link per state. */
  private fail: Int32Array = new Int32Array(1)
  /** Pattern ids that end in a state (its own, not its suffixes). */
  private readonly ends: Array<number[] | undefined> = [undefined]
  /** Nearest state along the failure chain that ends a pattern. */
  private outputLink: Int32Array = new Int32Array(1)
  /** Depth of each state: the length of the pattern that ends there. */
  private readonly depths: number[] = [0]
  private built = false

  /**
   * Add a pattern.
   *
   * @param pattern
   *   Non-empty literal text.
   * @param id
   *   Number reported with each hit of this pattern.
   */
  add(pattern: string, id: number): void {
    if (this.built) throw new Error('LiteralMatcher: cannot add patterns after the first search')
    if (pattern.length === 0) throw new Error('LiteralMatcher: empty pattern')
    let state = 0
    for (let index = 0; index < pattern.length; index++) {
      const code = pattern.charCodeAt(index)
      const transitions = this.next[state] as Map<number, number>
      let target = transitions.get(code)
      if (target === undefined) {
        target = this.next.length
        this.next.push(new Map())
        this.ends.push(undefined)
        this.depths.push(index + 1)
        transitions.set(code, target)
      }
      state = target
    }
    const ends = this.ends[state] ?? []
    ends.push(id)
    this.ends[state] = ends
  }

  private build(): void {
    const size = this.next.length
    this.fail = new Int32Array(size)
    this.outputLink = new Int32Array(size).fill(-1)
    const queue: number[] = []
    for (const target of (this.next[0] as Map<number, number>).values()) {
      this.fail[target] = 0
      queue.push(target)
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] as number
      for (const [code, target] of this.next[state] as Map<number, number>) {
        queue.push(target)
        let fallback = this.fail[state] as number
        while (fallback !== 0 && !(this.next[fallback] as Map<number, number>).has(code)) {
          fallback = this.fail[fallback] as number
        }
        const candidate = (this.next[fallback] as Map<number, number>).get(code)
        const link = candidate !== undefined && candidate !== target ? candidate : 0
        this.fail[target] = link
        this.outputLink[target] = this.ends[link] ? link : (this.outputLink[link] as number)
      }
    }
    this.built = true
  }

  /**
   * Find every occurrence of every pattern, overlapping ones included.
   *
   * @param text
   *   Text to search.
   * @param onHit
   *   Called with the pattern id, start and end offsets of each hit.
   */
  search(text: string, onHit: (id: number, start: number, end: number) => void): void {
    if (!this.built) this.build()
    let state = 0
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index)
      let target = (this.next[state] as Map<number, number>).get(code)
      while (target === undefined && state !== 0) {
        state = this.fail[state] as number
        target = (this.next[state] as Map<number, number>).get(code)
      }
      state = target ?? 0
      for (let out = this.ends[state] ? state : (this.outputLink[state] as number); out > 0; ) {
        const start = index + 1 - (this.depths[out] as number)
        for (const id of this.ends[out] as number[]) onHit(id, start, index + 1)
        out = this.outputLink[out] as number
      }
    }
  }
}
