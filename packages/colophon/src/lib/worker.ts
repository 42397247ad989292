// The worker script of `build --jobs N` (see worker-thread.ts).
import { runWorker } from './worker-thread.js'

await runWorker()
