import type { Redis } from 'ioredis'
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  type RateLimiterRes,
} from 'rate-limiter-flexible'
import { HttpError } from '../errors.ts'

/** How many failures a key may make in a window before its attempts are refused. */
export interface FailureLimit {
  max: number
  windowSeconds: number
}

/**
 * Failed attempts (a wrong join code, a wrong password), counted per key (an address, an account) with
 * rate-limiter-flexible: in memory on one instance, in Redis when several instances share the load, so
 * a guesser gains nothing by landing on another instance. Only failures count: a hall of 300 people
 * behind one address joins as fast as it types, while whoever guesses is refused after `max` misses.
 *
 * While a key is over its limit every attempt with it is refused, right or wrong; otherwise a guesser
 * could keep trying and learn from the one answer that differs. One exception keeps a hall working when
 * someone in it guesses: what already succeeded from there in the window (this join code from this
 * address, this account from this address) still passes. It tells a guesser nothing they did not know.
 */
export class FailedAttempts {
  readonly #failures: RateLimiterAbstract
  readonly #successes: RateLimiterAbstract
  readonly #max: number

  constructor(name: string, limit: FailureLimit, redis?: Redis) {
    this.#max = limit.max
    this.#failures = counter(`kenlabour-failures:${name}`, limit.max, limit.windowSeconds, redis)
    this.#successes = counter(`kenlabour-successes:${name}`, 1e9, limit.windowSeconds, redis)
  }

  /**
   * Throws 429 `too_many_failures` (with Retry-After) while any of `keys` has used its failures, unless
   * `succeeded` names an attempt that already succeeded in the window (see `recordSuccess`).
   */
  async assertAllowed(keys: readonly string[], succeeded?: string): Promise<void> {
    for (const key of keys) {
      const state = await this.#failures.get(key)
      if (!state || state.consumedPoints < this.#max) continue
      if (succeeded !== undefined && (await this.#successes.get(succeeded))) continue
      throw refusal(state)
    }
  }

  /** Remembers, for the window, an attempt that succeeded (a code or an account, with the address). */
  async recordSuccess(succeeded: string): Promise<void> {
    await this.#successes.consume(succeeded)
  }

  /** Counts one failure against each of `keys`. */
  async record(keys: readonly string[]): Promise<void> {
    await Promise.all(
      keys.map((key) =>
        // Over the limit, `consume` rejects with the limiter's state: the failure is counted all the same.
        this.#failures.consume(key).catch((rejection: unknown) => {
          if (rejection instanceof Error) throw rejection
        }),
      ),
    )
  }
}

/**
 * A counter in Redis, or in memory without it. Redis unreachable: each instance keeps counting on its
 * own (the insurance limiter) rather than letting every attempt through or refusing everyone.
 */
function counter(keyPrefix: string, points: number, duration: number, redis?: Redis): RateLimiterAbstract {
  const options = { keyPrefix, points, duration }
  return redis
    ? new RateLimiterRedis({
        ...options,
        storeClient: redis,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(options),
      })
    : new RateLimiterMemory(options)
}

function refusal(state: RateLimiterRes): HttpError {
  const seconds = Math.max(1, Math.ceil(state.msBeforeNext / 1000))
  const minutes = Math.ceil(seconds / 60)
  const error = new HttpError(
    429,
    'too_many_failures',
    `Trop d’essais manqués : réessayez dans ${minutes} min.`,
    { details: { minutes } },
  )
  error.headers = { 'retry-after': String(seconds) }
  return error
}
