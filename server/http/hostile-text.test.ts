import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Store } from '../db/connect.ts'
import { convert, exampleWorkshop } from '../projects/testing/example-workshop.ts'
import { buildTestApp, signUp } from '../testing/app.ts'
import { hostileCorpus } from '../testing/hostile-text.ts'
import { describeEachStore } from '../testing/stores.ts'
import {
  contractExample,
  createContract,
  createWorkshop,
  joinAsGuest,
  postIdea,
} from '../testing/workshops.ts'

/**
 * Every text field of every documented route (GET /api/docs) gets every string of the hostile corpus
 * (testing/hostile-text.ts), one field at a time, the rest of the request being valid. NUL and lone
 * surrogates are refused with 400 `invalid_text`; nothing answers 500. Body fields are found by walking
 * the route's JSON schema, so a new field or route is covered without editing this test; a documented
 * route with text inputs and no baseline request below fails the test.
 */

/** A valid request for one route: the test changes one text input of it at a time. */
interface Baseline {
  cookie?: string
  params?: Record<string, string>
  query?: Record<string, string>
  body?: Record<string, unknown>
}

type Path = (string | number)[]

/** Paths of the string leaves of a JSON schema (array items at index 0). */
function stringPaths(schema: any, prefix: Path = []): Path[] {
  if (!schema || typeof schema !== 'object') return []
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives) {
    const seen = new Map<string, Path>()
    for (const alt of alternatives) for (const p of stringPaths(alt, prefix)) seen.set(JSON.stringify(p), p)
    return [...seen.values()]
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type]
  if (types.includes('string')) return [prefix]
  if (types.includes('object') && schema.properties)
    return Object.entries(schema.properties).flatMap(([key, sub]) => stringPaths(sub, [...prefix, key]))
  if (types.includes('array') && schema.items) return stringPaths(schema.items, [...prefix, 0])
  return []
}

function setAt(body: Record<string, unknown>, path: Path, value: string): Record<string, unknown> {
  const copy = structuredClone(body)
  let node: any = copy
  path.forEach((key, i) => {
    if (i === path.length - 1) node[key] = value
    else {
      if (node[key] === null || typeof node[key] !== 'object')
        node[key] = typeof path[i + 1] === 'number' ? [] : {}
      node = node[key]
    }
  })
  return copy
}

/**
 * Percent-encodes every code point as its UTF-8 bytes; a lone surrogate as the three bytes it would
 * take (WTF-8), which no UTF-8 decoder accepts: what a client can send in a URL for one.
 */
function percentEncode(text: string): string {
  let out = ''
  for (const char of text) {
    const code = char.codePointAt(0)!
    if (/[A-Za-z0-9\-._~]/.test(char)) {
      out += char
      continue
    }
    const bytes =
      code < 0x80
        ? [code]
        : code < 0x800
          ? [0xc0 | (code >> 6), 0x80 | (code & 63)]
          : code < 0x10000
            ? [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63)]
            : [0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63)]
    out += bytes.map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')
  }
  return out
}

interface Outcome {
  route: string
  input: string
  where: string
  status: number
  code?: string
}

