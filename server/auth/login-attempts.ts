import type { AttemptLimiters } from '../http/rate-limits.ts'

/** The failed-login counters (http/rate-limits.ts): per address, and per account from any address. */
export type LoginFailures = Pick<AttemptLimiters, 'loginPerAddress' | 'loginPerAccount'>

/**
 * The failed log-ins of one address and one account, counted together: a wrong password at log-in, and
 * a wrong current password at a password change (a borrowed session cannot be used to guess it).
 */
export function loginAttempts(failures: LoginFailures, address: string, email: string) {
  return {
    /** 429 too_many_failures over either limit, unless `succeeded` already signed in (failed-attempts.ts). */
    async assertAllowed(succeeded?: string): Promise<void> {
      await failures.loginPerAddress.assertAllowed([address], succeeded)
      await failures.loginPerAccount.assertAllowed([email], succeeded)
    },
    async recordFailure(): Promise<void> {
      await failures.loginPerAddress.record([address])
      await failures.loginPerAccount.record([email])
    },
    async recordSuccess(succeeded: string): Promise<void> {
      await failures.loginPerAddress.recordSuccess(succeeded)
      await failures.loginPerAccount.recordSuccess(succeeded)
    },
  }
}
