import { watch as chokidar } from 'chokidar'

/** A running watch. */
export interface Watching {
  /** Stop watching. */
  close(): Promise<void>
  /** Resolves after the current (or next) rebuild has finished. */
  settled(): Promise<void>
}

/**
 * Run `rebuild` now and whenever one of `files` changes (several changes in
 * quick succession make one rebuild). A failing rebuild is reported by
 * `onError` and watching goes on.
 *
 * @param files
 *   Files to watch: sources, dictionaries, the configuration.
 * @param rebuild
 *   The build to run; it gets the changed paths (empty the first time).
 * @param onError
 *   Called with an error a rebuild threw.
 */
export async function watchFiles(
  files: () => ReadonlyArray<string>,
  rebuild: (changed: ReadonlyArray<string>) => Promise<void>,
  onError: (error: unknown) => void,
): Promise<Watching> {
  let running: Promise<void> = Promise.resolve()
  let pending = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  const run = (changed: ReadonlyArray<string>) => {
    running = running.then(() => rebuild(changed).catch(onError))
    return running
  }
  await run([])
  const watcher = chokidar([...files()], { ignoreInitial: true, awaitWriteFinish: { stabilityThreshold: 50 } })
  const refresh = () => {
    // The config may name other sources or dictionaries now.
    const wanted = new Set(files())
    const watched = new Set(
      Object.entries(watcher.getWatched()).flatMap(([dir, names]) => names.map((name) => `${dir}/${name}`)),
    )
    for (const file of wanted) if (!watched.has(file)) watcher.add(file)
  }
  watcher.on('all', (_event, file) => {
    pending.add(file)
    clearTimeout(timer)
    timer = setTimeout(() => {
      const changed = [...pending]
      pending = new Set()
      void run(changed).then(refresh)
    }, 100)
  })
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()))
  return {
    async close() {
      clearTimeout(timer)
      await watcher.close()
      await running
    },
    settled: () => running,
  }
}
