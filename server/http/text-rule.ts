/**
 * The rule for text received from anyone (DESIGN.md, "Hostile text"): NUL (U+0000) and lone
 * surrogates are refused, in every text field of every route (http/validation.ts applies it to every
 * request part a schema checks). Postgres cannot store NUL in text or jsonb, and a lone surrogate is not
 * a character: no file format or database can hold it faithfully. Everything else (other control
 * characters, bidi overrides, combining marks, emoji, formulas, markup) is stored as typed, and each
 * output makes it safe for its medium: exports (projects/export/) through `exportText`.
 */

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
const loneSurrogates = new RegExp(loneSurrogate.source, 'g')

/** True when `text` breaks the rule. */
export function isRefusedText(text: string): boolean {
  return text.includes('\u0000') || loneSurrogate.test(text)
}

/**
 * The path (`carrier.name`, `partners.0.role`, `` for the value itself) of the first string in `value`
 * that breaks the rule, object keys included; null when there is none.
 */
export function findRefusedText(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return isRefusedText(value) ? path : null
  if (value === null || typeof value !== 'object') return null
  const join = (key: string | number) => (path ? `${path}.${key}` : String(key))
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findRefusedText(value[i], join(i))
      if (found !== null) return found
    }
    return null
  }
  for (const [key, item] of Object.entries(value)) {
    if (isRefusedText(key)) return join(key.replaceAll('\u0000', '\\0').replace(loneSurrogates, '?'))
    const found = findRefusedText(item, join(key))
    if (found !== null) return found
  }
  return null
}

/**
 * `value` (a string, or JSON-like data) with NUL and lone surrogates removed from every string, keys
 * included: what conversion does to a board's records, whose text came over Yjs rather than through the
 * schemas, before it becomes project records (Postgres cannot store either).
 */
export function withoutRefusedText<T>(value: T): T {
  if (typeof value === 'string') return (isRefusedText(value) ? stripRefused(value) : value) as T
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(withoutRefusedText) as T
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) out[stripRefused(key)] = withoutRefusedText(item)
  return out as T
}

const stripRefused = (text: string) => text.replaceAll('\u0000', '').replace(loneSurrogates, '')

/** C0 and C1 control characters and DEL, tab and line feed aside. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const controlCharacters = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g

/**
 * Stored text made safe for a document (PDF, DOCX, CSV, Markdown) whatever reached the store, a live
 * board included (a card's text comes over Yjs, not through the schemas): NUL and lone surrogates
 * removed, other C0 and C1 control characters and DEL removed except tab and line breaks, CRLF and CR
 * made LF, and U+2028/U+2029 made LF.
 */
export function exportText(text: string): string {
  return text
    .replace(loneSurrogates, '')
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(controlCharacters, '')
}
