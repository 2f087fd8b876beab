import type { Kysely, Selectable } from 'kysely'
import type { Template } from '../../shared/api/templates.ts'
import { json } from '../db/connect.ts'
import { deleteRows } from '../db/delete-rows.ts'
import type { Database } from '../db/schema.ts'
import type { WorkshopTemplateTable } from './tables.ts'
import type { PortableTemplate } from './template-file.ts'

type Row = Selectable<WorkshopTemplateTable>

/** A stored row as the API shows it. */
function present(row: Row): Template {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    lang: row.lang,
    builtIn: false,
    createdAt: new Date(row.created_at).toISOString(),
    sourceWorkshopId: row.source_workshop_id,
    content: row.content,
  }
}

/** Stores a council's template; returns it. */
export async function insertTemplate(
  db: Kysely<Database>,
  template: PortableTemplate & { councilId: string; createdBy: string; sourceWorkshopId: string | null },
): Promise<Template> {
  const row = await db
    .insertInto('workshop_templates')
    .values({
      id: crypto.randomUUID(),
      council_id: template.councilId,
      title: template.title,
      description: template.description,
      lang: template.lang,
      content: json(template.content),
      source_workshop_id: template.sourceWorkshopId,
      created_by: template.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  return present(row)
}

/** The council's templates: a query the callers narrow or order. */
function councilTemplates(db: Kysely<Database>, councilId: string) {
  return db.selectFrom('workshop_templates').selectAll().where('council_id', '=', councilId)
}

/** The council's templates, newest first. */
export async function listTemplates(db: Kysely<Database>, councilId: string): Promise<Template[]> {
  const rows = await councilTemplates(db, councilId).orderBy('created_at', 'desc').orderBy('id').execute()
  return rows.map(present)
}

/** One of the council's templates (another council's is as unknown as a missing one). */
export async function findTemplate(
  db: Kysely<Database>,
  councilId: string,
  id: string,
): Promise<Template | undefined> {
  const row = await councilTemplates(db, councilId).where('id', '=', id).executeTakeFirst()
  return row ? present(row) : undefined
}

/** Deletes one of the council's templates; true when there was one. */
export function deleteTemplate(db: Kysely<Database>, councilId: string, id: string): Promise<boolean> {
  return deleteRows(db, 'workshop_templates', { council_id: councilId, id })
}