describeEachStore('hostile text through every route ($name)', (target) => {
  let store: Store
  let app: FastifyInstance
  let baselines: Record<string, () => Promise<Baseline>>

  beforeAll(async () => {
    store = await target.open()
    app = await buildTestApp(store)
    const facilitator = await signUp(app)
    const cookie = facilitator.cookie
    const contract = await createContract(app, cookie)
    const workshop = await createWorkshop(app, cookie, { contractId: contract.id })
    const spare = await createWorkshop(app, cookie, { contractId: contract.id })
    const participant = await joinAsGuest(app, workshop.joinCode, 'Participante')
    const ideaId = await postIdea(app, workshop.boardId, participant, {
      text: 'Une idée',
      priorityCode: 'P1',
    })
    const converted = await exampleWorkshop(app, facilitator)
    const conversion = (await convert(app, cookie, converted.workshop.id)).json()
    const projectId = conversion.projects[0].id as string
    const snapshotId = conversion.snapshotId as string
    const password = 'correct horse battery'
    const fresh = 'une autre phrase de passe assez longue'
    const board = { boardId: workshop.boardId }
    const builtInTemplate = 'builtin-priorites-du-contrat'
    const exported = await app.inject({
      method: 'GET',
      url: `/api/templates/${builtInTemplate}/export`,
      headers: { cookie },
    })
    expect(exported.statusCode, exported.body).toBe(200)
    const templateFile = exported.json()
    const callOpened = await app.inject({
      method: 'POST',
      url: '/api/calls',
      headers: { cookie },
      payload: {
        contractId: contract.id,
        title: 'Appel',
        description: '',
        kind: 'call',
        priorityCodes: ['P1'],
        opensAt: new Date(Date.now() - 86_400_000).toISOString(),
        closesAt: new Date(Date.now() + 86_400_000).toISOString(),
        questions: [{ id: 'q1', label: 'Question', type: 'short', required: false }],
      },
    })
    expect(callOpened.statusCode, callOpened.body).toBe(201)
    const callId = callOpened.json().id as string
    const callBody = {
      contractId: contract.id,
      title: 'Appel',
      description: 'Texte',
      kind: 'call',
      priorityCodes: ['P1'],
      actionCodes: ['1.1'],
      opensAt: new Date(Date.now() - 86_400_000).toISOString(),
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      questions: [{ id: 'q1', label: 'Question', type: 'choice', required: true, choices: ['A', 'B'] }],
      criteria: [{ id: 'c1', label: 'Critère', weight: 1 }],
    }
    const applicationBody = {
      carrier: { name: 'Association', kind: 'association', email: 'contact@example.fr' },
      title: 'Projet',
      summary: 'Résumé',
      answers: { q1: 'Réponse' },
      budget: 1000,
      priorityCode: 'P1',
      website: '',
    }

    baselines = {
      'POST /api/auth/signup': async () => ({
        body: {
          email: `hostile-${crypto.randomUUID().slice(0, 8)}@example.fr`,
          password,
          displayName: 'Anne',
          councilName: 'Conseil',
        },
      }),
      'POST /api/auth/login': async () => ({ body: { email: facilitator.email, password } }),
      'GET /api/invites/{token}': async () => ({ params: { token: 'jeton' } }),
      // A fresh account each time: a new password that is taken would change the next one's.
      'POST /api/auth/password': async () => ({
        cookie: (await signUp(app)).cookie,
        body: { currentPassword: password, newPassword: fresh },
      }),
      'DELETE /api/council/members/{userId}': async () => ({
        cookie,
        params: { userId: crypto.randomUUID() },
      }),
      'POST /api/council/members/{userId}/reset-link': async () => ({
        cookie,
        params: { userId: crypto.randomUUID() },
      }),
      'GET /api/auth/password-reset/{token}': async () => ({ params: { token: 'jeton' } }),
      'POST /api/auth/password-reset': async () => ({ body: { token: 'j'.repeat(43), newPassword: fresh } }),
      'POST /api/contracts': async () => ({
        cookie,
        body: {
          ...structuredClone(contractExample),
          priorities: contractExample.priorities.map((p) => ({
            ...p,
            actions: p.actions.map((a) => ({ ...a, description: 'Description' })),
          })),
        },
      }),
      'GET /api/contracts/{id}': async () => ({ cookie, params: { id: contract.id } }),
      'POST /api/workshops': async () => ({
        cookie,
        body: { title: 'Atelier', contractId: contract.id, priorityCodes: ['P1'] },
      }),
      'GET /api/workshops/{id}': async () => ({ cookie, params: { id: workshop.id } }),
      'PATCH /api/workshops/{id}': async () => ({
        cookie,
        params: { id: spare.id },
        body: { lockedShapeIds: ['shape:x'] },
      }),
      'POST /api/workshops/{id}/facilitators': async () => ({
        cookie,
        params: { id: spare.id },
        body: { userId: facilitator.userId },
      }),
      'DELETE /api/workshops/{id}/facilitators/{userId}': async () => ({
        cookie,
        params: { id: spare.id, userId: crypto.randomUUID() },
      }),
      'POST /api/workshops/{id}/codes/revoke': async () => ({
        cookie,
        params: { id: spare.id },
        body: { kind: 'observer' },
      }),
      'GET /api/workshops/{id}/participants': async () => ({ cookie, params: { id: workshop.id } }),
      'GET /api/workshops/{id}/participants.csv': async () => ({ cookie, params: { id: workshop.id } }),
      'DELETE /api/workshops/{id}/participants/{guestId}': async () => ({
        cookie,
        params: { id: workshop.id, guestId: crypto.randomUUID() },
      }),
      'POST /api/join': async () => ({ body: { code: workshop.joinCode, displayName: 'Anne' } }),
      'GET /api/join/{code}': async () => ({ params: { code: workshop.joinCode } }),
      'PUT /api/boards/{boardId}/votes/{targetId}': async () => ({
        cookie: participant.cookie,
        params: { ...board, targetId: ideaId },
        body: { dots: 1 },
      }),
      'GET /api/boards/{boardId}/votes': async () => ({ cookie, params: board, query: { byVoter: '1' } }),
      'GET /api/boards/{boardId}/snapshot': async () => ({ cookie, params: board }),
      'GET /api/boards/{boardId}/ideas': async () => ({ cookie, params: board }),
      // A new participant each time: one person may post 30 ideas a minute.
      'POST /api/boards/{boardId}/ideas': async () => ({
        cookie: (await joinAsGuest(app, workshop.joinCode, 'Autrice')).cookie,
        params: board,
        body: { text: 'Une idée', priorityCode: 'P1', actionCode: '1.1' },
      }),
      // A new author and idea each time: one person may make 30 changes a minute.
      'PATCH /api/boards/{boardId}/ideas/{ideaId}': async () => {
        const author = await joinAsGuest(app, workshop.joinCode, 'Autrice')
        const idea = await app.inject({
          method: 'POST',
          url: `/api/boards/${workshop.boardId}/ideas`,
          headers: { cookie: author.cookie },
          payload: { text: 'Une idée', priorityCode: 'P1' },
        })
        return {
          cookie: author.cookie,
          params: { ...board, ideaId: idea.json().id },
          body: { text: 'Une idée revue', color: 'yellow', priorityCode: 'P1', actionCode: '1.1' },
        }
      },
      'DELETE /api/boards/{boardId}/ideas/{ideaId}': async () => ({
        cookie: participant.cookie,
        params: { ...board, ideaId: 'shape:absente' },
      }),
      'POST /api/boards/{boardId}/assets': async () => ({ cookie, params: board }),
      'GET /api/boards/{boardId}/similar': async () => ({
        cookie,
        params: board,
        query: { text: 'Une navette' },
      }),
      'PUT /api/boards/{boardId}/ideas/{ideaId}/link': async () => ({
        cookie,
        params: { ...board, ideaId },
        body: { earlierIdeaId: 'absente' },
      }),
      'DELETE /api/boards/{boardId}/ideas/{ideaId}/link': async () => ({
        cookie,
        params: { ...board, ideaId },
      }),
      'GET /api/boards/{boardId}/links': async () => ({ cookie, params: board }),
      'GET /api/contracts/{id}/waiting-ideas': async () => ({
        cookie,
        params: { id: converted.contract.id },
      }),
      'GET /api/contracts/{id}/progress': async () => ({
        cookie,
        params: { id: converted.contract.id },
      }),
      'POST /api/workshops/{id}/waiting-ideas': async () => ({
        cookie,
        params: { id: workshop.id },
        body: { ideaIds: ['absente'] },
      }),
      'GET /api/boards/{boardId}/assets/{assetId}': async () => ({
        cookie,
        params: { ...board, assetId: 'asset:absent' },
      }),
      'POST /api/workshops/{id}/convert': async () => ({
        cookie,
        params: { id: spare.id },
        body: { attach: [] },
      }),
      'GET /api/workshops/{id}/conversion/similar': async () => ({ cookie, params: { id: spare.id } }),
      'GET /api/workshops/{id}/conversion': async () => ({ cookie, params: { id: converted.workshop.id } }),
      'GET /api/projects': async () => ({
        cookie,
        query: { workshopId: converted.workshop.id, contractId: converted.contract.id, status: 'draft' },
      }),
      'GET /api/projects/export.csv': async () => ({
        cookie,
        query: { workshopId: converted.workshop.id, contractId: converted.contract.id, status: 'draft' },
      }),
      'GET /api/projects/{id}': async () => ({ cookie, params: { id: projectId } }),
      'PATCH /api/projects/{id}': async () => {
        const current = await app.inject({
          method: 'GET',
          url: `/api/projects/${projectId}`,
          headers: { cookie },
        })
        return {
          cookie,
          params: { id: projectId },
          body: {
            version: current.json().version,
            title: 'Titre',
            carrier: { name: 'Commune', type: 'collectivite' },
            partners: [{ name: 'Pôle ESS', type: 'ess', role: 'Animation' }],
            fundingSources: [{ name: 'Région', amount: 1000, secured: true }],
            indicators: [{ label: 'Structures', unit: '', baseline: null, target: 12, measures: [] }],
          },
        }
      },
      'GET /api/projects/{id}/history': async () => ({ cookie, params: { id: projectId } }),
      'GET /api/projects/{id}/export': async () => ({
        cookie,
        params: { id: projectId },
        query: { format: 'pdf' },
      }),
      'GET /api/projects/{id}/board': async () => ({ cookie, params: { id: projectId } }),
      'GET /api/board-snapshots/{id}': async () => ({ cookie, params: { id: snapshotId } }),
      // Templates: a built-in one to read and export, a file of it to import, the spare workshop to save
      // or copy (each accepted copy is a new workshop), an unknown one to delete.
      'GET /api/templates': async () => ({ cookie, query: { lang: 'fr' } }),
      'GET /api/templates/{id}': async () => ({ cookie, params: { id: builtInTemplate } }),
      'GET /api/templates/{id}/export': async () => ({ cookie, params: { id: builtInTemplate } }),
      'DELETE /api/templates/{id}': async () => ({ cookie, params: { id: crypto.randomUUID() } }),
      'POST /api/templates/import': async () => ({ cookie, body: structuredClone(templateFile) }),
      'POST /api/workshops/{id}/template': async () => ({
        cookie,
        params: { id: spare.id },
        body: { title: 'Modèle', description: 'Pour les ateliers par priorité' },
      }),
      'POST /api/workshops/{id}/duplicate': async () => ({
        cookie,
        params: { id: spare.id },
        body: { title: 'Copie' },
      }),
      // Calls for projects: the council's routes, the public ones (applying creates records), and the
      // private link's routes without a token (404 once the body passes).
      'GET /api/calls': async () => ({ cookie, query: { contractId: contract.id } }),
      'POST /api/calls': async () => ({ cookie, body: structuredClone(callBody) }),
      'GET /api/calls/{id}': async () => ({ cookie, params: { id: callId } }),
      'PATCH /api/calls/{id}': async () => {
        const { contractId: _, ...patch } = structuredClone(callBody)
        return { cookie, params: { id: callId }, body: patch }
      },
      'GET /api/calls/{id}/applications': async () => ({ cookie, params: { id: callId } }),
      'GET /api/calls/{id}/applications.csv': async () => ({ cookie, params: { id: callId } }),
      'GET /api/calls/{id}/applications.docx': async () => ({ cookie, params: { id: callId } }),
      'GET /api/public/calls': async () => ({ query: { council: 'conseil', priority: 'P1' } }),
      'GET /api/public/calls/{id}': async () => ({ params: { id: callId } }),
      'POST /api/public/calls/{id}/applications': async () => ({
        params: { id: callId },
        body: structuredClone(applicationBody),
      }),
      'GET /api/public/applications/{id}': async () => ({ params: { id: callId } }),
      'PUT /api/public/applications/{id}': async () => ({
        params: { id: callId },
        body: structuredClone(applicationBody),
      }),
      // Follow-up pages: the facilitator's own, an actor the council does not have (404).
      'GET /api/followup/users/{id}': async () => ({ cookie, params: { id: facilitator.userId } }),
      'GET /api/followup/actors/{id}': async () => ({ cookie, params: { id: crypto.randomUUID() } }),
      // Erasure of nobody the council knows (404): the text rule applies before the lookup.
      'POST /api/council/erasure': async () => ({ cookie, body: { guestId: crypto.randomUUID() } }),
      // Deletes of nothing (unknown ids), and of a council of its own whose name is not what is typed.
      'DELETE /api/workshops/{id}': async () => ({ cookie, params: { id: crypto.randomUUID() } }),
      'DELETE /api/contracts/{id}': async () => ({ cookie, params: { id: crypto.randomUUID() } }),
      'DELETE /api/projects/{id}': async () => ({ cookie, params: { id: crypto.randomUUID() } }),
      'DELETE /api/actors/{id}': async () => ({ cookie, params: { id: crypto.randomUUID() } }),
      'DELETE /api/council': async () => ({
        cookie: (await signUp(app)).cookie,
        body: { confirm: 'Un autre nom' },
      }),
      // The public showcase, without a session, and a council's new slug.
      'GET /api/public/councils/{slug}/projects': async () => ({
        params: { slug: 'conseil' },
        query: { sort: 'title' },
      }),
      'GET /api/public/councils/{slug}/projects.json': async () => ({ params: { slug: 'conseil' } }),
      'GET /api/public/councils/{slug}/projects.csv': async () => ({ params: { slug: 'conseil' } }),
      'PUT /api/council/slug': async () => ({
        cookie: (await signUp(app)).cookie,
        body: { slug: 'une-adresse' },
      }),
    }
  }, 120_000)
  afterAll(async () => {
    await app?.close()
    await store?.close()
  })

  async function send(method: string, path: string, request: Baseline): Promise<LightMyRequestResponse> {
    let url = path.replace(/\{(\w+)\}/g, (_, name: string) => percentEncode(request.params?.[name] ?? ''))
    const query = Object.entries(request.query ?? {})
    if (query.length > 0) url += `?${query.map(([k, v]) => `${k}=${percentEncode(v)}`).join('&')}`
    return app.inject({
      method: method as any,
      url,
      headers: request.cookie ? { cookie: request.cookie } : {},
      ...(request.body ? { payload: request.body } : {}),
    })
  }

  it('refuses NUL and lone surrogates with 400 invalid_text and never answers 500', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/api/docs' })).json()
    const outcomes: Outcome[] = []
    const uncovered: string[] = []
    let requests = 0
    for (const [path, operations] of Object.entries<any>(spec.paths)) {
      for (const [method, operation] of Object.entries<any>(operations)) {
        const route = `${method.toUpperCase()} ${path}`
        const inputs: { where: string; apply(base: Baseline, text: string): Baseline }[] = []
        for (const parameter of operation.parameters ?? []) {
          if (parameter.in !== 'path' && parameter.in !== 'query') continue
          const part = parameter.in === 'path' ? 'params' : 'query'
          inputs.push({
            where: `${parameter.in}.${parameter.name}`,
            apply: (base, text) => ({ ...base, [part]: { ...base[part], [parameter.name]: text } }),
          })
        }
        const bodySchema = operation.requestBody?.content?.['application/json']?.schema
        for (const fieldPath of stringPaths(bodySchema))
          inputs.push({
            where: `body.${fieldPath.join('.')}`,
            apply: (base, text) => ({ ...base, body: setAt(base.body ?? {}, fieldPath, text) }),
          })
        if (inputs.length === 0) continue
        const baseline = baselines[route]
        if (!baseline) {
          uncovered.push(route)
          continue
        }
        for (const input of inputs) {
          for (const hostile of hostileCorpus) {
            const response = await send(method, path, input.apply(await baseline(), hostile.text))
            requests += 1
            let code: string | undefined
            try {
              code = response.json()?.error?.code
            } catch {}
            const outcome = {
              route,
              where: input.where,
              input: hostile.name,
              status: response.statusCode,
              code,
            }
            const inBody = input.where.startsWith('body.')
            const wrong =
              response.statusCode >= 500 ||
              (response.statusCode >= 400 && !code) ||
              (hostile.refused && inBody && (response.statusCode !== 400 || code !== 'invalid_text')) ||
              (hostile.refused && !inBody && response.statusCode < 400)
            if (wrong) outcomes.push(outcome)
          }
        }
      }
    }
    expect(uncovered, 'documented routes with text inputs and no baseline request').toEqual([])
    const failed500 = outcomes.filter((o) => o.status >= 500)
    console.log(
      `hostile text (${target.name}): ${requests} requests, ${outcomes.length} wrong answers, ${failed500.length} of them 500; ` +
        `inputs with a 500: ${[...new Set(failed500.map((o) => o.input))].join(' | ') || 'none'}`,
    )
    for (const o of outcomes)
      console.log(`  ${o.status} ${o.code ?? '-'}  ${o.route}  ${o.where}  ${o.input}`)
    expect(requests).toBeGreaterThan(1000)
    expect(outcomes).toEqual([])
  }, 600_000)
})
