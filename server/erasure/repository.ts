import { randomBytes } from 'node:crypto'
import { type Kysely, sql, type Transaction } from 'kysely'
import type { LooseIdeas, Provenance } from '../../shared/projects/record.ts'
import { liveStateOfRow } from '../../shared/workshop/live-state.ts'
import { handOverReviews } from '../calls/review.ts'
import type { BoardErasure } from '../collab/board-erasure.ts'
import { rewriteStoredHistory } from '../collab/board-erasure.ts'
import { json } from '../db/connect.ts'
import type { Database } from '../db/schema.ts'
import { dropUserReferents } from '../followup/repository.ts'
import { contributorsOf, draftObjectives, draftSummary } from '../projects/conversion-plan.ts'
import {
  ideaTexts,
  isTheirs,
  type RecordErasure,
  scrubBallot,
  scrubJson,
  scrubLooseIdeas,
  scrubProvenance,
  scrubSnapshotRecords,
  withoutIdeaTexts,
} from './record-scrub.ts'

/**
 * The rows an erasure reads and rewrites (server/erasure/erase-people.ts says in which order): who the
 * people are, where they may appear, and every table that may hold their name or their id. The board
 * documents themselves are the live rooms' and board-store.ts's.
 */

type Db = Kysely<Database> | Transaction<Database>

/** A person to erase: a guest or a member of the council. */
export interface ErasedPerson {
  id: string
  displayName: string
}

