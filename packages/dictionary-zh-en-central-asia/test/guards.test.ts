// Every guard of the dictionary, on texts written for the purpose: a case
// where it applies, one where it must not, and both in one document.

import { dictionaryUrl } from '@colophon/dictionary-zh-en-central-asia'
import remarkArticle, { remarkArticleText } from '@colophon/remark-article'
import remarkNormalize, { compileDictionaries } from '@colophon/remark-normalize'
import type { Root } from 'mdast'
import remarkStringify from 'remark-stringify'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'

const dictionaries = compileDictionaries([dictionaryUrl])

async function normalize(text: string) {
  const file = new VFile({ path: 'input.txt', value: text })
  const processor = unified()
    .use(remarkArticleText)
    .use(remarkArticle)
    .use(remarkNormalize, { dictionaries })
    .use(remarkStringify)
  const tree = (await processor.run(processor.parse(file), file)) as Root
  return processor.stringify(tree, file)
}

/** Normalize a body paragraph (after a headline line). */
async function body(text: string) {
  const result = await normalize(`Headline\n\n${text}\n`)
  return result.slice('# Headline\n\n'.length).trim()
}

describe('AsiaInfo: CICA only among multilateral mechanisms', () => {
  it('replaces it in a list of mechanisms', async () => {
    expect(await body('They work together in the United Nations, the SCO, AsiaInfo and BRICS.')).toBe(
      'They work together in the United Nations, the SCO, CICA and BRICS.',
    )
  })
  it('leaves the company alone', async () => {
    expect(await body('AsiaInfo signed a software contract with a telecom operator.')).toBe(
      'AsiaInfo signed a software contract with a telecom operator.',
    )
    expect(await body('The United Nations hired AsiaInfo Technologies for billing software.')).toBe(
      'The United Nations hired AsiaInfo Technologies for billing software.',
    )
  })
  it('decides each sentence on its own', async () => {
    expect(await body('AsiaInfo shares rose. Both sides cooperate in the United Nations, AsiaInfo and the SCO.')).toBe(
      'AsiaInfo shares rose. Both sides cooperate in the United Nations, CICA and the SCO.',
    )
  })
})

describe('Unicom: connectivity only in "China-X Unicom"', () => {
  it('replaces the calque', async () => {
    expect(await body('China-Kyrgyzstan Unicom has grown.')).toBe('China-Kyrgyzstan connectivity has grown.')
  })
  it('leaves China Unicom, the operator, alone', async () => {
    expect(await body('China Unicom opened an office.')).toBe('China Unicom opened an office.')
  })
  it('handles both in one text', async () => {
    expect(await body('China-Kazakhstan Unicom improved while China Unicom laid cables.')).toBe(
      'China-Kazakhstan connectivity improved while China Unicom laid cables.',
    )
  })
})

describe('Xian Xinghai: one way only', () => {
  it('reorders the wrong name', async () => {
    expect(await body('The musician Xinghai Xian lived in Almaty.')).toBe('The musician Xian Xinghai lived in Almaty.')
  })
  it('never swaps the right order back', async () => {
    expect(await body('The musician Xian Xinghai lived in Almaty.')).toBe('The musician Xian Xinghai lived in Almaty.')
  })
  it('handles both in one text', async () => {
    expect(await body('Xian Xinghai, also written Xinghai Xian, lived in Almaty.')).toBe(
      'Xian Xinghai, also written Xian Xinghai, lived in Almaty.',
    )
  })
})

describe('Baikadamov: the given name only where it is missing', () => {
  it('adds it', async () => {
    expect(await body('The composer Baikadamov met him.')).toBe('The composer Bakhytzhan Baikadamov met him.')
  })
  it('never doubles it, whatever the spelling', async () => {
    expect(await body('Bakhytzhan Baikadamov and Bakhitzhan Baikadamov met him.')).toBe(
      'Bakhytzhan Baikadamov and Bakhitzhan Baikadamov met him.',
    )
    expect(await body('B. Baikadamov met him.')).toBe('B. Baikadamov met him.')
  })
  it('handles both in one text', async () => {
    expect(await body('Bakhytzhan Baikadamov wrote songs; Baikadamov also taught.')).toBe(
      'Bakhytzhan Baikadamov wrote songs; Bakhytzhan Baikadamov also taught.',
    )
  })
})

describe('Xi and Tokayev: full names at the first mention only', () => {
  it('names them in full once in the headline and once in the text', async () => {
    const text = await normalize(
      'Xi meets Tokayev in Astana\n\nPresident Xi met President Tokayev on Tuesday. President Xi said the talks went well, and President Tokayev agreed.\n',
    )
    expect(text).toBe(
      '# Xi Jinping meets Kassym-Jomart Tokayev in Astana\n\nPresident Xi Jinping met President Kassym-Jomart Tokayev on Tuesday. President Xi said the talks went well, and President Tokayev agreed.\n',
    )
  })
  it('never doubles a name already given in full', async () => {
    expect(await body('President Xi Jinping met President Kassym-Jomart Tokayev. Later Xi and Tokayev spoke.')).toBe(
      'President Xi Jinping met President Kassym-Jomart Tokayev. Later Xi and Tokayev spoke.',
    )
  })
  it('leaves another person whose given name is Xi alone', async () => {
    expect(await body('The patch is by Xi Wang, who maintains it.')).toBe('The patch is by Xi Wang, who maintains it.')
  })
  it("leaves Xi'an and the Xi River alone", async () => {
    expect(await body("Flights to Xi'an and boats on the Xi River resumed.")).toBe(
      'Flights to Xi’an and boats on the Xi River resumed.',
    )
  })
})

