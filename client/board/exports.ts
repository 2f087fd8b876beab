import type { Editor, TLShapeId } from 'tldraw'

/**
 * Board exports from the board page: PNG and SVG of the whole board or of the selection (tldraw's own
 * export, so they look like the canvas), and PDF of the whole board (one page sized to the board, with
 * the PNG drawn on it by pdf-lib, loaded only when asked for).
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
  const { PDFDocument } = await import('pdf-lib')
  const pdf = await PDFDocument.create()
  const png = await pdf.embedPng(new Uint8Array(await blob.arrayBuffer()))
  // One PDF point per CSS pixel at pixel ratio 2: the page has the board's own proportions.
  const page = pdf.addPage([width / 2, height / 2])
  page.drawImage(png, { x: 0, y: 0, width: width / 2, height: height / 2 })
  pdf.setTitle(document.title)
  pdf.setCreator('Kenlabour')
  const bytes = await pdf.save()
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' })
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
