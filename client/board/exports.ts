import type { Editor, TLShapeId } from 'tldraw'

/**
 * Board exports from the board page: PNG and SVG of the whole board or of the selection (tldraw's own
 * export, so they look like the canvas), and PDF of the whole board (one page sized to the board, with
 * the PNG drawn on it by pdfkit, loaded only when asked for).
 */

export type ExportFormat = 'png' | 'svg' | 'pdf'
export type ExportScope = 'board' | 'selection'

/** The shapes an export covers, or none when there is nothing to export. */
export function shapesToExport(editor: Editor, scope: ExportScope): TLShapeId[] {
  if (scope === 'selection') return editor.getSelectedShapeIds()
  return [...editor.getCurrentPageShapeIds()]
}

/** Makes the export as a Blob. */
export async function exportBlob(
  editor: Editor,
  format: ExportFormat,
  scope: ExportScope,
): Promise<Blob | null> {
  const ids = shapesToExport(editor, format === 'pdf' ? 'board' : scope)
  if (ids.length === 0) return null
  if (format === 'svg') {
    const result = await editor.getSvgString(ids, { background: true, padding: 32 })
    if (!result) return null
    return new Blob([result.svg], { type: 'image/svg+xml' })
  }
  const { blob, width, height } = await editor.toImage(ids, {
    format: 'png',
    background: true,
    padding: 32,
    pixelRatio: 2,
  })
  if (format === 'png') return blob
  // pdfkit's browser build (the server writes its PDFs with pdfkit too), loaded only when asked for. It
  // knows no font until one is registered, and every document opens with Helvetica.
  const [pdfkit, { default: helvetica }] = await Promise.all([
    import('pdfkit'),
    import('pdfkit/standard-fonts/Helvetica'),
  ])
  const PDFDocument = pdfkit.default
  const { registerStdFonts } = pdfkit as unknown as { registerStdFonts: (...fonts: object[]) => void }
  registerStdFonts(helvetica)
  // One PDF point per CSS pixel at pixel ratio 2: the page has the board's own proportions.
  const size: [number, number] = [width / 2, height / 2]
  const pdf = new PDFDocument({
    size,
    margin: 0,
    info: { Title: document.title, Creator: 'Kenlabour' },
  })
  const chunks: BlobPart[] = []
  pdf.on('data', (chunk: Uint8Array<ArrayBuffer>) => chunks.push(chunk))
  const ended = new Promise((resolve, reject) => {
    pdf.on('end', resolve)
    pdf.on('error', reject)
  })
  pdf.image(await blob.arrayBuffer(), 0, 0, { width: size[0], height: size[1] })
  pdf.end()
  await ended
  return new Blob(chunks, { type: 'application/pdf' })
}

/** Saves a Blob as a file through a temporary link. */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** A file name such as `atelier-mobilites-2026-11-26.png`. */
export function exportFileName(title: string, format: ExportFormat, date = new Date()): string {
  const slug =
    title
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'tableau'
  return `${slug}-${date.toISOString().slice(0, 10)}.${format}`
}