describe('Chimkent: Shymkent in modern news, not in history', () => {
  it('modernizes the name', async () => {
    expect(await body('The Chimkent refinery was modernized in 2021.')).toBe(
      'The Shymkent refinery was modernized in 2021.',
    )
  })
  it('keeps it in a Soviet-era text', async () => {
    expect(await body('In 1965 the Chimkent lead plant was the largest in the USSR.')).toBe(
      'In 1965 the Chimkent lead plant was the largest in the USSR.',
    )
  })
  it('decides paragraph by paragraph', async () => {
    const text = await normalize(
      'Headline\n\nIn 1965 the Chimkent lead plant was the largest in the Soviet Union.\n\nToday Chimkent has a million people.\n',
    )
    expect(text).toContain('In 1965 the Chimkent lead plant')
    expect(text).toContain('Today Shymkent has a million people.')
  })
})

describe('ports: border crossings, not seaports', () => {
  it('rewrites land ports of entry', async () => {
    expect(await body('Five pairs of highway ports between China and Kazakhstan reopened.')).toBe(
      'Five pairs of road border crossings between China and Kazakhstan reopened.',
    )
  })
  it('leaves seaports alone', async () => {
    expect(await body('Goods leave from seaports and river ports on the coast.')).toBe(
      'Goods leave from seaports and river ports on the coast.',
    )
  })
})

describe('Jianghuai: the project phrase, not the company', () => {
  it('rewrites the production-line phrase', async () => {
    expect(await body('Projects such as the Jianghuai automobile production line opened.')).toBe(
      'Projects such as the JAC vehicle assembly line opened.',
    )
  })
  it('leaves the company name alone', async () => {
    expect(await body('Jianghuai Automobile reported higher sales.')).toBe(
      'Jianghuai Automobile reported higher sales.',
    )
  })
})

describe('community of destiny: not where the literal term is discussed', () => {
  it('uses the official term', async () => {
    expect(await body('They will build a community of destiny.')).toBe(
      'They will build a community with a shared future.',
    )
  })
  it('leaves an academic discussion of the term alone', async () => {
    expect(await body('The term is literally a community of destiny in Chinese.')).toBe(
      'The term is literally a community of destiny in Chinese.',
    )
  })
})

describe('Belt and Road and the Global Development Initiative: capitals, one article', () => {
  it('handles the quoted, the doubled and the plain forms', async () => {
    expect(await body('Building the "the belt and road initiative" matters.')).toBe(
      'Building the Belt and Road Initiative matters.',
    )
    expect(await body('They joined "the belt and road initiative" early.')).toBe(
      'They joined the Belt and Road Initiative early.',
    )
    expect(await body('They praised the belt and road initiative again.')).toBe(
      'They praised the Belt and Road Initiative again.',
    )
    expect(await body('They support global development initiatives and the global development initiative.')).toBe(
      'They support the Global Development Initiative and the Global Development Initiative.',
    )
  })
  it('leaves the right form alone', async () => {
    expect(await body('The Belt and Road Initiative and the Global Development Initiative continue.')).toBe(
      'The Belt and Road Initiative and the Global Development Initiative continue.',
    )
  })
})

describe('"all visited": only of two people', () => {
  it('corrects it for two', async () => {
    expect(await body('Chen Cheng and Xuan Zang all visited Samarkand.')).toBe(
      'Chen Cheng and Xuan Zang both visited Samarkand.',
    )
  })
  it('keeps it for more', async () => {
    expect(await body('Three envoys and their guards all visited Samarkand.')).toBe(
      'Three envoys and their guards all visited Samarkand.',
    )
  })
})

describe('US$: the sign joins "US" before an amount only', () => {
  it('closes up "US $" before a number, with or without a space', async () => {
    expect(await body('Trade reached US $ 25 billion and US $3 million.')).toBe(
      'Trade reached US$ 25 billion and US$3 million.',
    )
  })
  it('leaves "US $" alone when no amount follows', async () => {
    expect(await body('Prices are quoted in US $ terms.')).toBe('Prices are quoted in US $ terms.')
  })
})

describe('Tokayev: the given name already written next to the surname is a first mention', () => {
  it('keeps the parenthetical name as written', async () => {
    expect(await body('At the invitation of President (Kassym-Jomart) Tokayev, he came. Tokayev spoke.')).toBe(
      'At the invitation of President (Kassym-Jomart) Tokayev, he came. Tokayev spoke.',
    )
  })
  it('completes the surname alone at the first mention', async () => {
    expect(await body('At the invitation of President Tokayev, he came. Tokayev spoke.')).toBe(
      'At the invitation of President Kassym-Jomart Tokayev, he came. Tokayev spoke.',
    )
  })
})

describe('China+Central Asia: the abbreviation once per part', () => {
  it('gives (C+C5) at the first mention only', async () => {
    expect(
      await body(
        'They met in "China + Five Central Asian Countries". Later "China + Five Central Asian Countries" met again.',
      ),
    ).toBe('They met in China+Central Asia (C+C5). Later China+Central Asia met again.')
  })
})

describe('datelines keep their capitals', () => {
  it('leaves "ASTANA, May 5 --" alone', async () => {
    expect(await body('ASTANA, May 5 -- The leaders met, Ministers followed.')).toMatch(/^ASTANA, May 5/)
  })
})
