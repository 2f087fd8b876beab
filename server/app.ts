import cookie from '@fastify/cookie'
import swagger from '@fastify/swagger'
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyServerOptions } from 'fastify'
import packageJson from '../package.json' with { type: 'json' }
import { assetRoutes } from './assets/routes.ts'
import { AccessEvents } from './auth/access-events.ts'
import { RedisAccessRelay } from './auth/redis-access-relay.ts'
import { authRoutes } from './auth/routes.ts'
import { sessionPlugin } from './auth/session-plugin.ts'
import { ideaRoutes } from './boards/idea-routes.ts'
import { boardRoutes } from './boards/routes.ts'
import { publicCallRoutes } from './calls/public-routes.ts'
import { reviewRoutes } from './calls/review-routes.ts'
import { callRoutes } from './calls/routes.ts'
import { onlinePeoplePlugin } from './collab/online-people.ts'
import { collabPlugin } from './collab/plugin.ts'
import { readConfig, type ServerConfig } from './config.ts'
import { continuityRoutes } from './continuity/routes.ts'
import { contractRoutes } from './contracts/routes.ts'
import { councilArchiveRoutes } from './council-archive/routes.ts'
import type { Store } from './db/connect.ts'
import { deletionRoutes } from './deletion/routes.ts'
import { type RetentionSchedule, retentionPlugin } from './erasure/retention.ts'
import { erasureRoutes } from './erasure/routes.ts'
import { evaluationRoutes } from './evaluation/routes.ts'
import { followupRoutes } from './followup/routes.ts'
import { healthRoutes } from './health/routes.ts'
import { clientFiles } from './http/client-files.ts'
import { frameworkErrors, registerErrorHandling } from './http/errors-plugin.ts'
import {
  type AttemptLimiters,
  defaultFailureLimits,
  defaultRateLimits,
  type FailureLimits,
  type RateLimits,
  registerRateLimits,
} from './http/rate-limits.ts'
import { securityHeaders } from './http/security-headers.ts'
import { validatorCompiler } from './http/validation.ts'
import { joinRoutes } from './join/routes.ts'
import { projectRoutes } from './projects/routes.ts'
import { showcaseRoutes } from './showcase/routes.ts'
import { templateRoutes } from './templates/routes.ts'
import { votesPlugin } from './votes/routes.ts'
import { participantRoutes } from './workshops/participant-routes.ts'
import { workshopRoutes } from './workshops/routes.ts'
import { workshopTemplateRoutes } from './workshops/template-routes.ts'

declare module 'fastify' {
  interface FastifyInstance {
    store: Store
    config: ServerConfig
    /** Revocations of access, for live connections to act on. */
    access: AccessEvents
    /** True when Redis is configured and connected (scale-out). */
    redisReady: () => boolean
    /** Failed-attempt counters (http/rate-limits.ts). */
    attempts: AttemptLimiters
  }
}

export interface AppOptions {
  /** An open store (see db/connect.ts); the app closes it on close when `ownsStore` is true. */
  store: Store
  ownsStore?: boolean
  config?: Partial<ServerConfig>
  logger?: FastifyServerOptions['logger']
  /** Requests per minute and per address (http/rate-limits.ts). */
  rateLimits?: Partial<RateLimits>
  /** Failed attempts per address and per account (http/rate-limits.ts). */
  failureLimits?: Partial<FailureLimits>
  /** Largest accepted JSON body, in bytes. */
  bodyLimit?: number
  /** Deadlines of slow clients (defaults: `defaultTimeouts`). */
  timeouts?: Partial<Timeouts>
  /** The daily retention job's clock and timing (tests). */
  retention?: Partial<RetentionSchedule>
}

/** How long a client may take, in milliseconds, before its connection is closed. */
export interface Timeouts {
  /** To send a request's headers (slow-headers attacks). */
  headersMs: number
  /** To send a whole request, headers and body (bodies that stall or trickle): answered 408. */
  requestMs: number
  /**
   * An idle keep-alive connection between two requests. Above the 60 s idle timeout of common reverse
   * proxies and load balancers, so that a proxy never reuses a connection we are closing.
   */
  keepAliveMs: number
  /** How often Node checks the first two deadlines (they hold within this much). */
  checkEveryMs: number
}

