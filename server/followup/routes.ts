import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import { IdParams } from '../../shared/api/common.ts'
import { FollowedRecords, GuaranteeList } from '../../shared/api/followup.ts'
import { isOverdue, isoToday } from '../../shared/followup/record.ts'
import { actorTypeLabels, statusLabels } from '../../shared/projects/labels.ts'
import { requireAccount } from '../auth/session-plugin.ts'
import type { Database } from '../db/schema.ts'
import { notFound } from '../errors.ts'
import { asDownload, csvFileSchema, mediaTypes } from '../http/download.ts'
import { signedInRoutes } from '../http/signed-in-routes.ts'
import { spreadsheetCsv } from '../http/spreadsheet-csv.ts'
import { presentRows } from '../projects/records.ts'
import { listFollowed, listGuaranteeRows } from './repository.ts'

type Person = FollowedRecords['person']

/** A member of the council (removed ones too: their page stays, empty), or 404. */
async function memberOf(db: Kysely<Database>, councilId: string, userId: string): Promise<Person> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'removed_at'])
    .where('id', '=', userId)
    .where('council_id', '=', councilId)
    .executeTakeFirst()
  if (!user) throw notFound('Membre')
  return { kind: 'user', id: user.id, name: user.display_name, removed: user.removed_at !== null }
}

async function actorOf(db: Kysely<Database>, councilId: string, actorId: string): Promise<Person> {
  const actor = await db
    .selectFrom('actors')
    .select(['id', 'name'])
    .where('id', '=', actorId)
    .where('council_id', '=', councilId)
    .executeTakeFirst()
  if (!actor) throw notFound('Acteur')
  return { kind: 'actor', id: actor.id, name: actor.name, removed: false }
}

/** The records a person follows, soonest next step first (none last), overdue ones marked. */
async function followed(db: Kysely<Database>, councilId: string, person: Person): Promise<FollowedRecords> {
  const today = isoToday()
  const rows = await listFollowed(
    db,
    councilId,
    person.kind === 'user' ? { userId: person.id } : { actorId: person.id },
  )
  return {
    person,
    today,
    records: rows.map((r) => ({
      projectId: r.id,
      title: r.title,
      status: r.status,
      role: r.role,
      nextStep: r.next_step,
      nextStepDate: r.next_step_date,
      overdue: isOverdue(r.next_step_date, today),
      priorityCode: r.priority_code,
      carrier: r.carrier ?? null,
    })),
  }
}

/** The guarantee view: the council's small carriers asking for a guarantee (not abandoned). */
async function guaranteeList(db: Kysely<Database>, councilId: string): Promise<GuaranteeList> {
  const records = await presentRows(db, await listGuaranteeRows(db, councilId))
  return {
    records: records.map((r) => ({
      projectId: r.id,
      title: r.title,
      carrier: r.carrier,
      amount: r.budget,
      priorityCode: r.priorityCode,
      priorityTitle: r.priorityTitle,
      status: r.status,
      riskToSecure: r.riskToSecure,
      nextStep: r.nextStep,
      nextStepDate: r.nextStepDate,
    })),
  }
}

export const guaranteeCsvColumns = [
  'Identifiant',
  'Titre',
  'Porteur',
  'Type de porteur',
  'Montant (€)',
  'Priorité',
  'Intitulé de la priorité',
  'Statut',
  'Risque à sécuriser',
  'Prochaine étape',
  'Date de la prochaine étape',
] as const

function guaranteeCsv(list: GuaranteeList): string {
  const rows = list.records.map((r) => [
    r.projectId,
    r.title,
    r.carrier?.name ?? '',
    r.carrier ? actorTypeLabels.fr[r.carrier.type] : '',
    r.amount === null ? '' : r.amount.toFixed(2).replace('.', ','),
    r.priorityCode ?? '',
    r.priorityTitle ?? '',
    statusLabels.fr[r.status],
    r.riskToSecure,
    r.nextStep,
    r.nextStepDate ?? '',
  ])
  return spreadsheetCsv([[...guaranteeCsvColumns], ...rows])
}

/** Follow-up in pairs (issue 15): what each member and actor follows, and the guarantee view. */
export async function followupRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const route = signedInRoutes(app, 'followup')
  const db = () => app.store.db

  route.get(
    '/api/followup/me',
    {
      summary: 'The records I follow as referent, soonest next step first (overdue ones marked)',
      response: { 200: FollowedRecords },
    },
    async (actor) => {
      return followed(db(), actor.councilId, await memberOf(db(), actor.councilId, actor.userId))
    },
  )

  /** GET of what one person of the council follows, the person found by `find` (404 for another council's). */
  function personRoute(url: string, summary: string, find: typeof memberOf): void {
    route.get(
      url,
      {
        summary,
        params: IdParams,
        response: { 200: FollowedRecords },
      },
      async (actor, request) => {
        return followed(db(), actor.councilId, await find(db(), actor.councilId, request.params.id))
      },
    )
  }

  personRoute(
    '/api/followup/users/:id',
    'The records a member of my council follows as referent (404 for another council’s)',
    memberOf,
  )
  personRoute(
    '/api/followup/actors/:id',
    'The records an actor of my council follows as referent (404 for another council’s)',
    actorOf,
  )

  route.get(
    '/api/followup/guarantee',
    {
      summary:
        'Records whose carrier is a small structure asking for a guarantee, to relay to the regional fund',
      description:
        'Records with `smallStructure` and `guarantee` among `supportKinds`, not abandoned; `amount` is the estimated budget.',
      response: { 200: GuaranteeList },
    },
    async (actor) => guaranteeList(db(), actor.councilId),
  )

  api.get(
    '/api/followup/guarantee.csv',
    {
      schema: {
        tags: ['followup'],
        summary: 'The guarantee view as CSV for a French spreadsheet (UTF-8 with BOM, `;` separators)',
        ...csvFileSchema,
      },
    },
    async (request, reply) => {
      const list = await guaranteeList(db(), requireAccount(request).councilId)
      asDownload(reply, 'garantie.csv', mediaTypes.csv)
      return guaranteeCsv(list)
    },
  )
}
