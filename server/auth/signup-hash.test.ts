import { expect, it, vi } from 'vitest'
import { signUp } from '../testing/app.ts'
import { suiteApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import * as passwords from './passwords.ts'

// The real Argon2id runs; the spy only counts the calls (a timing test would belong to a benchmark:
// bench/account-timing.ts gives the figures).
vi.mock('./passwords.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('./passwords.ts')>()
  return { ...real, hashPassword: vi.fn(real.hashPassword), verifyPassword: vi.fn(real.verifyPassword) }
})

describeEachStore(
  'sign-up and log-in do the same work whether the address has an account ($name)',
  (target) => {
    const suite = suiteApp(target)

    const signup = (email: string) =>
      suite.app.inject({
        method: 'POST',
        url: '/api/auth/signup',
        payload: { email, password: 'correct horse battery', displayName: 'Même travail' },
      })

    it('hashes the password for a taken address as for a new one', async () => {
      const taken = await signUp(suite.app)
      const hash = vi.mocked(passwords.hashPassword)
      hash.mockClear()
      expect((await signup(`new-${crypto.randomUUID()}@example.fr`)).statusCode).toBe(201)
      expect(hash).toHaveBeenCalledTimes(1)
      hash.mockClear()
      const refused = await signup(taken.email.toUpperCase())
      expect(refused.statusCode).toBe(409)
      expect(refused.json().error.code).toBe('email_taken')
      expect(hash).toHaveBeenCalledTimes(1)
    })

    it('verifies a hash for an unknown address as for a known one', async () => {
      const known = await signUp(suite.app)
      const verify = vi.mocked(passwords.verifyPassword)
      for (const email of [known.email, 'nobody-here@example.fr']) {
        verify.mockClear()
        const response = await suite.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email, password: 'not the password' },
        })
        expect(response.statusCode, email).toBe(401)
        expect(response.json().error.code).toBe('invalid_credentials')
        expect(verify, email).toHaveBeenCalledTimes(1)
      }
    })
  },
)
