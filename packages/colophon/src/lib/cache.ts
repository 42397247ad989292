import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import lockfile from 'proper-lockfile'
import { outputError, writeAtomic } from './write.js'

/** What the cache remembers of one written edition. */
export interface CacheEntry {
  /** Hash of everything the edition was built from. */
  key: string
  /** Hash of the written file, to notice a file changed or removed since. */
  sha256: string
}

/** The cache manifest: output file name -> entry. */
export type CacheEntries = Record<string, CacheEntry>

/** Name of the manifest in the output folder. */
export const cacheFileName = '.colophon-cache.json'

/** SHA-256 of bytes or text, in hex. */
export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex')
}

/** A hash of a list of parts, each named (so parts cannot run into each other). */
export function hashParts(parts: ReadonlyArray<readonly [string, Uint8Array | string]>): string {
  const hash = createHash('sha256')
  for (const [name, value] of parts) {
    hash.update(`${name}\u0000${typeof value === 'string' ? Buffer.byteLength(value) : value.byteLength}\u0000`)
    hash.update(value)
  }
  return hash.digest('hex')
}

/** Hash of files' contents (missing files count as empty). */
export function hashFiles(files: ReadonlyArray<string>): string {
  return hashParts(
    files.map((file) => {
      try {
        return [file, readFileSync(file)] as const
      } catch {
        return [file, ''] as const
      }
    }),
  )
}

/** Read the manifest of an output folder (empty when there is none or it is unreadable). */
export async function readCache(outDir: string): Promise<CacheEntries> {
  try {
    const data = JSON.parse(await readFile(path.join(outDir, cacheFileName), 'utf8')) as {
      version?: number
      entries?: CacheEntries
    }
    return data.version === 1 && data.entries ? data.entries : {}
  } catch {
    return {}
  }
}

/**
 * Record editions in the manifest of an output folder: under a lock
 * (`.colophon-cache.json.lock`, a folder, stale after 10 s), read the
 * manifest as it is on the disk now, add `entries` over it, and write it
 * atomically. Builds into the same folder at the same time keep each
 * other's entries.
 *
 * @param outDir
 *   The output folder.
 * @param entries
 *   Entries of the editions this build wrote or found up to date.
 * @param cwd
 *   Folder that error messages show paths relative to.
 * @throws {OutputError}
 *   When the manifest cannot be written.
 */
export async function writeCache(outDir: string, entries: CacheEntries, cwd?: string): Promise<void> {
  const file = path.join(outDir, cacheFileName)
  let release: () => Promise<void>
  try {
    await mkdir(outDir, { recursive: true })
    release = await lockfile.lock(file, {
      realpath: false,
      lockfilePath: `${file}.lock`,
      stale: 10_000,
      retries: { retries: 60, factor: 1.2, minTimeout: 10, maxTimeout: 250 },
      // A lock taken over as stale: the write below is atomic anyway.
      onCompromised: () => undefined,
    })
  } catch (error) {
    throw outputError(error, file, cwd)
  }
  try {
    const merged = { ...(await readCache(outDir)), ...entries }
    const sorted = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => (a < b ? -1 : 1)))
    await writeAtomic(file, `${JSON.stringify({ version: 1, entries: sorted }, undefined, 2)}\n`, { cwd })
  } finally {
    await release().catch(() => undefined)
  }
}

/** Whether an edition is up to date: same key, and the file still has the bytes written. */
export async function isFresh(entry: CacheEntry | undefined, key: string, target: string): Promise<boolean> {
  if (!entry || entry.key !== key) return false
  try {
    return sha256(await readFile(target)) === entry.sha256
  } catch {
    return false
  }
}
