import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { BuildOptions, DocumentResult, ProgressEvent } from './build.js'
import type { CacheEntries } from './cache.js'
import { UserError } from './errors.js'
import { deserializeResult, type SerializedResult } from './serialize.js'
import type { WorkerData } from './worker-thread.js'
import { OutputError } from './write.js'

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; event: ProgressEvent }
  | { type: 'result'; index: number; result: SerializedResult; written: CacheEntries }
  | {
      type: 'error'
      index: number
      user: { message: string; exitCode: 1 | 2 } | undefined
      output: { path: string; code: string; shown: string } | undefined
      message: string
      stack: string | undefined
      written: CacheEntries
    }

/**
 * The compiled worker script. Run from TypeScript sources (tests), the
 * worker still needs the built JavaScript: `npm run build` makes it.
 */
function workerScript(): URL {
  const here = new URL('./worker.js', import.meta.url)
  if (existsSync(fileURLToPath(here))) return here
  const built = new URL('../../dist/lib/worker.js', import.meta.url)
  if (existsSync(fileURLToPath(built))) return built
  throw new Error('colophon: the worker script is not built; run `npm run build` to use --jobs')
}

/**
 * Build documents in worker threads, at most `options.jobs` at once; results
 * come back in input order whatever order they finish in. A document that
 * fails is a result with a fatal message, as with one job; an error that
 * stops the build (a refused write) stops handing out documents, lets the
 * running ones finish, and comes back as `failure`, with the cache entries
 * of everything written.
 */
export async function buildInWorkers(
  options: BuildOptions,
  cache: CacheEntries,
): Promise<{ documents: DocumentResult[]; written: CacheEntries; failure: Error | undefined }> {
  const { onProgress, ...plain } = options
  const count = Math.min(options.jobs ?? 1, options.inputs.length)
  const results: Array<DocumentResult | undefined> = new Array(options.inputs.length)
  const written: CacheEntries = {}
  let next = 0
  let failure: Error | undefined
  const script = workerScript()

  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((resolve, reject) => {
          const data: WorkerData = { options: plain, cache }
          const worker = new Worker(script, { workerData: data })
          const feed = () => {
            if (failure || next >= options.inputs.length) {
              worker.postMessage({ stop: true })
              return
            }
            const index = next++
            worker.postMessage({ input: options.inputs[index], index })
          }
          worker.on('message', (message: WorkerMessage) => {
            if (message.type === 'ready') feed()
            else if (message.type === 'progress') onProgress?.(message.event)
            else if (message.type === 'result') {
              results[message.index] = deserializeResult(message.result)
              Object.assign(written, message.written)
              feed()
            } else {
              Object.assign(written, message.written)
              failure ??= message.output
                ? new OutputError(message.output.path, message.output.code, message.output.shown)
                : message.user
                  ? new UserError(message.user.message, message.user.exitCode)
                  : Object.assign(new Error(message.message), { stack: message.stack })
              feed()
            }
          })
          worker.on('error', reject)
          worker.on('exit', () => resolve())
        }),
    ),
  )
  return { documents: results as DocumentResult[], written, failure }
}
