/**
 * Workshop codes as people type them. Codes look like `ABCD-EFGH`; the server accepts any case, with or
 * without the dash, so the client only tidies what was typed (spaces, case, dash) for display and sending.
 */

/** `abcd efgh`, `ABCDEFGH`, ` abcd-efgh ` → `ABCD-EFGH`; anything else is upper-cased without spaces. */
export function normalizeCode(input: string): string {
  const compact = input.toUpperCase().replace(/[^0-9A-Z]/g, '')
  return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : compact
}

/** True when the input holds a whole code (eight letters or digits), worth looking up. */
export function isCompleteCode(input: string): boolean {
  return input.toUpperCase().replace(/[^0-9A-Z]/g, '').length === 8
}
