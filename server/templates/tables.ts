import type { ColumnType, RawBuilder } from 'kysely'
import type { TemplateContent } from '../../shared/api/templates.ts'

/** The table of a council's workshop templates, as Kysely sees it (see db/schema.ts). */

export interface WorkshopTemplateTable {
  id: string
  council_id: string
  title: string
  description: ColumnType<string, string | undefined, string>
  lang: 'fr' | 'en' | null
  /** Zones, annotations, agenda and settings (shared/api/templates.ts TemplateContent). */
  content: ColumnType<TemplateContent, RawBuilder<TemplateContent>, RawBuilder<TemplateContent>>
  source_workshop_id: string | null
  created_by: string | null
  created_at: ColumnType<Date, Date | string | undefined, Date | string>
}
