import type { ColumnType, Generated, Insertable, RawBuilder, Selectable, Updateable } from 'kysely'
import type { Phase } from '../../shared/workshop/live-state.ts'
import type * as actorTables from '../actors/tables.ts'
import type { CallTable } from '../calls/tables.ts'
import type * as continuityTables from '../continuity/tables.ts'
import type { ProjectReferentTable } from '../followup/tables.ts'
import type * as projectTables from '../projects/tables.ts'
import type { WorkshopTemplateTable } from '../templates/tables.ts'

/**
 * The tables, as Kysely sees them. Only repository functions use these types with a query builder.
 * Driver differences that the types paper over:
 * - jsonb columns: both drivers parse them on read; write them with `json()` from connect.ts so
 *   postgres.js and PGlite store the same value.
 * - int8 columns come back as strings from postgres.js and as numbers from PGlite: read them through
 *   `Number()` (they stay far below 2^53 here).
 * - bytea columns come back as Buffer (postgres.js) or Uint8Array (PGlite): treat both as Uint8Array.
 */
export interface Database {
  councils: CouncilTable
  users: UserTable
  sessions: SessionTable
  council_invites: CouncilInviteTable
  password_resets: PasswordResetTable
  contracts: ContractTable
  workshops: WorkshopTable
  workshop_facilitators: WorkshopFacilitatorTable
  guests: GuestTable
  boards: BoardTable
  board_updates: BoardUpdateTable
  board_votes: BoardVoteTable
  shape_authors: ShapeAuthorTable
  private_ideas: PrivateIdeaTable
  board_assets: BoardAssetTable
  board_snapshots: projectTables.BoardSnapshotTable
  projects: projectTables.ProjectTable
  actors: actorTables.ActorTable
  project_actors: actorTables.ProjectActorTable
  project_history: projectTables.ProjectHistoryTable
  archived_ideas: continuityTables.ArchivedIdeaTable
  idea_links: continuityTables.IdeaLinkTable
  workshop_templates: WorkshopTemplateTable
  erasures: ErasureTable
  calls: CallTable
  project_referents: ProjectReferentTable
}

type Timestamp = ColumnType<Date, Date | string, Date | string>
/** A timestamp with a default (now()). */
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>
/** A jsonb column: written only through `json()` from connect.ts. */
type Json<T> = ColumnType<T, RawBuilder<T>, RawBuilder<T>>
type Int8 = ColumnType<string | number, never, never>

export interface CouncilTable {
  id: string
  name: string
  /** The council's name in its public pages' addresses (unique; set at creation). */
  slug: string | null
  created_at: CreatedAt
}

export interface UserTable {
  id: string
  council_id: string
  /** Lower-cased. */
  email: string
  display_name: string
  password_hash: string
  /** `admin` administers its council (members, reset links); the council's first account is one. */
  role: ColumnType<UserRole, UserRole | undefined, UserRole>
  /** Set when an administrator removed the member: no sign-in, no session; its records still name it. */
  removed_at: Timestamp | null
  created_at: CreatedAt
}

export type UserRole = 'admin' | 'member'

/** A one-time password reset link; `id` is the SHA-256 of the token in the link. */
export interface PasswordResetTable {
  id: string
  user_id: string
  created_by: string | null
  created_at: CreatedAt
  expires_at: Timestamp
  used_at: Timestamp | null
}

/** A session of an account (user_id) or of a guest (guest_id). `id` is the SHA-256 of the token, hex. */
export interface SessionTable {
  id: string
  user_id: string | null
  guest_id: string | null
  created_at: CreatedAt
  expires_at: Timestamp
}

/** An invitation to join a council; `id` is the SHA-256 of the token in the link. */
export interface CouncilInviteTable {
  id: string
  council_id: string
  created_by: string
  created_at: CreatedAt
  expires_at: Timestamp
  used_by: string | null
}

export interface ContractPriority {
  code: string
  title: string
  description?: string
  actions: { code: string; title: string; description?: string }[]
}

export interface ContractTable {
  id: string
  council_id: string
  title: string
  territory: string
  period: string
  priorities: Json<ContractPriority[]>
  created_by: string
  created_at: CreatedAt
}

