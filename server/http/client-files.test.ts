import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync } from 'node:zlib'
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientFiles } from './client-files.ts'
import { registerErrorHandling } from './errors-plugin.ts'

const INDEX =
  '<!doctype html><html><head><title>Kenlabour</title></head><body><div id="root"></div></body></html>'
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(2000))})`

async function appOn(root: string, options: { tldrawLicenseKey?: string } = {}): Promise<FastifyInstance> {
  const app = Fastify()
  registerErrorHandling(app)
  app.get('/api/known', async () => ({ ok: true }))
  await app.register(clientFiles, { root, ...options })
  await app.ready()
  return app
}

/** The server's JSON 404 (`not_found`), not a page nor a file. */
function expectJsonNotFound(response: LightMyRequestResponse, what?: string) {
  expect(response.statusCode, what).toBe(404)
  expect(response.json().error.code, what).toBe('not_found')
}

describe('client files', () => {
  let root: string
  let app: FastifyInstance

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'kenlabour-client-'))
    await mkdir(join(root, 'assets'))
    await writeFile(join(root, 'index.html'), INDEX)
    await writeFile(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
    await writeFile(join(root, 'assets', 'index-AbC123.js'), SCRIPT)
    await writeFile(join(root, 'assets', 'index-AbC123.js.br'), brotliCompressSync(SCRIPT))
    await writeFile(join(tmpdir(), 'kenlabour-secret.txt'), 'TOP-SECRET-CONTENT')
    app = await appOn(root)
  })

  afterAll(async () => {
    await app.close()
    await rm(root, { recursive: true, force: true })
    await rm(join(tmpdir(), 'kenlabour-secret.txt'), { force: true })
  })

  it('serves index.html at / and revalidates it on every use', async () => {
    const response = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/html/)
    expect(response.headers['cache-control']).toBe('no-cache')
    expect(response.headers['referrer-policy']).toBe('same-origin')
    expect(response.body).toBe(INDEX)
  })

  it('answers client routes asked for as HTML with index.html, so shared links open directly', async () => {
    for (const url of ['/j/ABCD-EFGH', '/contrats/nouveau', '/tableau/123?x=1', '/une/page/inconnue']) {
      const response = await app.inject({ method: 'GET', url, headers: { accept: 'text/html,*/*;q=0.8' } })
      expect(response.statusCode, url).toBe(200)
      expect(response.body, url).toBe(INDEX)
    }
  })

  it('caches hashed assets for a year and sends the pre-compressed twin when accepted', async () => {
    const plain = await app.inject({ method: 'GET', url: '/assets/index-AbC123.js' })
    expect(plain.statusCode).toBe(200)
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(plain.headers['content-type']).toMatch(/javascript/)
    expect(plain.body).toBe(SCRIPT)

    const compressed = await app.inject({
      method: 'GET',
      url: '/assets/index-AbC123.js',
      headers: { 'accept-encoding': 'gzip, br' },
    })
    expect(compressed.statusCode).toBe(200)
    expect(compressed.headers['content-encoding']).toBe('br')
    expect(compressed.headers['content-type']).toMatch(/javascript/)
    expect(compressed.rawPayload.length).toBeLessThan(SCRIPT.length / 4)
  })

  it('revalidates files that are not hashed', async () => {
    const response = await app.inject({ method: 'GET', url: '/favicon.svg' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['cache-control']).toBe('no-cache')
  })

  it('keeps JSON 404s for unknown /api, /collab and /metrics paths, even when HTML is accepted', async () => {
    for (const url of ['/api/nope', '/api', '/collab/some-board', '/metrics']) {
      const response = await app.inject({ method: 'GET', url, headers: { accept: 'text/html' } })
      expectJsonNotFound(response, url)
    }
    expect((await app.inject({ method: 'GET', url: '/api/known' })).json()).toEqual({ ok: true })
  })

  it('answers a missing asset with a 404, not with the page', async () => {
    const response = await app.inject({ url: '/assets/index-Gone99.js', headers: { accept: '*/*' } })
    expectJsonNotFound(response)
  })

  it('never serves a file outside its folder', async () => {
    for (const url of [
      '/../kenlabour-secret.txt',
      '/%2e%2e/kenlabour-secret.txt',
      '/assets/..%2f..%2fkenlabour-secret.txt',
    ]) {
      const response = await app.inject({ method: 'GET', url, headers: { accept: '*/*' } })
      expect(response.statusCode, url).toBeGreaterThanOrEqual(400)
      expect(response.body, url).not.toContain('TOP-SECRET-CONTENT')
    }
  })

  it('only answers GET and HEAD: other methods on client paths get the JSON 404', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/contrats/nouveau',
      headers: { accept: 'text/html' },
    })
    expectJsonNotFound(response)
    const head = await app.inject({ method: 'HEAD', url: '/', headers: { accept: 'text/html' } })
    expect(head.statusCode).toBe(200)
  })

  it('hands the tldraw licence key to the client in a meta tag, escaped', async () => {
    const keyed = await appOn(root, { tldrawLicenseKey: 'tldraw-abc"<x>&' })
    try {
      const response = await keyed.inject({
        method: 'GET',
        url: '/ateliers/1',
        headers: { accept: 'text/html' },
      })
      expect(response.body).toContain(
        '<meta name="kenlabour:tldraw-license-key" content="tldraw-abc&#34;&#60;x&#62;&#38;" />',
      )
    } finally {
      await keyed.close()
    }
  })

  it('registers nothing when the client has not been built, and the API still answers', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'kenlabour-noclient-'))
    const bare = await appOn(empty)
    try {
      const page = await bare.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } })
      expectJsonNotFound(page)
      expect((await bare.inject({ method: 'GET', url: '/api/known' })).statusCode).toBe(200)
    } finally {
      await bare.close()
      await rm(empty, { recursive: true, force: true })
    }
  })
})
