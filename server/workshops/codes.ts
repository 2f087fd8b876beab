import { CODE_ALPHABET, CODE_LENGTH } from '../../shared/workshop/join-code.ts'

/**
 * Join and observer codes: read aloud in a room, typed on a phone, and yet not guessable. Their
 * alphabet, format and parsing are shared with the client: shared/workshop/join-code.ts.
 *
 * 8 characters from a 31-symbol alphabet without look-alikes (no I, L, O, 0, 1) give
 * 31^8 ≈ 8.5 × 10^11 codes, about 39.6 bits. Guessing goes through POST /api/join (and its preview),
 * which count wrong codes together per address: 30 misses in 10 minutes, then every attempt from that
 * address is refused until the window passes (http/rate-limits.ts; right codes are not counted, so a
 * whole room behind one town-hall NAT still joins at once). One address thus makes at most 4,320
 * guesses a day; with 1,000 codes live at once across the server, each guess hits one with a
 * probability of 1,000 / 8.5 × 10^11, so one address needs about 200,000 days of non-stop guessing for
 * one expected hit, and a hit only gains a guest seat that the facilitator sees and can revoke.
 * A ninth character would multiply that by 31 but makes codes harder to read out; two groups of four
 * (XXXX-XXXX) are as easy to dictate as a phone number.
 */

// Bytes at or above this are rejected so that every symbol stays equally likely: 248 = 8 × 31 is the
// largest multiple of the alphabet size that fits in a byte; `byte % 31` below it has no bias.
const ACCEPT_BELOW = Math.floor(256 / CODE_ALPHABET.length) * CODE_ALPHABET.length

/** A fresh code, in its stored form (8 symbols, no dash), from the platform's cryptographic generator. */
export function generateCode(): string {
  let code = ''
  const bytes = new Uint8Array(16)
  while (code.length < CODE_LENGTH) {
    crypto.getRandomValues(bytes)
    code += symbolsFromBytes(bytes)
  }
  return code.slice(0, CODE_LENGTH)
}

/** Maps random bytes to symbols, dropping the bytes that would favour the first symbols. */
export function symbolsFromBytes(bytes: Uint8Array): string {
  let symbols = ''
  for (const byte of bytes) if (byte < ACCEPT_BELOW) symbols += CODE_ALPHABET[byte % CODE_ALPHABET.length]
  return symbols
}
