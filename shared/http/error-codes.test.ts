import { describe, expect, it } from 'vitest'
import { errorSentences, errorText, isErrorCode } from './error-codes.ts'

describe('error codes', () => {
  it('say each listed code in French and in English, with its details', () => {
    for (const [code, sentences] of Object.entries(errorSentences)) {
      expect(sentences.fr.length, code).toBeGreaterThan(0)
      expect(sentences.en.length, code).toBeGreaterThan(0)
      expect(sentences.en, code).not.toBe(sentences.fr)
    }
    expect(errorText('image_too_large', 'en', { maxMb: 10 })).toBe('Image too large: 10 MB at most.')
    expect(errorText('duplicate_code', 'fr', { code: 'P1' })).toBe('Code en double : P1.')
  })

  it('know nothing of an unlisted code (the caller then shows the server’s sentence)', () => {
    expect(isErrorCode('no_such_code')).toBe(false)
    expect(errorText('no_such_code', 'en')).toBeNull()
    // A code is an own key, not something inherited.
    expect(isErrorCode('toString')).toBe(false)
  })
})
