import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import type { ProjectRecord } from '../../../shared/projects/record.ts'
import { parseCsv } from '../testing/csv-parse.ts'
import { docxText, flat, pdfText, squeeze } from '../testing/read-export.ts'
import { sampleRecord } from '../testing/sample-record.ts'
import { csvColumns, projectsToCsv } from './csv.ts'
import { ficheToDocx } from './docx.ts'
import { buildFiche, formatEuros } from './fiche.ts'
import { ficheToMarkdown } from './markdown.ts'
import { ficheToPdf } from './pdf.ts'

/** Every piece of text a committee needs, as it should read in any format. */
function expectedTexts(r: ProjectRecord): string[] {
  return [
    r.title,
    `${r.priorityCode} – ${r.priorityTitle}`,
    `${r.actionCode} – ${r.actionTitle}`,
    r.carrier!.name,
    ...r.partners.flatMap((p) => [p.name, p.role]),
    'Ouvrir un café associatif',
    formatEuros(r.budget!),
    ...r.fundingSources.map((f) => f.name),
    formatEuros(60000.25),
    'Du 1 mars 2027 au 31 décembre 2028.',
    'Structures hébergées',
    r.riskToSecure,
    ...r.provenance.ideas.flatMap((i) => [i.text, i.authorName]),
    'Déposé',
  ]
}

/**
 * A record to which two clusters of other workshops were attached at their conversion: one named, one
 * from an anonymous workshop (its ideas carry no author, conversion-plan.ts).
 */
function recordWithAttached(): ProjectRecord {
  const base = sampleRecord()
  return sampleRecord({
    provenance: {
      ...base.provenance,
      attached: [
        {
          workshopId: 'w2',
          workshopTitle: 'Atelier de suivi – printemps 2027',
          clusterId: 'shape:c9',
          clusterTitle: 'Un lieu pour l’ESS',
          ideas: [
            {
              id: 'shape:j1',
              text: 'Ouvrir une recyclerie dans l’école',
              authorId: 'g',
              authorName: 'Gwenaël',
              dots: 4,
            },
            {
              id: 'shape:j2',
              text: 'Des bureaux partagés à l’étage',
              authorId: 'n',
              authorName: 'Annaig',
              dots: 1,
            },
          ],
          contributors: ['Annaig', 'Gwenaël'],
          totalDots: 5,
          attachedAt: '2027-04-02T09:00:00.000Z',
        },
        {
          workshopId: 'w3',
          workshopTitle: 'Atelier anonyme des jeunes',
          clusterId: 'shape:c7',
          clusterTitle: 'Un café des jeunes',
          ideas: [
            {
              id: 'shape:k1',
              text: 'Un café tenu par les jeunes le samedi',
              authorId: '',
              authorName: '',
              dots: 3,
            },
          ],
          contributors: ['Erwan', 'Lena'],
          totalDots: 3,
          attachedAt: '2027-05-10T09:00:00.000Z',
        },
      ],
    },
  })
}

/** What every format says of the attached ideas: workshop, idea, author (none when anonymous), dots. */
const attachedTexts = [
  'Idées rattachées d’autres ateliers',
  'Groupe « Un lieu pour l’ESS » de l’atelier « Atelier de suivi – printemps 2027 », rattaché le 2 avril 2027 : 2 idées, 5 gommettes.',
  'Ouvrir une recyclerie dans l’école Gwenaël 4',
  'Des bureaux partagés à l’étage Annaig 1',
  'Groupe « Un café des jeunes » de l’atelier « Atelier anonyme des jeunes », rattaché le 10 mai 2027 : 1 idée, 3 gommettes.',
  'Un café tenu par les jeunes le samedi 3',
  'Erwan, Lena',
]

