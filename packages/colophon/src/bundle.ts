// What the bundled command (dist/bundle, made by scripts/bundle-cli.js) gives
// its launcher (bin/colophon.cjs) and its worker script.
export { main } from './lib/cli.js'
export { runWorker } from './lib/worker-thread.js'
