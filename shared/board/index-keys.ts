/**
 * Fractional index keys, as tldraw orders shapes (`index` of a shape, validated by `T.indexKey`): an
 * integer part (a head letter giving its length, then base-62 digits) and an optional fraction. Only
 * what the server needs: a key above another one. Keys sort as plain strings.
 */
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** Length of the integer part that starts with `head` ('a' → 2, 'b' → 3 … 'Z' → 2, 'Y' → 3 …). */
function integerLength(head: string): number {
  if (head >= 'a' && head <= 'z') return head.charCodeAt(0) - 'a'.charCodeAt(0) + 2
  if (head >= 'A' && head <= 'Z') return 'Z'.charCodeAt(0) - head.charCodeAt(0) + 2
  throw new Error(`invalid index key head: ${head}`)
}

function incrementInteger(integer: string): string | null {
  const head = integer[0]
  const digits = integer.slice(1).split('')
  for (let i = digits.length - 1; i >= 0; i--) {
    const next = DIGITS.indexOf(digits[i]) + 1
    if (next < DIGITS.length) {
      digits[i] = DIGITS[next]
      return head + digits.join('')
    }
    digits[i] = '0'
  }
  // Every digit overflowed: the integer part gets one digit longer (or, below zero, one shorter).
  if (head === 'Z') return 'a0'
  if (head === 'z') return null
  const nextHead = String.fromCharCode(head.charCodeAt(0) + 1)
  if (nextHead > 'a') digits.push('0')
  else digits.pop()
  return nextHead + digits.join('')
}

/** A key that sorts after `key` (the first key, 'a1', when there is none). */
export function indexAbove(key: string | undefined): string {
  if (!key) return 'a1'
  const integer = key.slice(0, integerLength(key[0]))
  const next = incrementInteger(integer)
  if (next === null) throw new Error('index keys exhausted')
  return next
}

/** `count` increasing keys after `key`. */
export function indicesAbove(key: string | undefined, count: number): string[] {
  const keys: string[] = []
  let last = key
  for (let i = 0; i < count; i++) {
    last = indexAbove(last)
    keys.push(last)
  }
  return keys
}
