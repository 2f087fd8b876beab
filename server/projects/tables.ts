import type { ColumnType, Generated, RawBuilder, Selectable } from 'kysely'
import type {
  EditableField,
  FundingSource,
  Indicator,
  LooseIdeas,
  ProjectStatus,
  Provenance,
} from '../../shared/projects/record.ts'

/** Tables of project records, actors and board snapshots, as Kysely sees them (see db/schema.ts). */

type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>
/** A jsonb column: written only through `json()` from db/connect.ts. */
type Json<T> = ColumnType<T, RawBuilder<T>, RawBuilder<T>>
/** A jsonb column with a default. */
type JsonDefault<T> = ColumnType<T, RawBuilder<T> | undefined, RawBuilder<T>>
/** int8: a string from postgres.js, a number from PGlite; read through Number(). */
type Int8Nullable = ColumnType<string | number | null, number | null | undefined, number | null>
type Int8Identity = ColumnType<string | number, never, never>

export interface BoardSnapshotTable {
  id: string
  workshop_id: string
  board_id: string
  /** The board's tldraw records (document scope) as JSON, by id. */
  records: Json<Record<string, unknown>>
  /** participant id → idea id → dots. */
  votes: Json<Record<string, Record<string, number>>>
  /** Yjs state of the board (Y.encodeStateAsUpdate), so it can be reopened exactly. */
  yjs_state: Uint8Array
  loose_ideas: Json<LooseIdeas>
  converted_by: string | null
  created_at: CreatedAt
}

export interface ProjectTable {
  id: string
  council_id: string
  /** Null once the workshop was deleted: records outlive it (deletion/repository.ts). */
  workshop_id: string | null
  contract_id: string
  cluster_id: string
  title: string
  summary: Generated<string>
  priority_code: string | null
  action_code: string | null
  objectives: Generated<string>
  expected_outcomes: Generated<string>
  budget_cents: Int8Nullable
  funding_sources: JsonDefault<FundingSource[]>
  schedule_start: string | null
  schedule_end: string | null
  indicators: JsonDefault<Indicator[]>
  status: Generated<ProjectStatus>
  support_needed: Generated<string>
  risk_to_secure: Generated<string>
  evaluation: Generated<string>
  provenance: Json<Provenance>
  edited_fields: JsonDefault<EditableField[]>
  cluster_missing: Generated<boolean>
  needs_priority: Generated<boolean>
  snapshot_id: string | null
  version: Generated<number>
  created_at: CreatedAt
  updated_at: CreatedAt
  /** Set on an application: the call it answers (issue 15, calls/). */
  call_id: ColumnType<string | null, string | null | undefined, string | null>
  /** The carrier's application: answers, contact, dates (calls/). */
  application: ColumnType<unknown | null, RawBuilder<unknown> | null | undefined, RawBuilder<unknown> | null>
  /** SHA-256 of the application's private edit token. */
  application_token_hash: ColumnType<string | null, string | null | undefined, string | null>
  /** The council's review of an application: scores, decision, reason. */
  review: ColumnType<unknown | null, RawBuilder<unknown> | null | undefined, RawBuilder<unknown> | null>
  published: Generated<boolean>
  public_fields: JsonDefault<string[]>
  support_kinds: JsonDefault<string[]>
  small_structure: Generated<boolean>
  next_step: Generated<string>
  next_step_date: ColumnType<string | null, string | null | undefined, string | null>
  evaluation_worked: Generated<string>
  evaluation_not_worked: Generated<string>
  evaluation_lessons: Generated<string>
}

export interface ProjectHistoryTable {
  id: Int8Identity
  project_id: string
  user_id: string | null
  user_name: string
  source: 'edit' | 'conversion'
  field: string
  old_value: Json<unknown>
  new_value: Json<unknown>
  at: CreatedAt
}

export type ProjectRow = Selectable<ProjectTable>
export type BoardSnapshotRow = Selectable<BoardSnapshotTable>
