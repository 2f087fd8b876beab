import SwaggerParser from '@apidevtools/swagger-parser'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../db/connect.ts'
import { buildTestApp } from '../testing/app.ts'
import { servedRoutes } from '../testing/served-routes.ts'

/** Routes that are not part of the JSON API document. */
const UNDOCUMENTED = new Set(['GET /api/docs'])

/** `/api/workshops/:id` → `/api/workshops/{id}`, as OpenAPI writes it. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')

describe('OpenAPI document at /api/docs', () => {
  let store: Store
  let app: FastifyInstance
  let doc: any
  let apiRoutes: { method: string; url: string }[]
  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://' })
    app = await buildTestApp(store)
    const response = await app.inject({ url: '/api/docs' })
    expect(response.statusCode).toBe(200)
    doc = response.json()
    apiRoutes = servedRoutes(app).filter(
      (r) => r.url.startsWith('/api/') && !UNDOCUMENTED.has(`${r.method} ${r.url}`),
    )
  })
  afterAll(async () => {
    await app.close()
    await store.close()
  })

  it('is a valid OpenAPI 3 document', async () => {
    expect(doc.openapi).toMatch(/^3\./)
    // Validates against the official OpenAPI 3 JSON schema, then checks references and path parameters.
    // It works on a copy: it dereferences in place.
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeDefined()
    // …and it does reject a broken one: `type: 'null'` (a TypeBox Null that @fastify/swagger failed to turn
    // into `nullable`) is not OpenAPI 3.0.
    const broken = structuredClone(doc)
    broken.paths['/api/health'].get.responses['200'].content['application/json'].schema = { type: 'null' }
    await expect(SwaggerParser.validate(broken)).rejects.toThrow(/allowed values/)
  })

  it('lists every /api route the server serves', () => {
    expect(apiRoutes.length).toBeGreaterThan(20)
    expect(apiRoutes.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining([
        'POST /api/contracts',
        'PATCH /api/workshops/:id',
        'POST /api/join',
        'GET /api/health',
      ]),
    )
    const missing = apiRoutes.filter((r) => !doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()])
    expect(missing).toEqual([])
  })

  it('gives every operation a summary, a tag, path parameter schemas and its responses', () => {
    for (const { method, url } of apiRoutes) {
      const operation = doc.paths[openApiPath(url)][method.toLowerCase()]
      const where = `${method} ${url}`
      expect(operation.summary, where).toBeTruthy()
      expect(operation.tags?.length, where).toBeGreaterThan(0)
      const names = [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1])
      for (const name of names) {
        const parameter = operation.parameters?.find((p: any) => p.in === 'path' && p.name === name)
        expect(parameter?.schema, `${where}: path parameter ${name}`).toBeTruthy()
      }
      const statuses = Object.keys(operation.responses ?? {})
      expect(
        statuses.some((s) => s.startsWith('2')),
        `${where}: a success response`,
      ).toBe(true)
    }
  })

  it('documents the request body of every route that takes one, and the route validates by it', async () => {
    const withBody: Record<string, string[]> = {
      'POST /api/contracts': ['title', 'territory', 'period', 'priorities'],
      'POST /api/workshops': ['title', 'contractId'],
      'PATCH /api/workshops/:id': [],
      'POST /api/workshops/:id/facilitators': ['userId'],
      'POST /api/workshops/:id/codes/revoke': ['kind'],
      'POST /api/join': ['code', 'displayName'],
      'POST /api/auth/signup': ['email', 'password', 'displayName'],
      'POST /api/auth/login': ['email', 'password'],
    }
    for (const [route, required] of Object.entries(withBody)) {
      const [method, url] = route.split(' ')
      const body = doc.paths[openApiPath(url)][method.toLowerCase()].requestBody
      const schema = body?.content?.['application/json']?.schema
      expect(schema?.type, route).toBe('object')
      expect(schema.required ?? [], route).toEqual(expect.arrayContaining(required))
    }
    // Any documented body with required fields is enforced before the handler runs: an empty object is a
    // 400 naming a field, never a 500, for every such route of the API.
    for (const { method, url } of apiRoutes) {
      const schema =
        doc.paths[openApiPath(url)][method.toLowerCase()].requestBody?.content?.['application/json']?.schema
      if (!schema?.required?.length) continue
      const concrete = url.replace(/:([A-Za-z0-9_]+)/g, () => crypto.randomUUID())
      const response = await app.inject({ method: method as any, url: concrete, payload: {} })
      expect(response.statusCode, `${method} ${url}`).toBe(400)
      expect(response.json().error.code, `${method} ${url}`).toBe('invalid_input')
    }
  })

  it('documents the shared error body on the routes of this API', () => {
    for (const route of [
      'POST /api/contracts',
      'GET /api/workshops/:id',
      'PATCH /api/workshops/:id',
      'POST /api/join',
    ]) {
      const [method, url] = route.split(' ')
      const responses = doc.paths[openApiPath(url)][method.toLowerCase()].responses
      for (const status of ['400', '401', '404'])
        expect(
          responses[status]?.content?.['application/json']?.schema?.properties?.error,
          `${route} ${status}`,
        ).toBeTruthy()
    }
  })
})