export type { Phase }

/** A zone the board starts with: a priority, and an action of it or '' for the whole priority. */
export interface StartZone {
  priorityCode: string
  actionCode: string
}

export interface WorkshopTable {
  id: string
  council_id: string
  contract_id: string
  title: string
  /** The zones the board was laid out with at creation. */
  start_zones: Json<StartZone[]>
  phase: Generated<Phase>
  locked: Generated<boolean>
  /** Facilitator-owned live state mirrored into the board's meta.workshop (timer, vote settings). */
  state: ColumnType<
    Record<string, unknown>,
    RawBuilder<Record<string, unknown>> | undefined,
    RawBuilder<Record<string, unknown>>
  >
  join_code: string | null
  observer_code: string | null
  created_by: string
  created_at: CreatedAt
  closed_at: Timestamp | null
}

export interface WorkshopFacilitatorTable {
  workshop_id: string
  user_id: string
}

export type GuestRole = 'participant' | 'observer'

export interface GuestTable {
  id: string
  workshop_id: string
  display_name: string
  role: GuestRole
  /** The code this guest joined with: revoking it ends the guest's access. */
  code: string
  created_at: CreatedAt
  /** Set when a facilitator removed the guest: no session any more, kept for the attendance list. */
  removed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
}

export interface BoardTable {
  id: string
  workshop_id: string
  /** Yjs state of the board up to `snapshot_update_id` (null before the first compaction). */
  snapshot: Uint8Array | null
  /** The last board_updates.id folded into `snapshot`. */
  snapshot_update_id: ColumnType<string | number, number | undefined, number>
  created_at: CreatedAt
  updated_at: CreatedAt
}

/** The append-only log of accepted Yjs updates; compaction folds it into boards.snapshot. */
export interface BoardUpdateTable {
  id: Generated<Int8>
  board_id: string
  data: Uint8Array
  /** SHA-256 of `data` (rows stored since 2026-12-05): the same batch is stored once (board-store.ts). */
  digest: Uint8Array | null
  created_at: CreatedAt
}

/** The ballot (board format v2): one person's dots on one target (idea or cluster). */
export interface BoardVoteTable {
  board_id: string
  actor_id: string
  target_id: string
  /** Always > 0: taking back the last dot deletes the row. */
  dots: number
  updated_at: CreatedAt
}

/** Who created an idea or a cluster (the server's record, whatever the document says). */
export interface ShapeAuthorTable {
  board_id: string
  shape_id: string
  actor_id: string
  display_name: string
  created_at: CreatedAt
}

/** An idea written during silent writing, before the reveal: an `idea` record outside the document. */
export interface PrivateIdeaTable {
  board_id: string
  id: string
  author_id: string
  author_name: string
  record: Json<Record<string, unknown>>
  updated_at: CreatedAt
}

/** An image uploaded to a board. */
export interface BoardAssetTable {
  id: string
  board_id: string
  mime_type: string
  bytes: Uint8Array
  size: number
  created_by: string
  created_at: CreatedAt
}

/**
 * The audit of erasures (server/erasure/): that one happened, who asked, when, the kind of person and
 * the counts; never whom (no name, no id of the erased person).
 */
export interface ErasureTable {
  id: string
  council_id: string
  /** The administrator who asked; null for the retention job or the operator's command. */
  requested_by: string | null
  kind: 'guest' | 'member'
  source: 'request' | 'retention'
  /** People erased together (one on request; the guests of one workshop for retention). */
  people: number
  remove_ideas: boolean
  boards: number
  records: number
  created_at: CreatedAt
}

export type Council = Selectable<CouncilTable>
export type User = Selectable<UserTable>
export type Session = Selectable<SessionTable>
export type Contract = Selectable<ContractTable>
export type NewContract = Insertable<ContractTable>
export type Workshop = Selectable<WorkshopTable>
export type WorkshopUpdate = Updateable<WorkshopTable>
export type Guest = Selectable<GuestTable>
export type Board = Selectable<BoardTable>
