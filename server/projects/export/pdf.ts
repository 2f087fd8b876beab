import PDFDocument from 'pdfkit'
import type { Fiche, FicheBlock } from './fiche.ts'

/**
 * The fiche as a PDF (A4) with pdfkit's standard fonts. Standard fonts are encoded in WinAnsi, which
 * holds French (é è ç œ « » ’ €) but not every character a participant may type: see winAnsiSafe.
 */

/** Characters of WinAnsi beyond Latin-1, which pdfkit maps to their code points in the encoding. */
const winAnsiExtras = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ')

/**
 * Text the standard fonts can draw. The narrow no-break space that fr-FR number formatting puts between
 * thousands is not in WinAnsi, so it becomes a no-break space; other characters outside WinAnsi lose
 * their accents when that is enough (NFKD), and are replaced by "?" otherwise, rather than printing
 * a wrong glyph silently.
 */
export function winAnsiSafe(text: string): string {
  let out = ''
  for (const char of text.replace(/[\u202f\u2009\u2007]/g, '\u00a0')) {
    const code = char.codePointAt(0)!
    if (
      char === '\n' ||
      (code >= 0x20 && code <= 0x7e) ||
      (code >= 0xa0 && code <= 0xff) ||
      winAnsiExtras.has(char)
    ) {
      out += char
      continue
    }
    const stripped = char.normalize('NFKD').replace(/\p{M}/gu, '')
    out += [...stripped].every((c) => c.codePointAt(0)! <= 0xff) && stripped !== '' ? stripped : '?'
  }
  return out
}

const MARGIN = 56
const ACCENT = '#1d4e89'

const CELL_PAD = 4
const TABLE_FONT_SIZE = 10

/**
 * A table drawn with text and rectangles. pdfkit's own table clips each cell's text to the font's
 * ascender, which cuts the accent off capitals (É of "État", Î of "Île") in the standard fonts; here
 * nothing is clipped. Rows never split: a row that does not fit goes to the next page, under the
 * header drawn again.
 */
function drawTable(doc: PDFKit.PDFDocument, header: string[], rows: string[][], width: number) {
  const columnWidth = width / header.length
  const bottom = () => doc.page.height - doc.page.margins.bottom
  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(TABLE_FONT_SIZE)
    return (
      Math.max(
        ...cells.map((cell) =>
          doc.heightOfString(winAnsiSafe(cell) || ' ', { width: columnWidth - 2 * CELL_PAD }),
        ),
      ) +
      2 * CELL_PAD
    )
  }
  const drawRow = (cells: string[], y: number, height: number, isHeader: boolean) => {
    cells.forEach((cell, i) => {
      const x = MARGIN + i * columnWidth
      if (isHeader) doc.rect(x, y, columnWidth, height).fill('#e8eef6')
      doc.rect(x, y, columnWidth, height).lineWidth(0.5).stroke('#8a8a8a')
      doc
        .font(isHeader ? 'Helvetica-Bold' : 'Helvetica')
        .fontSize(TABLE_FONT_SIZE)
        .fillColor('black')
        .text(winAnsiSafe(cell), x + CELL_PAD, y + CELL_PAD, { width: columnWidth - 2 * CELL_PAD })
    })
  }
  const headerHeight = rowHeight(header, 'Helvetica-Bold')
  let y = doc.y
  if (y + headerHeight * 2 > bottom()) {
    doc.addPage()
    y = doc.y
  }
  drawRow(header, y, headerHeight, true)
  y += headerHeight
  for (const row of rows) {
    const height = rowHeight(row, 'Helvetica')
    if (y + height > bottom()) {
      doc.addPage()
      y = doc.y
      drawRow(header, y, headerHeight, true)
      y += headerHeight
    }
    drawRow(row, y, height, false)
    y += height
  }
  doc.x = MARGIN
  doc.y = y + 4
}

function renderBlock(doc: PDFKit.PDFDocument, block: FicheBlock) {
  const width = doc.page.width - 2 * MARGIN
  doc.font('Helvetica').fontSize(10.5).fillColor('black')
  switch (block.kind) {
    case 'paragraph':
      doc.text(winAnsiSafe(block.text), MARGIN, doc.y, { width })
      break
    case 'list':
      for (const item of block.items)
        doc.text(`•  ${winAnsiSafe(item)}`, MARGIN + 8, doc.y, { width: width - 8 })
      break
    case 'facts':
      for (const [label, value] of block.facts) {
        doc.font('Helvetica-Bold').text(`${winAnsiSafe(label)} : `, MARGIN, doc.y, { width, continued: true })
        doc.font('Helvetica').text(winAnsiSafe(value))
      }
      break
    case 'table':
      drawTable(doc, block.header, block.rows, width)
      break
  }
  doc.moveDown(0.5)
}

/** Renders the fiche to PDF bytes. */
export function ficheToPdf(fiche: Fiche): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    lang: 'fr-FR',
    info: { Title: winAnsiSafe(fiche.title), Subject: fiche.kicker, Creator: 'Kenlabour' },
    bufferPages: true,
  })
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  doc.font('Helvetica').fontSize(10).fillColor(ACCENT).text(winAnsiSafe(fiche.kicker.toUpperCase()))
  doc.font('Helvetica-Bold').fontSize(18).fillColor('black').text(winAnsiSafe(fiche.title))
  doc.moveDown(0.5)
  renderBlock(doc, { kind: 'facts', facts: fiche.facts })
  for (const section of fiche.sections) {
    doc.moveDown(0.4)
    doc
      .font('Helvetica-Bold')
      .fontSize(13)
      .fillColor(ACCENT)
      .text(winAnsiSafe(section.heading), MARGIN, doc.y)
    doc.moveDown(0.2)
    for (const block of section.blocks) renderBlock(doc, block)
  }
  doc.moveDown(1)
  doc
    .font('Helvetica-Oblique')
    .fontSize(8.5)
    .fillColor('#555555')
    .text(winAnsiSafe(fiche.footer), MARGIN, doc.y)
  // Page numbers, written once every page exists.
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i)
    // Writing inside the bottom margin would make pdfkit open a new page: lift the margin meanwhile.
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#555555')
      .text(`${i + 1} / ${range.count}`, MARGIN, doc.page.height - MARGIN / 2 - 8, {
        width: doc.page.width - 2 * MARGIN,
        align: 'right',
        lineBreak: false,
      })
    doc.page.margins.bottom = bottom
  }
  doc.end()
  return done
}
