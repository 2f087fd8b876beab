import { sha256 } from '@oslojs/crypto/sha2'
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding'

/**
 * A new secret token: 20 random bytes (160 bits) in lower-case base32, as lucia-auth.com's guide does.
 * Tokens are given to the client once and stored only as their hash.
 */
export function generateToken(): string {
  const bytes = new Uint8Array(20)
  crypto.getRandomValues(bytes)
  return encodeBase32LowerCaseNoPadding(bytes)
}

/** The stored form of a token: SHA-256, hex. A leaked table holds nothing a browser could present. */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)))
}
