import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import { Redis } from 'ioredis'
import { FailedAttempts, type FailureLimit } from './failed-attempts.ts'

/**
 * Rate limits, in two kinds (docs: DESIGN.md "Limits"):
 * - a ceiling on requests per minute and per address (@fastify/rate-limit), generous, so that a hall
 *   of several hundred people behind one address joins at once;
 * - failed attempts (a wrong code, a wrong password), few, per address and per account
 *   (failed-attempts.ts): what a guesser makes and a hall does not.
 * With REDIS_URL both are counted in Redis, so the limits hold across instances.
 */

/** Requests per minute and per address, successes included. */
export interface RateLimits {
  login: number
  signup: number
  /** POST /api/join and its preview GET together (a person makes both). */
  join: number
  /** Applications to calls for projects, and their private link's reads and edits, together (calls/). */
  applications: number
}

/** Failures per key and window before that key's attempts are refused. */
export interface FailureLimits {
  /** Wrong join or observer codes, per address. */
  join: FailureLimit
  /** Wrong passwords or unknown e-mails, per address. */
  loginPerAddress: FailureLimit
  /** Wrong passwords, per account (e-mail), from any address. */
  loginPerAccount: FailureLimit
}

export const defaultRateLimits: RateLimits = { login: 60, signup: 10, join: 3_000, applications: 20 }

export const defaultFailureLimits: FailureLimits = {
  join: { max: 30, windowSeconds: 10 * 60 },
  loginPerAddress: { max: 30, windowSeconds: 15 * 60 },
  loginPerAccount: { max: 10, windowSeconds: 15 * 60 },
}

export interface AttemptLimiters {
  join: FailedAttempts
  loginPerAddress: FailedAttempts
  loginPerAccount: FailedAttempts
  /** True while the counts are kept in Redis (false without REDIS_URL, or while Redis is unreachable). */
  shared: () => boolean
}

/** Registers @fastify/rate-limit (routes opt in) and builds the failed-attempt counters. */
export async function registerRateLimits(
  app: FastifyInstance,
  options: { redisUrl: string | undefined; failures: FailureLimits },
): Promise<AttemptLimiters> {
  // One client for both kinds; no offline queue, so an unreachable Redis fails fast: @fastify/rate-limit
  // then lets the request through (skipOnError) and the failure counters fall back to memory.
  const redis = options.redisUrl
    ? new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0 })
    : undefined
  if (redis) {
    redis.on('error', (error) => app.log.debug({ err: error }, 'rate-limit redis'))
    app.addHook('onClose', async () => {
      redis.disconnect()
    })
  }
  await app.register(rateLimit, {
    global: false,
    ...(redis ? { redis, skipOnError: true, nameSpace: 'kenlabour-rate:' } : {}),
  })
  return {
    join: new FailedAttempts('join', options.failures.join, redis),
    loginPerAddress: new FailedAttempts('login-address', options.failures.loginPerAddress, redis),
    loginPerAccount: new FailedAttempts('login-account', options.failures.loginPerAccount, redis),
    shared: () => redis?.status === 'ready',
  }
}
