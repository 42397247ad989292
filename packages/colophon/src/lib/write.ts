import { createHash, randomBytes } from 'node:crypto'
import { lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises'
import { hostname } from 'node:os'
import path from 'node:path'
import { UserError } from './errors.js'

/** Options of `writeAtomic`. */
export interface WriteOptions {
  /**
   * Flush the file (and its folder) to the disk before and after the rename,
   * so that a crash of the machine cannot leave an empty or partial edition
   * under the final name (default: `true`).
   */
  durable?: boolean | undefined
  /** Folder that error messages show paths relative to (default: absolute paths). */
  cwd?: string | undefined
}

/** A failed write in words, by its error code. */
const problems: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'a folder is in the way',
  ENOTDIR: 'a file is in the way where a folder is needed',
  EEXIST: 'a file is in the way where a folder is needed',
  ENAMETOOLONG: 'file name too long',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  ELOOP: 'too many levels of symbolic links',
  ELOCKED: 'locked by another build that does not finish',
}

/** What the user can do about a failed write, by its error code. */
const hints: Record<string, string> = {
  ENOSPC: 'free some space or choose another --out folder',
  EDQUOT: 'free some space or choose another --out folder',
  EROFS: 'choose a writable --out folder',
  EACCES: 'choose a writable --out folder',
  EPERM: 'choose a writable --out folder',
}

/**
 * A file of the output folder could not be written (no space, a read-only or
 * unwritable folder, a folder in the way…): a problem of the environment, not
 * a bug. The CLI prints the message, which names the file and the problem,
 * and exits with 1; the build stops.
 */
export class OutputError extends UserError {
  /** The file (or folder) that could not be written, absolute. */
  readonly path: string
  /** The system's error code (`ENOSPC`, `EACCES`…). */
  readonly code: string
  /** The path as the message shows it. */
  readonly shown: string

  constructor(file: string, code: string, shown: string = file) {
    const hint = hints[code]
    super(`${shown}: ${problems[code] ?? 'cannot write'} (${code})${hint ? `; ${hint}` : ''}`, 1)
    this.name = 'OutputError'
    this.path = file
    this.code = code
    this.shown = shown
  }
}

/** A path for messages: relative to `cwd` when inside it. */
function shown(file: string, cwd: string | undefined): string {
  if (cwd === undefined) return file
  const relative = path.relative(cwd, file)
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative
}

/**
 * Turn a system error of a write into an `OutputError` naming `file`; other
 * errors are returned as they are.
 */
export function outputError(error: unknown, file: string, cwd?: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (error instanceof OutputError || typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return error
  return new OutputError(file, code, shown(file, cwd))
}

/** Tells this machine's temporary files from those of other machines sharing the folder. */
const hostTag = createHash('sha256').update(hostname()).digest('hex').slice(0, 6)

/** `.<name>.<host>-<pid>.<random>.tmp`: the temporary files of `writeAtomic`. */
const temporaryPattern = /^\..+\.([0-9a-f]{6})-(\d+)\.[0-9a-f]{12}\.tmp$/

/** `.<name>.<random>.tmp`, of an edition, report, image or cache: temporary files of earlier versions. */
const legacyPattern = /^\..+\.(?:html|pdf|epub|json|png|jpe?g|gif|webp|svg)\.[0-9a-f]{12}\.tmp$/

/**
 * Age after which a temporary file is stale whoever wrote it: a write takes
 * seconds, so a file this old belongs to a build that was killed.
 */
export const staleTemporaryAge: number = 15 * 60 * 1000

/** The temporary file a write of `target` goes through: hidden, next to it, naming this process. */
function temporaryPath(target: string): string {
  // Keep the name well under the file system's limit of 255 bytes.
  const base = Array.from(path.basename(target)).slice(0, 60).join('')
  return path.join(path.dirname(target), `.${base}.${hostTag}-${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
}

/** Whether a process of this machine is running. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Remove the temporary files that interrupted builds left in `folder` (and
 * in its `*-assets` subfolders): only files named as `writeAtomic` names
 * them, and only those whose writing process is gone or that are older than
 * `maxAge`. A build writing into the same folder at the same time keeps its
 * files.
 *
 * @param folder
 *   The output folder.
 * @param maxAge
 *   Age in milliseconds after which any of them is stale (default:
 *   `staleTemporaryAge`).
 * @returns
 *   The files removed.
 */
export async function removeStaleTemporaries(folder: string, maxAge: number = staleTemporaryAge): Promise<string[]> {
  const removed: string[] = []
  const visit = async (dir: string, depth: number) => {
    let entries: import('node:fs').Dirent[]
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      const file = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        if (depth === 0 && entry.name.endsWith('-assets')) await visit(file, 1)
        continue
      }
      if (!entry.isFile()) continue
      const ours = temporaryPattern.exec(entry.name)
      if (!ours && !legacyPattern.test(entry.name)) continue
      let age: number
      try {
        age = Date.now() - (await lstat(file)).mtimeMs
      } catch {
        continue
      }
      const gone = ours !== null && ours[1] === hostTag && !running(Number(ours[2]))
      if (age > maxAge || gone) {
        await rm(file, { force: true })
        removed.push(file)
      }
    }
  }
  await visit(folder, 0)
  return removed
}

/** Flush a folder's entries (the rename) to the disk, where the system allows it. */
async function syncFolder(folder: string): Promise<void> {
  let handle: import('node:fs/promises').FileHandle | undefined
  try {
    handle = await open(folder, 'r')
    await handle.sync()
  } catch {
    // Some systems cannot open or flush a folder (Windows); the file itself is flushed.
  } finally {
    await handle?.close()
  }
}

/**
 * Write a file atomically: the bytes go to a temporary file in the target
 * folder (`.<name>.<host>-<pid>.<random>.tmp`), which is flushed to the disk
 * and then renamed over the target, and the folder is flushed. A failed or
 * interrupted write never leaves a truncated file under the target's name;
 * `removeStaleTemporaries` removes what a killed build left.
 *
 * @param target
 *   Path of the file to write.
 * @param data
 *   Its content.
 * @param options
 *   Durability, and the folder messages are relative to.
 * @throws {OutputError}
 *   When the system refuses the write (no space, read-only, permissions…),
 *   naming the target (or the folder that could not be made).
 */
export async function writeAtomic(
  target: string,
  data: Uint8Array | string,
  options: WriteOptions = {},
): Promise<void> {
  const folder = path.dirname(target)
  const durable = options.durable !== false
  try {
    await mkdir(folder, { recursive: true })
  } catch (error) {
    throw outputError(error, folder, options.cwd)
  }
  const temporary = temporaryPath(target)
  try {
    const handle = await open(temporary, 'wx')
    try {
      await handle.writeFile(data)
      if (durable) await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temporary, target)
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined)
    throw outputError(error, target, options.cwd)
  }
  if (durable) await syncFolder(folder)
}

/**
 * Resolve an output path inside `outDir`, refusing names that would escape
 * it (`..`, absolute paths).
 *
 * @throws {Error}
 *   When the result would lie outside `outDir`.
 */
export function confinedPath(outDir: string, name: string): string {
  const root = path.resolve(outDir)
  const target = path.resolve(root, name)
  if (target !== root && target.startsWith(root + path.sep)) return target
  throw new Error(`output name ${JSON.stringify(name)} would be written outside ${root}`)
}
