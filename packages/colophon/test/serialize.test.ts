// A document's result crosses from a worker of `--jobs` as plain data: its messages keep their fields.
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { deserializeResult, serializeResult } from '../src/lib/serialize.js'

describe('results between threads', () => {
  it('keep every data field of a message, vfile’s and a plugin’s', () => {
    const file = new VFile({ path: 'a.md', value: 'Ali Farabbi\n' })
    const message = file.message('Replaced `Ali Farabbi` with `Al-Farabi`', {
      place: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 12, offset: 11 } },
      ruleId: 'al-farabi',
      source: 'colophon-normalize',
    })
    Object.assign(message, { actual: 'Ali Farabbi', expected: ['Al-Farabi'], note: 'why', scope: 'fix', applied: true })
    file.message('A warning', { ruleId: 'w', source: 's' }).fatal = false
    const copy = deserializeResult(structuredClone(serializeResult({ input: 'a.md', file, editions: [] })))
    const [first, second] = copy.file.messages
    expect(first).toMatchObject({
      reason: 'Replaced `Ali Farabbi` with `Al-Farabi`',
      ruleId: 'al-farabi',
      source: 'colophon-normalize',
      actual: 'Ali Farabbi',
      expected: ['Al-Farabi'],
      note: 'why',
      scope: 'fix',
      applied: true,
      line: 1,
      column: 1,
      fatal: false,
      file: 'a.md',
    })
    expect(first?.place).toEqual(message.place)
    expect(second).toMatchObject({ reason: 'A warning', ruleId: 'w', fatal: false })
  })
})