export const defaultTimeouts: Timeouts = {
  headersMs: 10_000,
  // A 5 MB image from a phone at 2 Mbit/s takes 20 s.
  requestMs: 30_000,
  keepAliveMs: 65_000,
  checkEveryMs: 1_000,
}

/** A hop count as proxy-addr's function (hops 0..n-1 from our socket believed), else as given. */
function trustProxyOption(setting: ServerConfig['trustProxy']) {
  if (typeof setting !== 'number') return setting
  return (_address: string, hop: number) => hop < setting
}

/** Builds the whole server, ready to `listen` or to `inject` in tests. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const config: ServerConfig = { ...readConfig({}), ...options.config }
  const rateLimits = {
    ...defaultRateLimits,
    ...(config.joinRateLimit ? { join: config.joinRateLimit } : {}),
    ...options.rateLimits,
  }
  const timeouts = { ...defaultTimeouts, ...options.timeouts }
  const app = Fastify({
    logger: options.logger ?? false,
    // Live-board websockets leave these deadlines once upgraded; they have their own heartbeat.
    http: { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: timeouts.checkEveryMs },
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // A hop count or the proxies' addresses, never every hop (config.ts, parseTrustProxy).
    // (Fastify takes a count at run time but its types do not: the same rule written as proxy-addr's
    // function, hops 0..n-1 from our socket are believed.)
    trustProxy: trustProxyOption(config.trustProxy),
    // Ids in logs let one request be followed through.
    genReqId: () => crypto.randomUUID(),
    // Refusals before routing answer in the API's error shape (http/errors-plugin.ts).
    frameworkErrors,
  })
  app.setValidatorCompiler(validatorCompiler)

  // Ecosystem plugins.
  await securityHeaders(app)
  await app.register(cookie)
  const attempts = await registerRateLimits(app, {
    redisUrl: config.redisUrl,
    failures: { ...defaultFailureLimits, ...options.failureLimits },
  })
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Kenlabour API',
        version: packageJson.version,
        description: 'HTTP API v1 of Kenlabour.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'kenlabour_session' } },
      },
    },
  })

  // Decorators.
  app.decorate('store', options.store)
  app.decorate('config', config)
  app.decorate('access', new AccessEvents())
  app.decorate('redisReady', () => false)
  app.decorate('attempts', attempts)
  // Several instances: a revocation decided on one closes the sockets open on the others.
  if (config.redisUrl) {
    const relay = new RedisAccessRelay(config.redisUrl, app.access, app.log.child({ module: 'access' }))
    app.addHook('onClose', async () => relay.close())
  }

  // Own plugins and hooks.
  registerErrorHandling(app)
  await app.register(sessionPlugin, { publicOrigins: config.publicOrigins })

  // Routes, one plugin per area (with the live boards' plugins before the routes that read them), in
  // this order; those that count requests or failed attempts read the limits they need.
  const routeOptions = { rateLimits, attempts }
  const routePlugins: FastifyPluginAsync<typeof routeOptions>[] = [
    healthRoutes,
    authRoutes,
    contractRoutes,
    workshopRoutes,
    participantRoutes,
    joinRoutes,
    collabPlugin,
    onlinePeoplePlugin,
    votesPlugin,
    boardRoutes,
    ideaRoutes,
    assetRoutes,
    projectRoutes,
    callRoutes,
    publicCallRoutes,
    reviewRoutes,
    deletionRoutes,
    continuityRoutes,
    evaluationRoutes,
    councilArchiveRoutes,
    templateRoutes,
    workshopTemplateRoutes,
    erasureRoutes,
    followupRoutes,
    showcaseRoutes,
  ]
  for (const routes of routePlugins) await app.register(routes, routeOptions)
  await app.register(retentionPlugin, { schedule: options.retention })
  await app.register(clientFiles)
  app.get('/api/docs', { schema: { hide: true } }, async () => app.swagger())

  if (options.ownsStore) app.addHook('onClose', async () => options.store.close())
  return app
}
