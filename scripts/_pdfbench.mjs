import { editionSettings } from '../packages/article-hast/dist/index.js'
import { editionOf, loadDictionaries, processDocument } from '../packages/colophon/dist/index.js'

const settings = { dictionaries: loadDictionaries([]), defaults: { language: 'en' } }
const processed = await processDocument(process.argv[2], settings)
const formats = (process.argv[3] ?? 'pdf').split(',')
const runs = Number(process.argv[4] ?? 3)
for (const format of formats) {
  const edition = editionOf(format)
  const times = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    await edition.compile(processed.tree, processed.file, editionSettings(edition, {}), {})
    times.push(performance.now() - t)
  }
  console.log(format, times.map((x) => x.toFixed(0)).join(' '))
}
