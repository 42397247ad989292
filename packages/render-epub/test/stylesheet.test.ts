/**
 * The EPUB stylesheet as a reading system applies it (Chromium's styles):
 * justified and hyphenated only where the language has hyphenation patterns,
 * ragged notes with the shared replacement display, ruled tables.
 */
import { defaultCss } from '@colophon/render-epub'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumLaunch } from '../../../scripts/conformance.js'
import { have, needs } from '../../../scripts/tools.js'

const page = (lang: string) => `<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="${lang}" xml:lang="${lang}"><head><title>t</title>
<style>${defaultCss}</style></head><body>
<p id="text">Text of the chapter.</p>
<section class="editorial-notes"><ol><li id="note"><p id="note-p"><del id="del">Ali Farabbi</del> → <ins id="ins">Al-Farabi</ins></p></li></ol></section>
<table><thead><tr><th id="th">Year</th></tr></thead><tbody><tr><td id="td">2022</td></tr></tbody></table>
</body></html>`

describe('the EPUB stylesheet', () => {
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined
  beforeAll(async () => {
    if (have('chromium')) browser = await chromium.launch(chromiumLaunch)
  })
  afterAll(async () => browser?.close())

  const styles = async (lang: string) => {
    const tab = await (browser as NonNullable<typeof browser>).newPage()
    await tab.setContent(page(lang))
    const result = await tab.evaluate(() => {
      const style = (id: string) => getComputedStyle(document.getElementById(id) as Element)
      return {
        text: [style('text').textAlign, style('text').hyphens],
        note: style('note-p').textAlign,
        del: [style('del').textDecorationLine, style('del').color],
        ins: [style('ins').textDecorationLine, style('ins').fontWeight],
        th: [style('th').borderBottomWidth, style('th').paddingLeft],
        td: [style('td').borderBottomWidth, style('td').borderBottomStyle],
      }
    })
    await tab.close()
    return result
  }

  it.skipIf(!have('chromium'))(
    `justifies and hyphenates English and Russian, sets Kazakh ragged right${needs('chromium')}`,
    async () => {
      expect((await styles('en')).text).toEqual(['justify', 'auto'])
      expect((await styles('ru')).text).toEqual(['justify', 'auto'])
      expect((await styles('en-GB')).text).toEqual(['justify', 'auto'])
      expect((await styles('kk')).text[0]).toBe('left')
    },
  )

  it.skipIf(!have('chromium'))(
    `sets the notes ragged, a replacement as in every edition, tables with rules and padding${needs('chromium')}`,
    async () => {
      const en = await styles('en')
      expect(en.note).toBe('left')
      expect(en.del).toEqual(['line-through', 'rgb(89, 89, 89)'])
      expect(en.ins).toEqual(['none', '400'])
      expect(en.th).toEqual(['2px', expect.stringMatching(/^[1-9]/)])
      expect(en.td).toEqual(['1px', 'solid'])
    },
  )
})
