import { existsSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/** The built client (scripts/client-build.ts writes it there). */
export const defaultClientRoot = fileURLToPath(new URL('../../dist/client', import.meta.url))

/** Paths that belong to the server: never answered with the client's page. */
const SERVER_PATHS = /^\/(api|collab)(\/|$)|^\/metrics(\/|$)/

const IMMUTABLE = 'public, max-age=31536000, immutable'
const REVALIDATE = 'no-cache'

export interface ClientFilesOptions {
  /** Folder of the built client; dist/client by default. */
  root?: string
  /** Given to the client in a `<meta>` of index.html; app.config.tldrawLicenseKey by default. */
  tldrawLicenseKey?: string
}

/**
 * Serves the built client from dist/client:
 * - hashed files under /assets/ are cached for a year (`immutable`): a new build has new names;
 * - other files and index.html are revalidated on each use (`no-cache`), so a new build shows at once;
 * - `.br` / `.gz` twins written at build time are sent to browsers that accept them;
 * - any other GET that asks for HTML gets index.html, so the client's router handles /contrats/…,
 *   /j/CODE and the rest, and a shared link works when opened directly;
 * - /api/*, /collab/* and /metrics never fall back: unknown ones keep the JSON 404 of the not-found handler.
 *
 * When the client has not been built (tests that only inject API routes), nothing is registered.
 * Files are looked up on each request rather than listed at start, so a rebuild while the server runs
 * (scripts/client-build.ts swaps the folder) is served at once.
 */
export async function clientFiles(app: FastifyInstance, options: ClientFilesOptions = {}): Promise<void> {
  const root = options.root ?? defaultClientRoot
  if (!existsSync(join(root, 'index.html'))) return
  const licenseKey = options.tldrawLicenseKey ?? app.config?.tldrawLicenseKey

  await app.register(fastifyStatic, {
    root,
    serve: false,
    preCompressed: true,
    // Cache-Control is set per file below; send's own default would be `max-age=0` on everything.
    cacheControl: false,
  })

  const sendIndex = async (reply: FastifyReply) => {
    const html = await readFile(join(root, 'index.html'), 'utf8').catch(() => undefined)
    if (html === undefined) return reply.callNotFound()
    return (
      reply
        .header('cache-control', REVALIDATE)
        // Page addresses carry join codes (/j/CODE) and invitation tokens: never send them to other sites.
        .header('referrer-policy', 'same-origin')
        .header('x-content-type-options', 'nosniff')
        .type('text/html; charset=utf-8')
        .send(licenseKey ? injectMeta(html, 'kenlabour:tldraw-license-key', licenseKey) : html)
    )
  }

  app.get('/*', { schema: { hide: true } }, async (request: FastifyRequest, reply: FastifyReply) => {
    const pathname = decodedPath(request.url)
    if (pathname === undefined || SERVER_PATHS.test(pathname)) return reply.callNotFound()
    if (pathname !== '/' && pathname !== '/index.html' && (await isFileInside(root, pathname))) {
      reply.header('cache-control', pathname.startsWith('/assets/') ? IMMUTABLE : REVALIDATE)
      reply.header('x-content-type-options', 'nosniff')
      return reply.sendFile(pathname)
    }
    if (pathname === '/' || pathname === '/index.html' || acceptsHtml(request)) return sendIndex(reply)
    return reply.callNotFound()
  })
}

function decodedPath(url: string): string | undefined {
  try {
    return decodeURIComponent(url.split('?')[0] ?? '/')
  } catch {
    return undefined
  }
}

async function isFileInside(root: string, pathname: string): Promise<boolean> {
  if (pathname.includes('\0')) return false
  const file = join(root, pathname)
  // join() resolves `..`: anything that lands outside the root is not ours to serve.
  if (!file.startsWith(root + sep)) return false
  const info = await stat(file).catch(() => undefined)
  return info?.isFile() === true
}

function acceptsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html')
}

function injectMeta(html: string, name: string, content: string): string {
  const escaped = content.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)
  return html.replace('</head>', `<meta name="${name}" content="${escaped}" />\n</head>`)
}
