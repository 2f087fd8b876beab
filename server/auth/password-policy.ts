import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as french from '@zxcvbn-ts/language-fr'

import { PASSWORD_MIN_LENGTH } from '../../shared/api/auth.ts'

/**
 * zxcvbn-ts (a maintained port of Dropbox's zxcvbn) with its common-password list (the most used
 * passwords of public breaches) and the French dictionaries: a password it guesses in fewer than 10^6
 * tries (score 0 or 1: a common password, a word with digits, a keyboard walk, a repeat) is refused.
 */
const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...french.dictionary },
  graphs: common.adjacencyGraphs,
  translations: french.translations,
})

export type PasswordProblem = 'password_too_short' | 'password_too_common'

/**
 * Why `password` is refused, or null when it is acceptable. `context` holds words the person's own data
 * gives away (their e-mail, name), which do not count as strength.
 */
export function passwordProblem(password: string, context: string[] = []): PasswordProblem | null {
  if (password.replace(/\s/gu, '').length < PASSWORD_MIN_LENGTH) return 'password_too_short'
  const inputs = context
    .flatMap((text) => {
      const lower = text.trim().toLowerCase()
      return [lower, lower.split('@')[0] ?? '', ...lower.split(/[^\p{L}\p{N}]+/u)]
    })
    .filter((word) => word.length > 2)
  if (zxcvbn.check(password.slice(0, 100), inputs).score < 2) return 'password_too_common'
  return null
}
