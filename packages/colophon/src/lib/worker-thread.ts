// A worker thread of `build --jobs N`: builds the documents the main thread
// sends, one at a time, and posts back their results. The worker script is
// `worker.js`, which runs `runWorker`; the bundled command has its own.
import { type BuildOptions, buildDocument, createContext } from './build.js'
import type { CacheEntries } from './cache.js'
import { UserError } from './errors.js'
import { serializeResult } from './serialize.js'
import { OutputError } from './write.js'

/** What a worker is started with. */
export interface WorkerData {
  options: Omit<BuildOptions, 'onProgress'>
  cache: CacheEntries
}

/** A message from the main thread. */
export type WorkerRequest = { input: string; index: number } | { stop: true }

/** Serve the main thread of `build --jobs N`, in a worker thread. */
export async function runWorker(): Promise<void> {
  // Loaded here, not with the module: the bundled command holds this module, and most commands start no worker.
  const { parentPort, workerData } = await import('node:worker_threads')
  const port = parentPort
  if (!port) throw new Error('colophon worker: not started as a worker thread')
  const data = workerData as WorkerData
  const context = await createContext({
    ...data.options,
    onProgress: (event) => port.postMessage({ type: 'progress', event }),
  })
  context.cache = data.cache

  port.on('message', async (request: WorkerRequest) => {
    if ('stop' in request) {
      port.close()
      return
    }
    try {
      context.written = {}
      const result = await buildDocument(request.input, context)
      port.postMessage({
        type: 'result',
        index: request.index,
        result: serializeResult(result),
        written: context.written,
      })
    } catch (error) {
      port.postMessage({
        type: 'error',
        index: request.index,
        user: error instanceof UserError ? { message: error.message, exitCode: error.exitCode } : undefined,
        output: error instanceof OutputError ? { path: error.path, code: error.code, shown: error.shown } : undefined,
        message: (error as Error).message,
        stack: (error as Error).stack,
        written: context.written,
      })
    }
  })
  port.postMessage({ type: 'ready' })
}
