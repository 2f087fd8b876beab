import { exportText } from './text-rule.ts'

/**
 * CSV for French spreadsheets (LibreOffice Calc, Excel set to French), shared by every CSV export:
 * UTF-8 with a byte-order mark (else Excel reads Latin-1), `;` between fields (`,` is the decimal
 * separator), CRLF line ends.
 */
export function spreadsheetCsv(rows: readonly (readonly string[])[]): string {
  return `\ufeff${rows.map((row) => row.map(csvField).join(';')).join('\r\n')}\r\n`
}

/**
 * Quotes a field when it holds the separator, a quote or a line break (quotes doubled). Text that a
 * spreadsheet would run as a formula (a participant's idea or name starting with "=", "+", "-" or "@")
 * is prefixed with an apostrophe, which spreadsheets show as text. NUL, lone surrogates and control
 * characters other than tab and line feed are removed first (text-rule.ts exportText).
 */
export function csvField(value: string): string {
  const text = exportText(value)
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[;"\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}
