import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import type { Fiche, FicheBlock } from './fiche.ts'

/** The fiche as Office Open XML (DOCX), built with the `docx` package: Word and LibreOffice open it. */

const border = { style: BorderStyle.SINGLE, size: 4, color: '8A8A8A' }
const borders = { top: border, bottom: border, left: border, right: border }

function cell(text: string, header: boolean): TableCell {
  return new TableCell({
    borders,
    shading: header ? { type: ShadingType.CLEAR, color: 'auto', fill: 'E8EEF6' } : undefined,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: [new Paragraph({ children: [new TextRun({ text, bold: header })] })],
  })
}

function blockToChildren(block: FicheBlock): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'paragraph':
      return [new Paragraph({ children: [new TextRun(block.text)], spacing: { after: 120 } })]
    case 'list':
      return block.items.map((item) => new Paragraph({ text: item, bullet: { level: 0 } }))
    case 'facts':
      return block.facts.map(
        ([label, value]) =>
          new Paragraph({ children: [new TextRun({ text: `${label} : `, bold: true }), new TextRun(value)] }),
      )
    case 'table':
      return [
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({ tableHeader: true, children: block.header.map((h) => cell(h, true)) }),
            ...block.rows.map((row) => new TableRow({ children: row.map((c) => cell(c, false)) })),
          ],
        }),
        new Paragraph({ text: '' }),
      ]
  }
}

/** One fiche's paragraphs: kicker, title, facts, sections, footer line. */
function ficheChildren(fiche: Fiche): (Paragraph | Table)[] {
  return [
    new Paragraph({
      children: [new TextRun({ text: fiche.kicker.toUpperCase(), color: '1D4E89', size: 20 })],
    }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(fiche.title)] }),
    ...blockToChildren({ kind: 'facts', facts: fiche.facts }),
    ...fiche.sections.flatMap((section) => [
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        children: [new TextRun(section.heading)],
        spacing: { before: 240 },
      }),
      ...section.blocks.flatMap(blockToChildren),
    ]),
    new Paragraph({
      children: [new TextRun({ text: fiche.footer, italics: true, size: 17, color: '555555' })],
      spacing: { before: 360 },
    }),
  ]
}

/**
 * Several fiches in one document, each in a section of its own (starting a page), e.g. the
 * applications of a call for its committee (calls/review-exports.ts).
 */
export function fichesToDocx(meta: { title: string; description: string }, fiches: Fiche[]): Promise<Buffer> {
  const footer = new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        children: [new TextRun({ children: [PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES], size: 16 })],
      }),
    ],
  })
  const doc = new Document({
    creator: 'Kenlabour',
    title: meta.title,
    description: meta.description,
    styles: { default: { document: { run: { font: 'Calibri', size: 22 } } } },
    sections: fiches.map((fiche) => ({
      properties: {},
      footers: { default: footer },
      children: ficheChildren(fiche),
    })),
  })
  return Packer.toBuffer(doc)
}

/** Renders the fiche to DOCX bytes. */
export function ficheToDocx(fiche: Fiche): Promise<Buffer> {
  return fichesToDocx({ title: fiche.title, description: fiche.kicker }, [fiche])
}
