import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'

/**
 * Security headers on every response (@fastify/helmet): a Content-Security-Policy that allows only our
 * own origin, no framing, nosniff, a strict referrer policy; HSTS only on requests that came over HTTPS
 * (directly, or through a trusted proxy's X-Forwarded-Proto, see TRUST_PROXY). The showcase widget's
 * page alone may be framed, by any site.
 */
export async function securityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // Vite's build has one external module script and no inline script.
        scriptSrc: ["'self'"],
        // tldraw sets inline styles on its shapes and UI (style attributes), so style-src alone
        // allows 'unsafe-inline'; scripts never do.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        // 'self' covers the same host's ws:/wss: (CSP Level 3, Chromium); the live board's /collab.
        // tldraw reads a few of its assets by fetching data: and blob: URLs it made itself.
        connectSrc: ["'self'", 'data:', 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    frameguard: { action: 'deny' },
    noSniff: true,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    // Set below, only over HTTPS: an HTTP-only instance (localhost, a LAN) must not pin itself to HTTPS.
    strictTransportSecurity: false,
  })
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https')
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains')
    // The showcase's widget is made to be framed by the council's own site, whatever its address: the
    // only page that may be (DESIGN.md, "Public showcase"). Its page reads public data only.
    if (request.method === 'GET' && isFramablePage(request.url)) {
      const csp = String(reply.getHeader('content-security-policy') ?? '')
      reply.header('content-security-policy', csp.replace("frame-ancestors 'none'", 'frame-ancestors *'))
      reply.removeHeader('x-frame-options')
    }
  })
}

/** `/vitrine/:slug/widget` (a query allowed): the showcase widget's page. */
export function isFramablePage(url: string): boolean {
  return /^\/vitrine\/[a-z0-9-]{1,100}\/widget\/?(\?.*)?$/.test(url)
}
