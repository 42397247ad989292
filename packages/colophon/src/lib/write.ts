import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'

/**
 * Write a file atomically: the bytes go to a temporary file in the target
 * folder, which is then renamed over the target. A failed or interrupted
 * write never leaves a truncated file behind.
 *
 * @param target
 *   Path of the file to write.
 * @param data
 *   Its content.
 */
export async function writeAtomic(target: string, data: Uint8Array | string): Promise<void> {
  const folder = path.dirname(target)
  await mkdir(folder, { recursive: true })
  const temporary = path.join(folder, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    await writeFile(temporary, data)
    await rename(temporary, target)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
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
