import type { ColumnType, RawBuilder, Selectable } from 'kysely'

/** The calls for projects table, as Kysely sees it (see db/schema.ts). */

type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>
type Timestamp = ColumnType<Date, Date | string, Date | string>
/** A jsonb column with a default: written only through `json()` from db/connect.ts. */
type JsonDefault<T> = ColumnType<T, RawBuilder<T> | undefined, RawBuilder<T>>

export type CallKind = 'call' | 'ami'
export type CallQuestionType = 'short' | 'long' | 'number' | 'choice'

export interface CallQuestionRow {
  id: string
  label: string
  type: CallQuestionType
  required: boolean
  choices?: string[]
}

export interface CallCriterionRow {
  id: string
  label: string
  weight: number
}

export interface CallTable {
  id: string
  council_id: string
  contract_id: string
  title: string
  description: ColumnType<string, string | undefined, string>
  kind: CallKind
  priority_codes: JsonDefault<string[]>
  action_codes: JsonDefault<string[]>
  opens_at: Timestamp
  closes_at: Timestamp
  questions: JsonDefault<CallQuestionRow[]>
  criteria: JsonDefault<CallCriterionRow[]>
  created_by: string | null
  created_at: CreatedAt
  updated_at: CreatedAt
}

export type CallRow = Selectable<CallTable>
