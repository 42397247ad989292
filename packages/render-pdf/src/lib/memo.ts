/**
 * Values computed once per owner (a font, a hyphenator) and text: a
 * document repeats its words, and each repeat would compute them afresh.
 * The values live as long as their owner; `undefined` is not kept.
 *
 * @param compute
 *   The value of a text for an owner.
 * @returns
 *   The memoized function.
 */
export function memoByText<Owner extends object, Value>(
  compute: (owner: Owner, text: string) => Value,
): (owner: Owner, text: string) => Value {
  const byOwner = new WeakMap<Owner, Map<string, Value>>()
  return (owner, text) => {
    let known = byOwner.get(owner)
    if (!known) {
      known = new Map()
      byOwner.set(owner, known)
    }
    const found = known.get(text)
    if (found !== undefined) return found
    const value = compute(owner, text)
    known.set(text, value)
    return value
  }
}
