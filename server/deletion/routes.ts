import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { errorResponses, IdParams } from '../../shared/api/common.ts'
import { CouncilDeletion, Deleted } from '../../shared/api/deletion.ts'
import { type AccountActor, replySignedOut, requireAccount } from '../auth/session-plugin.ts'
import { signedInRoutes } from '../http/signed-in-routes.ts'
import { deleteActor, deleteContract, deleteCouncil, deleteProject, deleteWorkshop } from './commands.ts'

/**
 * DELETE of a workshop, a contract, a project record, an actor and the council itself (DESIGN.md,
 * "Data life"): 204, 409 while something depends on it, 404 for another council's id, 401
 * without a session, 403 for guests. What each removes and keeps: deletion/commands.ts.
 */
export async function deletionRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const route = signedInRoutes(app, 'council')

  /** DELETE of one of the council's rows by its id: 204 once `remove` has run in the account's name. */
  function deleteById(
    url: string,
    doc: { tags: string[]; summary: string; description: string },
    remove: (app: FastifyInstance, actor: AccountActor, id: string) => Promise<unknown>,
  ): void {
    api.delete(
      url,
      { schema: { ...doc, params: IdParams, response: { 204: Deleted, ...errorResponses } } },
      async (request, reply) => {
        await remove(app, requireAccount(request), request.params.id)
        reply.status(204).send(null)
      },
    )
  }

  deleteById(
    '/api/workshops/:id',
    {
      tags: ['workshops'],
      summary:
        'Delete a workshop: its board (log, ballot, authorship, private ideas, images), snapshots, guests and their sessions; its project records stay',
      description:
        'Facilitators of the workshop and council administrators (403 for other members). Open connections to the board close with 4410 on every instance, and the board cannot be opened again. The records made from it stay, detached: no workshop link, no snapshot, the provenance keeping the workshop’s title.',
    },
    deleteWorkshop,
  )

  deleteById(
    '/api/contracts/:id',
    {
      tags: ['contracts'],
      summary:
        'Delete a contract that no workshop and no project record uses (409 contract_in_use otherwise)',
      description: '`details` of the 409: `{workshops, records}`, how many still use it.',
    },
    deleteContract,
  )

  deleteById(
    '/api/projects/:id',
    {
      tags: ['projects'],
      summary: 'Delete a project record with its history and its links to actors (the actors stay)',
      description:
        'A later conversion of a workshop whose board still holds the cluster makes a new record from it.',
    },
    deleteProject,
  )

  deleteById(
    '/api/actors/:id',
    {
      tags: ['actors'],
      summary: 'Delete an actor that no project record names (409 actor_in_use otherwise)',
      description: '`details` of the 409: `{records}`, how many records still name it.',
    },
    deleteActor,
  )

  route.delete(
    '/api/council',
    {
      summary:
        'Delete the council and everything in it (council administrators), with its name typed as confirmation',
      description:
        'Contracts, workshops and their boards, records, actors, members, invitations: no row keeps the council’s id. Every member’s and guest’s session ends (this one too: the cookie is cleared) and every board closes (4410), on every instance. 400 confirmation_mismatch when `confirm` is not the council’s name.',
      body: CouncilDeletion,
      response: { 204: Deleted },
    },
    async (actor, request, reply) => {
      await deleteCouncil(app, actor, request.body.confirm)
      replySignedOut(request, reply)
    },
  )
}
