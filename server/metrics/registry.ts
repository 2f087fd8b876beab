import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { collectDefaultMetrics, Registry } from 'prom-client'
import { unauthorized } from '../errors.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's Prometheus registry (one per app, so several apps in one process never collide). */
    metrics: Registry
  }
}

/**
 * Decorates the app with its own Prometheus registry and serves it at GET /metrics to whoever sends
 * `Authorization: Bearer $KENLABOUR_METRICS_TOKEN` (401 otherwise). Without the variable the route does
 * not exist: the figures tell an outsider how busy the instance is and which boards are live.
 */
export const metricsPlugin = fp(async (app: FastifyInstance) => {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'kenlabour_' })
  app.decorate('metrics', registry)
  const token = app.config.metricsToken
  if (!token) return
  const expected = digest(token)
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const sent = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
    // Compared as digests of equal length, in constant time.
    if (!sent || !timingSafeEqual(digest(sent), expected)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"')
      throw unauthorized('Jeton de métriques requis (Authorization: Bearer …).')
    }
    reply.type(registry.contentType)
    return registry.metrics()
  })
})

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}
