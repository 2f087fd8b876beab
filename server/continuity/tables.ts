import type { ColumnType, Selectable } from 'kysely'

/** Tables of continuity across workshops, as Kysely sees them (see db/schema.ts). */

type Timestamp = ColumnType<Date, Date | string, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>

/**
 * One idea of a converted workshop (migration 2026-12-06-1100-continuity): the source of suggestions
 * while someone writes (trigram GIN index on `text`) and of the waiting ideas of a contract.
 */
export interface ArchivedIdeaTable {
  id: string
  council_id: string
  contract_id: string
  workshop_id: string
  /** The card's tldraw id on its board. */
  shape_id: string
  text: string
  priority_code: string | null
  action_code: string | null
  /** Left outside every cluster at conversion. */
  loose: boolean
  project_id: string | null
  converted_at: Timestamp
  carried_to: string | null
  carried_at: Timestamp | null
}

/** A card of a live board linked by its author to an archived idea. */
export interface IdeaLinkTable {
  board_id: string
  shape_id: string
  archived_idea_id: string
  linked_by: string
  created_at: CreatedAt
}

export type ArchivedIdeaRow = Selectable<ArchivedIdeaTable>
