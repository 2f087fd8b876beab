import type { Static } from '@fastify/type-provider-typebox'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Contract } from '../../shared/api/contracts.ts'
import type { WorkshopView } from '../../shared/api/workshops.ts'
import exampleContract from '../demo/contract-example.json' with { type: 'json' }
import { injectAs, sessionCookieOf, signUp } from './app.ts'

/** The example contract (P1–P3, three actions each, plus an extra `note` field the API ignores). */
export const contractExample = exampleContract

function expectStatus(response: LightMyRequestResponse, status: number, what: string) {
  if (response.statusCode !== status)
    throw new Error(`${what} failed: ${response.statusCode} ${response.body}`)
}

/** Posts a contract (the example unless `contract` is given) as the account of `cookie`; returns it. */
export async function createContract(
  app: FastifyInstance,
  cookie: string,
  contract: Record<string, unknown> = contractExample,
) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/contracts',
    headers: { cookie },
    payload: contract,
  })
  expectStatus(response, 201, 'createContract')
  return response.json() as ContractBody
}

/** A contract as the API answers with it (contracts/schemas.ts). */
export type ContractBody = Static<typeof Contract>

/** A workshop as council members see it (workshops/schemas.ts WorkshopView). */
export type WorkshopBody = Static<typeof WorkshopView>

/**
 * Creates a workshop as the account of `cookie`; without `contractId`, on a fresh copy of the example
 * contract. `options` passes `title`, `priorityCodes`, `zones` or `anonymous` through.
 */
export async function createWorkshop(
  app: FastifyInstance,
  cookie: string,
  options: {
    contractId?: string
    title?: string
    priorityCodes?: string[]
    zones?: { priorityCode: string; actionCode?: string }[]
    anonymous?: boolean
  } = {},
): Promise<WorkshopBody> {
  const contractId = options.contractId ?? (await createContract(app, cookie)).id
  const response = await app.inject({
    method: 'POST',
    url: '/api/workshops',
    headers: { cookie },
    payload: { title: 'Atelier mobilités', ...options, contractId },
  })
  expectStatus(response, 201, 'createWorkshop')
  return response.json()
}

/**
 * PATCHes the workshop `workshopId` (its state, phase, modes…) as the account of `cookie`; throws unless
 * the answer is 200, and returns the workshop it answers with.
 */
export async function patchWorkshop(
  app: FastifyInstance,
  workshopId: string,
  cookie: string,
  payload: Record<string, unknown>,
): Promise<WorkshopBody> {
  const response = await app.inject({
    method: 'PATCH',
    url: `/api/workshops/${workshopId}`,
    headers: { cookie },
    payload,
  })
  expectStatus(response, 200, 'patchWorkshop')
  return response.json()
}

/**
 * Joins a workshop as a guest with `code` (a join code gives a participant, an observer code an
 * observer) and returns the guest's cookie and the answer of POST /api/join.
 */
export async function joinAsGuest(app: FastifyInstance, code: string, displayName = 'Participante') {
  const response = await app.inject({ method: 'POST', url: '/api/join', payload: { code, displayName } })
  expectStatus(response, 201, 'joinAsGuest')
  const body = response.json() as {
    workshopId: string
    boardId: string
    role: 'participant' | 'observer'
    title: string
    guestId: string
    displayName: string
  }
  return { cookie: sessionCookieOf(response), ...body }
}

/**
 * A signed-up account with a workshop it facilitates on the example contract, and a participant and an
 * observer who joined it: the usual cast of a board test.
 */
export async function workshopWithGuests(app: FastifyInstance) {
  const facilitator = await signUp(app)
  const workshop = await createWorkshop(app, facilitator.cookie)
  const participant = await joinAsGuest(app, workshop.joinCode, 'Participante')
  const observer = await joinAsGuest(app, workshop.observerCode, 'Observateur')
  return { facilitator, workshop, participant, observer }
}

/** Posts an idea on `boardId` over HTTP in the name of `as` (POST /api/boards/:id/ideas); returns its id. */
export async function postIdea(
  app: FastifyInstance,
  boardId: string,
  as: { cookie: string },
  idea: { text: string; priorityCode?: string | null; actionCode?: string | null },
): Promise<string> {
  const response = await injectAs(app, 'POST', `/api/boards/${boardId}/ideas`, as, idea)
  expectStatus(response, 201, 'postIdea')
  return response.json().id
}
