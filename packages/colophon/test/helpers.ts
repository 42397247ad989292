import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { main } from 'colophon'

/** Run the CLI in a folder and collect what it writes. */
export async function cli(args: string[], cwd: string, extra: Partial<Parameters<typeof main>[1]> = {}) {
  let stdout = ''
  let stderr = ''
  const code = await main(args, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    cwd,
    ...extra,
  })
  return { code, stdout, stderr }
}

/** A new empty folder. */
export function temporary(): string {
  return mkdtempSync(path.join(tmpdir(), 'colophon-test-'))
}
