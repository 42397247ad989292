/** SVG images in the flow and the faces SVG text is set in. */
import { renderPdf } from '@colophon/render-pdf'
import { describe, expect, it } from 'vitest'
import { pdfFonts, readPdf } from '../../../scripts/inspect.js'
import { FontStack } from '../src/lib/fonts.js'
import { openSvg, svgFace } from '../src/lib/svg.js'
import { article, date, fileWithMetadata, h, streams } from './helpers.js'

const drawing =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"><rect width="200" height="100" fill="#336699"/>' +
  '<text x="10" y="60" font-family="Courier New, monospace" font-size="20">x = 42</text></svg>'

describe('SVG images', () => {
  it('reads the size from width and height, else the viewBox, else 300 by 150', () => {
    const bytes = (text: string) => new TextEncoder().encode(text)
    expect(openSvg(bytes('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30pt"/>'))).toMatchObject({
      width: 40,
      height: 40,
    })
    expect(openSvg(bytes(drawing))).toMatchObject({ width: 200, height: 100 })
    expect(openSvg(bytes('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'))).toMatchObject({
      width: 300,
      height: 150,
    })
    expect(openSvg(bytes('GIF89a'))).toBeUndefined()
  })

  it('sets SVG text in the registered faces: monospace families in the code face, others in the text family', () => {
    const fonts = new FontStack()
    expect(svgFace(fonts, 'Georgia, serif', true, false)).toBe('body-bold')
    expect(svgFace(fonts, 'Helvetica', false, true)).toBe('body-italic')
    expect(svgFace(fonts, 'Courier New, monospace', false, false)).toBe('code')
  })

  it('draws an SVG image of the flow as vector graphics, without a message', async () => {
    // As Colophon hands it over: the image's bytes resolved on the element.
    const image = h('img', { src: 'drawing.svg', alt: 'A blue panel' })
    image.data = { asset: { data: new TextEncoder().encode(drawing), mediaType: 'image/svg+xml' } } as typeof image.data
    const tree = article('en', h('p', {}, 'Before the drawing.'), h('p', {}, image))
    const file = await fileWithMetadata('A drawing')
    const bytes = await renderPdf(tree, file, { date })
    expect(file.messages.filter((message) => message.ruleId === 'image-unsupported')).toEqual([])
    // The panel's fill colour (#336699) and its text in the monospace face.
    expect(streams(bytes).some((stream) => /0\.2 0\.4 0\.6 (?:rg|scn)/.test(stream))).toBe(true)
    expect(pdfFonts(bytes).some((font) => /NotoSansMono/.test(font.name))).toBe(true)
    expect((await readPdf(bytes)).pages.join('\n')).toContain('x = 42')
  })
})
