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
 * could keep trying and learn from the one answer that differs.
 */
export class FailedAttempts {
  readonly #limiter: RateLimiterAbstract
  readonly #max: number

  constructor(name: string, limit: FailureLimit, redis?: Redis) {
    this.#max = limit.max
    const options = {
      keyPrefix: `kenlabour-failures:${name}`,
      points: limit.max,
      duration: limit.windowSeconds,
    }
    // Redis unreachable: each instance keeps counting on its own (the insurance limiter) rather than
    // letting every attempt through or refusing everyone.
    this.#limiter = redis
      ? new RateLimiterRedis({
          ...options,
          storeClient: redis,
          rejectIfRedisNotReady: true,
          insuranceLimiter: new RateLimiterMemory(options),
        })
      : new RateLimiterMemory(options)
  }

  /** Throws 429 `too_many_failures` (with Retry-After) while any of `keys` has used its failures. */
  async assertAllowed(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      const state = await this.#limiter.get(key)
      if (state && state.consumedPoints >= this.#max) throw refusal(state)
    }
  }

  /** Counts one failure against each of `keys`. */
  async record(keys: readonly string[]): Promise<void> {
    await Promise.all(
      keys.map((key) =>
        // Over the limit, `consume` rejects with the limiter's state: the failure is counted all the same.
        this.#limiter.consume(key).catch((rejection: unknown) => {
          if (rejection instanceof Error) throw rejection
        }),
      ),
    )
  }
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