/** Guests of the council's workshops among `guestIds`. */
export function findGuests(
  db: Db,
  councilId: string,
  guestIds: readonly string[],
): Promise<(ErasedPerson & { workshopId: string })[]> {
  if (guestIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('guests')
    .innerJoin('workshops', 'workshops.id', 'guests.workshop_id')
    .select(['guests.id', 'guests.display_name as displayName', 'guests.workshop_id as workshopId'])
    .where('workshops.council_id', '=', councilId)
    .where('guests.id', 'in', guestIds)
    .execute()
}

/** The address of the account that stands for a council's erased members (one per council, no sign-in). */
export function erasedAccountEmail(councilId: string): string {
  return `erased-${councilId}@erased.invalid`
}

/** A member of the council (active or removed earlier), not the account standing for erased members. */
export function findMember(
  db: Db,
  councilId: string,
  userId: string,
): Promise<(ErasedPerson & { active: boolean }) | undefined> {
  return db
    .selectFrom('users')
    .select(['id', 'display_name as displayName', 'removed_at'])
    .where('id', '=', userId)
    .where('council_id', '=', councilId)
    .where('email', '!=', erasedAccountEmail(councilId))
    .executeTakeFirst()
    .then((row) => row && { id: row.id, displayName: row.displayName, active: row.removed_at === null })
}

/**
 * Ends guests' access before anything else: their sessions go and they leave the participants list (they
 * cannot write while their traces are taken out). Returns the ended session ids, for live sockets.
 */
export async function endGuestAccess(db: Kysely<Database>, guestIds: string[], now = new Date()) {
  if (guestIds.length === 0) return []
  return db.transaction().execute(async (tx) => {
    await tx
      .updateTable('guests')
      .set({ removed_at: now })
      .where('id', 'in', guestIds)
      .where('removed_at', 'is', null)
      .execute()
    const rows = await tx.deleteFrom('sessions').where('guest_id', 'in', guestIds).returning('id').execute()
    return rows.map((row) => row.id)
  })
}

/** A board an erasure visits, with what its copies need to know of its workshop. */
export interface ScopeBoard {
  boardId: string
  workshopId: string
  /** Anonymous workshop: ideas carry no author, and their re-credit stays empty. */
  anonymous: boolean
}

/** The boards of the council's workshops, or of the given ones only. */
export async function listScopeBoards(
  db: Db,
  councilId: string,
  workshopIds?: readonly string[],
): Promise<ScopeBoard[]> {
  if (workshopIds && workshopIds.length === 0) return []
  let query = db
    .selectFrom('boards')
    .innerJoin('workshops', 'workshops.id', 'boards.workshop_id')
    .select([
      'boards.id',
      'workshops.id as workshop_id',
      'workshops.phase',
      'workshops.locked',
      'workshops.state',
    ])
    .where('workshops.council_id', '=', councilId)
  if (workshopIds) query = query.where('workshops.id', 'in', workshopIds)
  const rows = await query.orderBy('workshops.created_at').execute()
  return rows.map((row) => ({
    boardId: row.id,
    workshopId: row.workshop_id,
    anonymous: liveStateOfRow(row).anonymous,
  }))
}

/** The private ideas (silent writing) these people wrote on these boards: a query the callers select from. */
function privateIdeasBy(db: Db, boardIds: readonly string[], authorIds: readonly string[]) {
  return db.selectFrom('private_ideas').where('board_id', 'in', boardIds).where('author_id', 'in', authorIds)
}

/** Shapes the people created on each board as the server recorded them (authorship, private ideas). */
export async function readAuthoredShapes(
  db: Db,
  boardIds: readonly string[],
  actorIds: readonly string[],
): Promise<Map<string, Set<string>>> {
  const authored = new Map<string, Set<string>>()
  if (boardIds.length === 0 || actorIds.length === 0) return authored
  const add = (boardId: string, shapeId: string) => {
    const set = authored.get(boardId) ?? new Set<string>()
    set.add(shapeId)
    authored.set(boardId, set)
  }
  const [shapes, ideas] = await Promise.all([
    db
      .selectFrom('shape_authors')
      .select(['board_id', 'shape_id'])
      .where('board_id', 'in', boardIds)
      .where('actor_id', 'in', actorIds)
      .execute(),
    privateIdeasBy(db, boardIds, actorIds).select(['board_id', 'id']).execute(),
  ])
  for (const row of shapes) add(row.board_id, row.shape_id)
  for (const row of ideas) add(row.board_id, row.id)
  return authored
}

/**
 * Names borne by people an erasure leaves alone who may be credited in a workshop's copies: the
 * workshop's other guests, the council's other members and whoever else the board's authorship names.
 * Their names are never replaced, even when an erased person bore the same one.
 */
export async function keptNames(
  db: Db,
  councilId: string,
  board: ScopeBoard,
  actorIds: readonly string[],
): Promise<Set<string>> {
  const ids = actorIds.length > 0 ? actorIds : ['']
  const [guests, users, authors] = await Promise.all([
    db
      .selectFrom('guests')
      .select('display_name as name')
      .where('workshop_id', '=', board.workshopId)
      .where('id', 'not in', ids)
      .execute(),
    db
      .selectFrom('users')
      .select('display_name as name')
      .where('council_id', '=', councilId)
      .where('id', 'not in', ids)
      .execute(),
    db
      .selectFrom('shape_authors')
      .select('display_name as name')
      .distinct()
      .where('board_id', '=', board.boardId)
      .where('actor_id', 'not in', [...ids, ''])
      .execute(),
  ])
  return new Set([...guests, ...users, ...authors].map((row) => row.name.trim()))
}

/** Everything the rows part of an erasure needs. */
export interface RowsErasure {
  councilId: string
  kind: 'guest' | 'member'
  people: ErasedPerson[]
  boards: ScopeBoard[]
  /** Per board: shapes of theirs (ideas, clusters, private ideas). */
  authored: Map<string, Set<string>>
  /** Per board: ideas taken off the board (removeIdeas). */
  removedIdeas: Map<string, Set<string>>
  /** Per board: their names nobody else of the workshop bears. */
  names: Map<string, Set<string>>
  removeIdeas: boolean
  /** The credit their ideas keep (ERASED_AUTHOR_NAME). */
  label: string
  /** Their ids and names as UTF-8, looked for in stored Yjs bytes. */
  needles: Uint8Array[]
}

/** What the rows part touched. */
export interface RowsResult {
  boards: Set<string>
  records: Set<string>
}

/** The column of a board's table that names the person who linked a card, or uploaded an image. */
const personColumn = { idea_links: 'linked_by', board_assets: 'created_by' } as const

/** The column of each table of a board's private side that names an idea. */
const ideaColumn = { shape_authors: 'shape_id', board_votes: 'target_id' } as const

/**
 * Takes the people out of every row of the scope, in ONE transaction: authorship, private ideas, ballot,
 * images' uploader, follow-me, board snapshots (records, ballot, loose ideas, Yjs state), project
 * records' provenance and history, and finally the people themselves (guests deleted with their
 * sessions; a member's rows handed to the council's erased-members account, then deleted). Idempotent:
 * run again (a second pass, for what other instances stored meanwhile), it changes only what is new.
 */
export function eraseRows(db: Kysely<Database>, plan: RowsErasure): Promise<RowsResult> {
  return db.transaction().execute(async (tx) => {
    const result: RowsResult = { boards: new Set(), records: new Set() }
    const ids = plan.people.map((p) => p.id)
    const boardIds = plan.boards.map((b) => b.boardId)
    if (ids.length === 0) return result
    /** Texts of their ideas taken out (removeIdeas), for the drafts conversion made of them. */
    const removedTexts = new Set<string>()
    const touch = (rows: { board_id: string }[]) => {
      for (const row of rows) result.boards.add(row.board_id)
    }
    /** Deletes, board by board, the rows of `table` about the ideas taken out. */
    const deleteRemovedIdeas = async (table: keyof typeof ideaColumn) => {
      for (const [boardId, removed] of plan.removedIdeas) {
        if (removed.size === 0) continue
        const rows = tx.deleteFrom(table).where('board_id', '=', boardId)
        touch(
          await rows
            .where(ideaColumn[table], 'in', [...removed])
            .returning('board_id')
            .execute(),
        )
      }
    }
    /** Their rows of `table` on the boards stay, naming nobody (`''`) where they named them. */
    const creditToNobody = async (table: keyof typeof personColumn) => {
      const column = personColumn[table]
      const rows = tx.updateTable(table).set({ [column]: '' })
      touch(
        await rows.where('board_id', 'in', boardIds).where(column, 'in', ids).returning('board_id').execute(),
      )
    }
    if (boardIds.length > 0) {
      // Authorship: ideas taken out lose their row, every other shape of theirs is credited to nobody.
      await deleteRemovedIdeas('shape_authors')
      touch(
        await tx
          .updateTable('shape_authors')
          .set({ actor_id: '', display_name: plan.label })
          .where('board_id', 'in', boardIds)
          .where('actor_id', 'in', ids)
          .returning('board_id')
          .execute(),
      )

      // Private ideas of silent writing.
      const anonymous = new Map(plan.boards.map((b) => [b.boardId, b.anonymous]))
      const privateIdeas = await privateIdeasBy(tx, boardIds, ids)
        .select(['board_id', 'id', 'record'])
        .execute()
      for (const row of privateIdeas) {
        result.boards.add(row.board_id)
        if (plan.removeIdeas) {
          for (const text of ideaTexts([(row.record as { props?: { text?: unknown } }).props ?? {}]))
            removedTexts.add(text)
          await tx
            .deleteFrom('private_ideas')
            .where('board_id', '=', row.board_id)
            .where('id', '=', row.id)
            .execute()
          await tx
            .deleteFrom('shape_authors')
            .where('board_id', '=', row.board_id)
            .where('shape_id', '=', row.id)
            .execute()
          continue
        }
        const props = { ...(((row.record as { props?: unknown }).props ?? {}) as Record<string, unknown>) }
        props.authorId = ''
        props.authorName = anonymous.get(row.board_id) ? '' : plan.label
        await tx
          .updateTable('private_ideas')
          .set({ author_id: '', author_name: plan.label, record: json({ ...row.record, props }) })
          .where('board_id', '=', row.board_id)
          .where('id', '=', row.id)
          .execute()
      }

      // The ballot: dots on ideas taken out go; each erased voter's dots stay under an id that names
      // nobody (derived from a secret of this erasure, never stored), so the totals do not move.
      await deleteRemovedIdeas('board_votes')
      const secret = randomBytes(32).toString('hex')
      touch(
        await tx
          .updateTable('board_votes')
          .set({ actor_id: sql<string>`'erased-' || md5(board_id || ':' || actor_id || ${secret})` })
          .where('board_id', 'in', boardIds)
          .where('actor_id', 'in', ids)
          .returning('board_id')
          .execute(),
      )

      // Continuity (continuity/): cards they linked to an earlier workshop's idea stay linked, by nobody;
      // their ideas taken out leave the archive the suggestions are drawn from.
      await creditToNobody('idea_links')
      for (const [boardId, removed] of plan.removedIdeas) {
        const board = plan.boards.find((b) => b.boardId === boardId)
        if (removed.size === 0 || !board) continue
        await tx
          .deleteFrom('idea_links')
          .where('board_id', '=', boardId)
          .where('shape_id', 'in', [...removed])
          .execute()
        const archived = await tx
          .deleteFrom('archived_ideas')
          .where('workshop_id', '=', board.workshopId)
          .where('shape_id', 'in', [...removed])
          .returning('id')
          .execute()
        if (archived.length > 0) result.boards.add(boardId)
      }

      // Images they uploaded stay on the board, uploaded by nobody.
      await creditToNobody('board_assets')
    }

    const workshopIds = [...new Set(plan.boards.map((b) => b.workshopId))]
    const boardOf = new Map(plan.boards.map((b) => [b.workshopId, b]))
    const recordErasure = (boardId: string): RecordErasure => ({
      actorIds: new Set(ids),
      names: plan.names.get(boardId) ?? new Set(),
      ideaIds: plan.authored.get(boardId) ?? new Set(),
      removeIdeas: plan.removeIdeas,
      label: plan.label,
    })
    if (workshopIds.length > 0) {
      // Follow-me names its presenter in the workshop's live state (the row mirrors meta.workshop).
      const following = await tx
        .selectFrom('workshops')
        .select(['id', 'state'])
        .where('id', 'in', workshopIds)
        .where(sql<boolean>`state -> 'followMe' ->> 'presenterId' in (${sql.join(ids)})`)
        .execute()
      for (const row of following) {
        await tx
          .updateTable('workshops')
          .set({ state: json({ ...row.state, followMe: null }) })
          .where('id', '=', row.id)
          .execute()
        const board = boardOf.get(row.id)
        if (board) result.boards.add(board.boardId)
      }

      // Snapshots kept at each conversion: records, ballot, loose ideas and the Yjs state.
      const snapshots = await tx
        .selectFrom('board_snapshots')
        .select(['id', 'workshop_id', 'board_id', 'records', 'votes', 'loose_ideas', 'yjs_state'])
        .where('workshop_id', 'in', workshopIds)
        .execute()
      for (const row of snapshots) {
        const erasure = recordErasure(row.board_id)
        if (plan.removeIdeas) {
          for (const [id, value] of Object.entries(row.records)) {
            const record = value as {
              typeName?: string
              type?: string
              props?: { authorId?: unknown; text?: unknown }
            }
            if (record?.typeName === 'shape' && record.type === 'idea' && record.props)
              if (isTheirs({ id, authorId: String(record.props.authorId ?? '') }, erasure))
                for (const text of ideaTexts([record.props])) removedTexts.add(text)
          }
          for (const zone of (row.loose_ideas as LooseIdeas).zones ?? [])
            for (const text of ideaTexts(zone.ideas.filter((idea) => isTheirs(idea, erasure))))
              removedTexts.add(text)
        }
        const records = scrubSnapshotRecords(row.records, erasure)
        const removed = new Set([...(plan.removedIdeas.get(row.board_id) ?? []), ...(records?.removed ?? [])])
        const votes = scrubBallot(row.votes, erasure, removed, () => `erased-${crypto.randomUUID()}`)
        const loose = scrubLooseIdeas(row.loose_ideas as LooseIdeas, erasure)
        const boardErasure: BoardErasure = {
          actorIds: erasure.actorIds,
          authoredShapes: erasure.ideaIds,
          removeIdeas: plan.removeIdeas,
        }
        const state = rewriteStoredHistory(toBytes(row.yjs_state), [], boardErasure, plan.needles)
        if (!records && !votes && !loose && !state) continue
        await tx
          .updateTable('board_snapshots')
          .set({
            ...(records ? { records: json(records.records) } : {}),
            ...(votes ? { votes: json(votes) } : {}),
            ...(loose ? { loose_ideas: json(loose) } : {}),
            ...(state ? { yjs_state: state } : {}),
          })
          .where('id', '=', row.id)
          .execute()
        result.boards.add(row.board_id)
      }

      // Project records: provenance (ideas, contributors, dots); with their ideas taken out, the drafts
      // conversion made of them too (redrafted from what is left, as the next conversion would; a draft a
      // person edited loses the draft's own forms of those ideas only).
      const projects = await tx
        .selectFrom('projects')
        .select(['id', 'workshop_id', 'provenance', 'summary', 'objectives', 'edited_fields'])
        .where('workshop_id', 'in', workshopIds)
        .execute()
      const projectBoard = new Map<string, string>()
      const changedProjects: {
        row: (typeof projects)[number]
        provenance: Provenance
        anonymous: boolean
      }[] = []
      for (const row of projects) {
        const board = row.workshop_id ? boardOf.get(row.workshop_id) : undefined
        if (!board) continue
        projectBoard.set(row.id, board.boardId)
        const erasure = recordErasure(board.boardId)
        const provenance = scrubProvenance(row.provenance as Provenance, erasure)
        if (!provenance) continue
        if (plan.removeIdeas)
          for (const text of ideaTexts(
            (row.provenance as Provenance).ideas.filter((i) => isTheirs(i, erasure)),
          ))
            removedTexts.add(text)
        changedProjects.push({ row, provenance, anonymous: board.anonymous })
      }
      for (const { row, provenance, anonymous } of changedProjects) {
        const drafts: { summary?: string; objectives?: string } = {}
        if (plan.removeIdeas) {
          const edited = new Set<string>(row.edited_fields)
          const summary = edited.has('summary')
            ? withoutIdeaTexts(row.summary, removedTexts)
            : draftSummary(
                provenance.workshopTitle,
                provenance.ideas,
                provenance.totalDots,
                anonymous ? null : contributorsOf(provenance.ideas).length,
              )
          const objectives = edited.has('objectives')
            ? withoutIdeaTexts(row.objectives, removedTexts)
            : draftObjectives(provenance.ideas)
          if (summary !== null && summary !== row.summary) drafts.summary = summary
          if (objectives !== null && objectives !== row.objectives) drafts.objectives = objectives
        }
        await tx
          .updateTable('projects')
          .set({ provenance: json(provenance), ...drafts })
          .where('id', '=', row.id)
          .execute()
        result.records.add(row.id)
      }

      // Their history: entries they made (a member), values naming them (contributors, authors).
      if (projectBoard.size > 0) {
        const patterns = [...ids, ...plan.people.map((p) => p.displayName.trim()), ...removedTexts]
          .filter(Boolean)
          .map((text) => `%${likeEscape(JSON.stringify(text).slice(1, -1))}%`)
        const history = await tx
          .selectFrom('project_history')
          .select(['id', 'project_id', 'user_id', 'user_name', 'old_value', 'new_value'])
          .where('project_id', 'in', [...projectBoard.keys()])
          .where((eb) =>
            eb.or([
              eb('user_id', 'in', ids),
              ...patterns.flatMap((pattern) => [
                eb(sql`old_value::text`, 'like', pattern),
                eb(sql`new_value::text`, 'like', pattern),
              ]),
            ]),
          )
          .execute()
        for (const row of history) {
          const erasure = recordErasure(projectBoard.get(row.project_id)!)
          const oldValue = scrubJson(row.old_value, erasure, removedTexts)
          const newValue = scrubJson(row.new_value, erasure, removedTexts)
          const ownEntry = row.user_id !== null && ids.includes(row.user_id) && row.user_name !== plan.label
          if (oldValue === null && newValue === null && !ownEntry) continue
          await tx
            .updateTable('project_history')
            .set({
              ...(oldValue !== null ? { old_value: json(oldValue) } : {}),
              ...(newValue !== null ? { new_value: json(newValue) } : {}),
              ...(ownEntry ? { user_name: plan.label } : {}),
            })
            .where(sql<boolean>`id = ${row.id}`)
            .execute()
          result.records.add(row.project_id)
        }
      }
    }

    // The people themselves.
    if (plan.kind === 'guest') await tx.deleteFrom('guests').where('id', 'in', ids).execute()
    else for (const person of plan.people) await eraseAccount(tx, plan.councilId, person.id, plan.label)
    return result
  })
}

/**
 * A member's account goes: every row that must name an account (contracts, workshops, history, snapshots,
 * invitations, the audit) is handed to the council's erased-members account, which nobody can sign in to
 * and no list shows, then the member's row is deleted. Whatever table later refers to users, its
 * references are found in the catalogue, so none is forgotten (and a forgotten one would fail the
 * delete, and the transaction, rather than leave the id behind).
 */
async function eraseAccount(tx: Transaction<Database>, councilId: string, userId: string, label: string) {
  const exists = await tx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst()
  if (!exists) return
  await tx.deleteFrom('sessions').where('user_id', '=', userId).execute()
  await tx.deleteFrom('password_resets').where('user_id', '=', userId).execute()
  // Following a record is the person's own: it goes rather than passing to the erased-members account.
  await dropUserReferents(tx, userId)
  const email = erasedAccountEmail(councilId)
  let standIn = (await tx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())?.id
  if (!standIn) {
    standIn = crypto.randomUUID()
    await tx
      .insertInto('users')
      .values({
        id: standIn,
        council_id: councilId,
        email,
        display_name: label,
        password_hash: '!',
        role: 'member',
        removed_at: new Date(),
      })
      .execute()
  }
  // Before the handover below: their history entries are still theirs to find.
  await handOverReviews(tx, userId, standIn, label)
  const references = await sql<{ table_name: string; column_name: string }>`
    select cl.relname as table_name, a.attname as column_name
    from pg_constraint c
    join pg_class cl on cl.oid = c.conrelid
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
    where c.contype = 'f' and c.confrelid = 'users'::regclass
    order by 1, 2`.execute(tx)
  for (const { table_name, column_name } of references.rows) {
    // A row that would collide once handed over (a primary key holding the user id) goes instead.
    try {
      await sql`savepoint erasure_handover`.execute(tx)
      await sql`update ${sql.table(table_name)} set ${sql.ref(column_name)} = ${standIn} where ${sql.ref(column_name)} = ${userId}`.execute(
        tx,
      )
      await sql`release savepoint erasure_handover`.execute(tx)
    } catch {
      await sql`rollback to savepoint erasure_handover`.execute(tx)
      await sql`delete from ${sql.table(table_name)} where ${sql.ref(column_name)} = ${userId}`.execute(tx)
    }
  }
  await tx.deleteFrom('users').where('id', '=', userId).execute()
}

/** Records that an erasure happened: who asked, the kind, the counts; never whom. */
export async function insertErasureAudit(
  db: Db,
  entry: {
    councilId: string
    requestedBy: string | null
    kind: 'guest' | 'member'
    source: 'request' | 'retention'
    people: number
    removeIdeas: boolean
    boards: number
    records: number
  },
): Promise<void> {
  await db
    .insertInto('erasures')
    .values({
      id: crypto.randomUUID(),
      council_id: entry.councilId,
      requested_by: entry.requestedBy,
      kind: entry.kind,
      source: entry.source,
      people: entry.people,
      remove_ideas: entry.removeIdeas,
      boards: entry.boards,
      records: entry.records,
    })
    .execute()
}

/** The person's ids and names as UTF-8 bytes (what stored Yjs updates would hold). */
export function erasureNeedles(people: readonly ErasedPerson[]): Uint8Array[] {
  const encoder = new TextEncoder()
  const texts = new Set(people.flatMap((p) => [p.id, p.displayName.trim()]).filter((t) => t.length > 0))
  return [...texts].map((text) => encoder.encode(text))
}

/** A LIKE pattern's literal part. */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

function toBytes(value: Uint8Array): Uint8Array {
  return value instanceof Buffer ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : value
}
