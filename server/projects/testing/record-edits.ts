import type { FastifyInstance } from 'fastify'
import type { ProjectRecord } from '../../../shared/projects/record.ts'
import { injectAs } from '../../testing/app.ts'

/** A project record as the account `as` reads it now. */
export async function currentRecord(app: FastifyInstance, id: string, as: { cookie: string }) {
  return (await injectAs(app, 'GET', `/api/projects/${id}`, as)).json() as ProjectRecord
}

/** PATCHes `changes` into a project record in the name of `as`, at the version it has now. */
export async function patchRecord(app: FastifyInstance, id: string, changes: object, as: { cookie: string }) {
  const { version } = await currentRecord(app, id, as)
  return injectAs(app, 'PATCH', `/api/projects/${id}`, as, { version, ...changes })
}
