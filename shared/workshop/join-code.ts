/**
 * Join and observer codes as people see and type them, the one rule for the server and the client.
 *
 * A code is 8 symbols from an alphabet without look-alikes (no I, L, O, 0, 1), stored without a dash
 * and shown as two groups of four (`ABCD-EFGH`), easy to dictate like a phone number. What people
 * type may come in any case, with spaces, dashes or typographic dashes copied from a document. Why the
 * length and the alphabet are enough against guessing: server/workshops/codes.ts.
 */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
export const CODE_LENGTH = 8

const codePattern = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`)
/** Spaces, the ASCII dash and the typographic dashes (U+2010 to U+2015). */
const separators = /[\s\u2010-\u2015-]+/g

/** The code as shown to people: `ABCD-EFGH`. */
export function formatCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`
}

/**
 * The stored form of what someone typed, or null when it cannot be a code (the server answers such
 * input like an unknown code, without a database lookup).
 */
export function parseCode(input: string): string | null {
  const code = input.toUpperCase().replace(separators, '')
  return codePattern.test(code) ? code : null
}

/**
 * What a code field shows while someone types: a whole code as `ABCD-EFGH`, anything else upper-cased
 * without separators (so that a mistyped symbol stays visible, and the server says the code is unknown).
 */
export function tidyTypedCode(input: string): string {
  const compact = input.toUpperCase().replace(separators, '')
  return compact.length === CODE_LENGTH ? formatCode(compact) : compact
}

/** True when the input holds as many symbols as a code: worth looking up. */
export function isCompleteCode(input: string): boolean {
  return input.toUpperCase().replace(separators, '').length === CODE_LENGTH
}
