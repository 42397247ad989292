// remark-cli's configuration: Colophon's normalization as a lint rule set.
// `mode: 'report'` reports what the dictionaries would change and changes nothing.
import { dictionaryUrl } from '@colophon/dictionary-zh-en-central-asia'
import remarkNormalize from '@colophon/remark-normalize'

export default {
  plugins: [[remarkNormalize, { dictionaries: [dictionaryUrl], mode: 'report' }]],
}
