/**
 * What the CLI needs of its terminal: standard input read whole (bounded),
 * and whether to colour what it prints.
 */
import type { Readable } from 'node:stream'
import { UserError } from './errors.js'
import { maxInputSize } from './pipeline.js'

/**
 * Read a stream to its end, as bytes, refusing more than an input may hold.
 *
 * @param stream
 *   Standard input, usually.
 * @param limit
 *   Largest size in bytes (default: the input cap, 256 MiB).
 * @returns
 *   The bytes.
 * @throws {UserError}
 *   When the stream holds more than `limit` bytes.
 */
export async function readStream(stream: Readable, limit: number = maxInputSize): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer)
    size += buffer.byteLength
    if (size > limit) {
      stream.destroy()
      throw new UserError(`standard input: more than the ${limit / 2 ** 20} MiB an input may have`)
    }
    chunks.push(buffer)
  }
  return Buffer.concat(chunks)
}

/**
 * Whether to colour output, as the conventions of the command line have it:
 * `--no-color` or a non-empty `NO_COLOR` (no-color.org) turn colour off,
 * `--color` or a `FORCE_COLOR` other than `0` turn it on, else colour only
 * a terminal that is not `dumb`.
 *
 * @param flag
 *   `--color` (`true`), `--no-color` (`false`), or neither (`undefined`).
 * @param environment
 *   The environment variables.
 * @param stream
 *   The stream written to.
 * @returns
 *   Whether to colour.
 */
export function useColor(
  flag: boolean | undefined,
  environment: NodeJS.ProcessEnv,
  stream: { isTTY?: boolean | undefined },
): boolean {
  if (flag !== undefined) return flag
  if (environment.NO_COLOR !== undefined && environment.NO_COLOR !== '') return false
  if (environment.FORCE_COLOR !== undefined) return environment.FORCE_COLOR !== '0'
  return stream.isTTY === true && environment.TERM !== 'dumb'
}