describe('fiche-projet documents', () => {
  const record = sampleRecord()
  const fiche = buildFiche(record, 'Contrat de partenariat Europe – Région – Pays')

  it('Markdown holds every section and escapes markup typed by participants', () => {
    const md = ficheToMarkdown(buildFiche(sampleRecord({ title: 'Un *projet* | à [lier]' }), 'Contrat'))
    expect(md).toContain('# Un \\*projet\\* \\| à \\[lier\\]')
    const plain = ficheToMarkdown(fiche)
    for (const text of expectedTexts(record))
      expect(flat(plain.replaceAll('\\', '')), text).toContain(flat(text))
    expect(plain).toContain('*Fiche-projet*')
    expect(plain).toContain('| Réhabiliter l’ancienne école en tiers-lieu partagé | Maëlle | 3 |')
  })

  it('DOCX is a valid Office Open XML zip whose text reads back with mammoth', async () => {
    const bytes = await ficheToDocx(fiche)
    const zip = await JSZip.loadAsync(bytes)
    expect(zip.file('word/document.xml')).not.toBeNull()
    expect(zip.file('[Content_Types].xml')).not.toBeNull()
    const value = await docxText(bytes)
    for (const text of expectedTexts(record)) expect(flat(value), text).toContain(flat(text))
    expect(value).toContain('FICHE-PROJET')
    for (const char of ['é', 'è', 'ç', 'œ', 'Œ', '«', '»', '’', '€']) expect(value, char).toContain(char)
  })

  it('PDF text extracted with unpdf has the accents, œ, « », ’ and €', async () => {
    const bytes = await ficheToPdf(fiche)
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const { text } = await pdfText(bytes)
    for (const expected of expectedTexts(record)) expect(squeeze(text), expected).toContain(squeeze(expected))
    for (const char of ['é', 'è', 'ç', 'œ', 'Œ', '«', '»', '’', '€']) expect(text, char).toContain(char)
    expect(text).toContain('FICHE-PROJET')
  })

  it('PDF tables run over pages with every row, none cut, and capitals keep their accents', async () => {
    const ideas = Array.from({ length: 80 }, (_, i) => ({
      id: `shape:i${i}`,
      text: `Idée numéro ${i} : Élargir l’offre ${'de services '.repeat(i % 4)}`,
      authorId: 'a',
      authorName: `Émilie ${i}`,
      dots: i % 5,
    }))
    const record = sampleRecord({
      provenance: { ...sampleRecord().provenance, ideas, totalDots: ideas.reduce((n, i) => n + i.dots, 0) },
    })
    const bytes = await ficheToPdf(buildFiche(record, 'Contrat'))
    const { text, pages } = await pdfText(bytes)
    expect(pages).toBeGreaterThan(2)
    for (const idea of ideas) expect(squeeze(text)).toContain(squeeze(`${idea.text}`))
    expect(text).toContain('État')
  })

  it('PDF embeds a Unicode font: French, Breton, Greek and other EU text read back as typed', async () => {
    const texts = {
      title: 'Skol vrezhonek : c’hoari, kañv, ù, « Œuvre » Ÿ',
      french: 'Élaborer l’offre — àâçéèêëîïôùûüÿœæ ÀÂÇÉÈÊËÎÏÔÙÛÜŸŒÆ',
      greek: 'Καλημέρα κόσμε',
      eu: 'Łódź źdźbło, Český Krumlov, Dvořák, Đakovo, Sørensen, Ísafjörður, Ģirts, Šiauliai, Ħamrun, Ő ű',
      cyrillic: 'Добър ден',
    }
    const record = sampleRecord({
      title: texts.title,
      summary: `${texts.french}\u0007 suite\u0000 ${texts.greek}\u001b[31m`,
      objectives: `${texts.eu}\n${texts.cyrillic}\tfin`,
    })
    const bytes = await ficheToPdf(buildFiche(record, 'Contrat'))
    const { text } = await pdfText(bytes)
    const read = squeeze(text)
    for (const expected of Object.values(texts)) expect(read, expected).toContain(squeeze(expected))
    // The control characters are gone, and the text after them is on its line, whole.
    expect(read).toContain(squeeze(`${texts.french} suite ${texts.greek}[31m`))
    expect(text).not.toMatch(/[?\ufffd]/)
    const embedded = bytes.toString('latin1').match(/\/FontName \/[A-Z]{6}\+([\w-]+)/g) ?? []
    expect(embedded.map((f) => f.split('+')[1]).sort()).toEqual([
      'DejaVuSans',
      'DejaVuSans-Bold',
      'DejaVuSans-Oblique',
    ])
  })

  it('CSV is UTF-8 with BOM, `;`-separated, quotes what needs it and neutralises formulas', () => {
    const other = sampleRecord({
      id: 'id-2',
      title: '=HYPERLINK("http://x") ; "guillemets"',
      budget: null,
      carrier: null,
      partners: [],
      fundingSources: [],
    })
    const csv = projectsToCsv([record, other])
    expect(csv.startsWith('\ufeff')).toBe(true)
    const rows = parseCsv(csv.slice(1))
    expect(rows[0]).toEqual([...csvColumns])
    const col = (name: (typeof csvColumns)[number]) => csvColumns.indexOf(name)
    expect(rows[1]![col('Titre')]).toBe(record.title)
    expect(rows[1]![col('Budget prévisionnel (€)')]).toBe('185000,50')
    expect(rows[1]![col('Financements (€)')]).toBe('150000,25')
    expect(rows[1]![col('Porteur')]).toBe('Commune de Plouguerneau')
    expect(rows[1]![col('Type de porteur')]).toBe('Collectivité')
    expect(rows[1]![col('Partenaires')]).toBe('Pôle ESS du Pays, Café des Abers')
    expect(rows[1]![col('Gommettes')]).toBe('5')
    expect(rows[2]![col('Titre')]).toBe(`'=HYPERLINK("http://x") ; "guillemets"`)
    expect(rows[2]![col('Budget prévisionnel (€)')]).toBe('')
    expect(rows).toHaveLength(3)
  })
  describe('ideas attached from other workshops', () => {
    const record = recordWithAttached()
    const fiche = buildFiche(record, 'Contrat')

    it('the fiche lists them by cluster and workshop; an anonymous workshop’s table has no author column', () => {
      const section = fiche.sections.find((s) => s.heading === 'Idées rattachées d’autres ateliers')!
      const tables = section.blocks.filter((b) => b.kind === 'table')
      expect(tables.map((t) => t.header)).toEqual([
        ['Idée', 'Auteur ou autrice', 'Gommettes'],
        ['Idée', 'Gommettes'],
      ])
      expect(tables[1]!.rows).toEqual([['Un café tenu par les jeunes le samedi', '3']])
      // No attachment, no section.
      expect(buildFiche(sampleRecord(), 'Contrat').sections.map((s) => s.heading)).not.toContain(
        section.heading,
      )
    })

    it('Markdown reads them back', () => {
      const md = ficheToMarkdown(fiche)
      for (const text of attachedTexts)
        expect(flat(md.replaceAll('| ', '').replaceAll(' |', '')), text).toContain(flat(text))
      expect(md).toContain('| Ouvrir une recyclerie dans l’école | Gwenaël | 4 |')
      expect(md).toContain('| Un café tenu par les jeunes le samedi | 3 |')
    })

    it('DOCX reads them back', async () => {
      const value = flat(await docxText(await ficheToDocx(fiche)))
      for (const text of attachedTexts) expect(value, text).toContain(flat(text))
    })

    it('PDF reads them back', async () => {
      const { text } = await pdfText(await ficheToPdf(fiche))
      for (const expected of attachedTexts) expect(squeeze(text), expected).toContain(squeeze(expected))
    })

    it('CSV has one line per attached idea: workshop, text, author when there is one, dots', () => {
      const rows = parseCsv(projectsToCsv([record, sampleRecord({ id: 'id-2' })]).slice(1))
      const col = csvColumns.indexOf('Idées rattachées')
      expect(rows[1]![col]!.split('\n')).toEqual([
        'Atelier « Atelier de suivi – printemps 2027 » : Ouvrir une recyclerie dans l’école (Gwenaël, 4 gommettes)',
        'Atelier « Atelier de suivi – printemps 2027 » : Des bureaux partagés à l’étage (Annaig, 1 gommette)',
        'Atelier « Atelier anonyme des jeunes » : Un café tenu par les jeunes le samedi (3 gommettes)',
      ])
      expect(rows[2]![col]).toBe('')
    })
  })
})
