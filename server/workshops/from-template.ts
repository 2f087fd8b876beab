import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import type { AgendaStep, Template, TemplateContent, TemplateReport } from '../../shared/api/templates.ts'
import type { CreateWorkshopInput } from '../../shared/api/workshops.ts'
import type { PriorityLike } from '../../shared/board/create-board.ts'
import { readLiveState } from '../../shared/board/document.ts'
import { boardRecords } from '../../shared/board/record-index.ts'
import type { AccountActor } from '../auth/sessions.ts'
import { liveOr503 } from '../boards/route-helpers.ts'
import type { Database } from '../db/schema.ts'
import { HttpError } from '../errors.ts'
import { councilContract } from '../http/council-lookups.ts'
import { templateOfBoard } from '../templates/board-template.ts'
import { usableTemplate } from '../templates/lookup.ts'
import { insertTemplate } from '../templates/repository.ts'
import { encodeBoard, startFromTemplate, TemplateContentError } from '../templates/template-board.ts'
import { councilWorkshop, insertNewWorkshop } from './commands.ts'
import type { WorkshopRecord } from './repository.ts'

/**
 * Workshops and templates meet here: a workshop started from a template, a workshop saved as one, a
 * workshop duplicated (its own template, started on its own contract).
 */

/** Creates a workshop from a template on one of the council's contracts; reports the codes it lacked. */
export async function createWorkshopFromTemplate(
  db: Kysely<Database>,
  actor: AccountActor,
  input: CreateWorkshopInput & { templateId: string },
): Promise<{ workshopId: string; report: TemplateReport }> {
  const contract = await councilContract(db, actor.councilId, input.contractId)
  const template = await usableTemplate(db, actor.councilId, input.templateId)
  const { workshopId, missingCodes } = await startWorkshop(db, actor, {
    contractId: contract.id,
    title: input.title,
    priorities: contract.priorities,
    content: template.content,
    anonymous: input.anonymous,
  })
  return { workshopId, report: { id: template.id, title: template.title, missingCodes } }
}

/** Saves the workshop's live board (zones, annotations) and settings as a template of the council. */
export async function saveWorkshopTemplate(
  app: FastifyInstance,
  actor: AccountActor,
  workshopId: string,
  input: { title: string; description?: string; agenda?: AgendaStep[] },
): Promise<Template> {
  const workshop = await councilWorkshop(app.store.db, actor, workshopId)
  const content = await templateOfWorkshop(app, workshop, input.agenda)
  return insertTemplate(app.store.db, {
    councilId: actor.councilId,
    createdBy: actor.userId,
    sourceWorkshopId: workshop.id,
    title: input.title.trim(),
    description: input.description?.trim() ?? '',
    lang: null,
    content,
  })
}

/** A new workshop on the same contract with the same zones, annotations and settings; no idea. */
export async function duplicateWorkshop(
  app: FastifyInstance,
  actor: AccountActor,
  workshopId: string,
  input: { title?: string },
): Promise<string> {
  const workshop = await councilWorkshop(app.store.db, actor, workshopId)
  const content = await templateOfWorkshop(app, workshop)
  const { workshopId: copyId } = await startWorkshop(app.store.db, actor, {
    contractId: workshop.contract_id,
    title: input.title ?? `${workshop.title} (copie)`.slice(0, 200),
    priorities: workshop.contract_priorities,
    content,
  })
  return copyId
}

function templateOfWorkshop(
  app: FastifyInstance,
  workshop: WorkshopRecord,
  agenda?: AgendaStep[],
): Promise<TemplateContent> {
  return liveOr503(app, () =>
    app.liveBoards.read(workshop.board_id, (doc) =>
      templateOfBoard(boardRecords(doc).values(), readLiveState(doc), agenda),
    ),
  )
}

async function startWorkshop(
  db: Kysely<Database>,
  actor: AccountActor,
  options: {
    contractId: string
    title: string
    priorities: PriorityLike[]
    content: TemplateContent
    anonymous?: boolean
  },
): Promise<{ workshopId: string; missingCodes: string[] }> {
  let start: ReturnType<typeof startFromTemplate>
  try {
    const { content, anonymous } = options
    const settings = anonymous === undefined ? content.settings : { ...content.settings, anonymous }
    start = startFromTemplate({ ...content, settings }, options.priorities)
  } catch (error) {
    if (!(error instanceof TemplateContentError)) throw error
    throw new HttpError(400, 'invalid_template', error.message, {
      field: error.field,
      details: { field: error.field },
    })
  }
  const bytes = encodeBoard(start.doc)
  start.doc.destroy()
  const workshopId = await insertNewWorkshop(db, {
    councilId: actor.councilId,
    contractId: options.contractId,
    title: options.title,
    createdBy: actor.userId,
    startZones: start.startZones,
    state: start.liveState,
    initialBoard: () => bytes,
  })
  return { workshopId, missingCodes: start.missingCodes }
}
