import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import PDFDocument from 'pdfkit'
import type { Fiche, FicheBlock } from './fiche.ts'

/**
 * The fiche as a PDF (A4) in DejaVu Sans, embedded (pdfkit subsets it to the characters used): Latin
 * with its extensions (French, Breton c'h ñ ù, every EU language), Greek and Cyrillic print as typed.
 * The fonts come from the `dejavu-fonts-ttf` package, found by module resolution so an installed or
 * containerised server finds them wherever node_modules is. Text reaches here without control
 * characters (fiche.ts documentText); tabs become spaces, which the font draws.
 */

const fontFile = (name: string) =>
  readFileSync(createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}`))

let fonts: { regular: Buffer; bold: Buffer; oblique: Buffer } | undefined
/** The three faces, read once. */
function loadFonts() {
  fonts ??= {
    regular: fontFile('DejaVuSans.ttf'),
    bold: fontFile('DejaVuSans-Bold.ttf'),
    oblique: fontFile('DejaVuSans-Oblique.ttf'),
  }
  return fonts
}

const REGULAR = 'Regular'
const BOLD = 'Bold'
const OBLIQUE = 'Oblique'

/** Text as drawn: tabs as spaces (the fiche has no control characters left, see fiche.ts). */
const pdfText = (text: string) => text.replaceAll('\t', '    ')

const MARGIN = 56
const ACCENT = '#1d4e89'

const CELL_PAD = 4
const TABLE_FONT_SIZE = 10

/**
 * A table drawn with text and rectangles. pdfkit's own table clips each cell's text to the font's
 * ascender, which cuts the accent off capitals (É of "État", Î of "Île"); here
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
          doc.heightOfString(pdfText(cell) || ' ', { width: columnWidth - 2 * CELL_PAD }),
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
        .font(isHeader ? BOLD : REGULAR)
        .fontSize(TABLE_FONT_SIZE)
        .fillColor('black')
        .text(pdfText(cell), x + CELL_PAD, y + CELL_PAD, { width: columnWidth - 2 * CELL_PAD })
    })
  }
  const headerHeight = rowHeight(header, BOLD)
  let y = doc.y
  if (y + headerHeight * 2 > bottom()) {
    doc.addPage()
    y = doc.y
  }
  drawRow(header, y, headerHeight, true)
  y += headerHeight
  for (const row of rows) {
    const height = rowHeight(row, REGULAR)
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
  doc.font(REGULAR).fontSize(10.5).fillColor('black')
  switch (block.kind) {
    case 'paragraph':
      doc.text(pdfText(block.text), MARGIN, doc.y, { width })
      break
    case 'list':
      for (const item of block.items) doc.text(`•  ${pdfText(item)}`, MARGIN + 8, doc.y, { width: width - 8 })
      break
    case 'facts':
      for (const [label, value] of block.facts) {
        doc.font(BOLD).text(`${pdfText(label)} : `, MARGIN, doc.y, { width, continued: true })
        doc.font(REGULAR).text(pdfText(value))
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
    info: { Title: pdfText(fiche.title), Subject: fiche.kicker, Creator: 'Kenlabour' },
    bufferPages: true,
    // The first page is added after the fonts are registered (the default font is never loaded).
    autoFirstPage: false,
  })
  const faces = loadFonts()
  doc.registerFont(REGULAR, faces.regular)
  doc.registerFont(BOLD, faces.bold)
  doc.registerFont(OBLIQUE, faces.oblique)
  doc.addPage()
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  doc.font(REGULAR).fontSize(10).fillColor(ACCENT).text(pdfText(fiche.kicker.toUpperCase()))
  doc.font(BOLD).fontSize(18).fillColor('black').text(pdfText(fiche.title))
  doc.moveDown(0.5)
  renderBlock(doc, { kind: 'facts', facts: fiche.facts })
  for (const section of fiche.sections) {
    doc.moveDown(0.4)
    doc.font(BOLD).fontSize(13).fillColor(ACCENT).text(pdfText(section.heading), MARGIN, doc.y)
    doc.moveDown(0.2)
    for (const block of section.blocks) renderBlock(doc, block)
  }
  doc.moveDown(1)
  doc.font(OBLIQUE).fontSize(8.5).fillColor('#555555').text(pdfText(fiche.footer), MARGIN, doc.y)
  // Page numbers, written once every page exists.
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i)
    // Writing inside the bottom margin would make pdfkit open a new page: lift the margin meanwhile.
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc
      .font(REGULAR)
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
