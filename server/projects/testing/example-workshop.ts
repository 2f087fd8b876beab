import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { YKeyValue } from 'y-utility/y-keyvalue'
import type * as Y from 'yjs'
import type { ProjectRecord } from '../../../shared/projects/record.ts'
import { signUp } from '../../testing/app.ts'
import { createContract, createWorkshop } from '../../testing/workshops.ts'
import { insertMigratedDots } from '../../votes/repository.ts'
import contractJson from './contract-example.json' with { type: 'json' }
import { type BuiltBoard, type ExampleWorkshop, spreadDots, writeExampleBoard } from './example-board.ts'
import exampleJson from './workshop-example.json' with { type: 'json' }

/** The finished example workshop (`workshop-example.json` beside this file) on the example contract. */
export const example = exampleJson as ExampleWorkshop
export const exampleContract = contractJson

/** Removes every shape from a board (the zones it was laid out with), keeping the page. */
export function clearShapes(doc: Y.Doc): void {
  const kv = new YKeyValue<any>(doc.getArray('records'))
  doc.transact(() => {
    for (const [key, value] of [...kv.map.entries()]) if (value.val?.typeName === 'shape') kv.delete(key)
  })
}

/**
 * Gives `total` dots to a target of a live board in the server's ballot (board_votes), spread over
 * voters at most 2 dots each (see spreadDots), on a target that has none yet.
 */
export async function giveBallotDots(app: FastifyInstance, boardId: string, targetId: string, total: number) {
  await insertMigratedDots(app.store.db, boardId, spreadDots(targetId, total))
}

/**
 * A facilitator's account and a workshop on the example contract whose live board holds the example
 * workshop (zones, clusters, ideas), written through app.liveBoards like any server change, and its
 * votes in the ballot.
 */
export async function exampleWorkshop(app: FastifyInstance, account?: Awaited<ReturnType<typeof signUp>>) {
  const facilitator = account ?? (await signUp(app))
  const contract = await createContract(app, facilitator.cookie, exampleContract)
  const workshop = await createWorkshop(app, facilitator.cookie, {
    contractId: contract.id,
    title: example.title,
  })
  const built: BuiltBoard = await app.liveBoards.change(workshop.boardId, (doc) => {
    clearShapes(doc)
    return writeExampleBoard(doc, example, 'ex', { votes: false })
  })
  await insertMigratedDots(
    app.store.db,
    workshop.boardId,
    [...built.dotsByIdea].flatMap(([ideaId, dots]) => spreadDots(ideaId, dots)),
  )
  return { facilitator, contract, workshop, built }
}

/** POST /api/workshops/:id/convert as `cookie`. */
export function convert(
  app: FastifyInstance,
  cookie: string,
  workshopId: string,
): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: `/api/workshops/${workshopId}/convert`, headers: { cookie } })
}

export interface ConversionBody {
  snapshotId: string
  projects: ProjectRecord[]
  looseIdeas: {
    zones: { zoneId: string | null; priorityCode: string | null; actionCode: string | null; ideas: any[] }[]
  }
  created: number
  updated: number
  missing: number
}
