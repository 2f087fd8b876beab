import mammoth from 'mammoth'
import { extractText, getDocumentProxy } from 'unpdf'

/** Whitespace-insensitive form: extractors differ on spaces, no-break spaces and line breaks. */
export const flat = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, ' ').trim()
/** Without any whitespace: a PDF's extracted text may cut a line anywhere. */
export const squeeze = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, '')

/** A DOCX file's text, as mammoth reads it. */
export async function docxText(bytes: Buffer): Promise<string> {
  return (await mammoth.extractRawText({ buffer: bytes })).value
}

/** A PDF file's text, all pages, as unpdf reads it. */
export async function pdfText(bytes: Buffer): Promise<{ text: string; pages: number }> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes))
  const { text } = await extractText(pdf, { mergePages: true })
  return { text: text as string, pages: pdf.numPages }
}
