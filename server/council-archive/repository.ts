import type { Kysely, Selectable, Transaction } from 'kysely'
import { readIndicator } from '../../shared/projects/indicators.ts'
import { insertCouncilWithSlug } from '../accounts/repository.ts'
import { json } from '../db/connect.ts'
import type { Database } from '../db/schema.ts'
import { historyRow, insertBoardSnapshot } from '../projects/repository.ts'
import type { CouncilData } from './format.ts'

/**
 * Reads and writes a council's rows for the archive (format.ts). Reads take a transaction, so that every
 * table is read at the same point in time; the import writes everything in one transaction too.
 */

type Db = Kysely<Database> | Transaction<Database>

const iso = (value: Date | string) => new Date(value).toISOString()
const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value))

/** postgres.js gives Buffer, PGlite Uint8Array: a plain Uint8Array either way. */
function bytes(value: Uint8Array): Uint8Array {
  return value instanceof Buffer ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : value
}

/**
 * The rows of `table` whose `column` equals `value`, or is one of `value` when it is a list (none for an
 * empty list), sorted by `order`.
 */
async function rowsWhere<T extends keyof Database>(
  db: Db,
  table: T,
  column: keyof Database[T] & string,
  value: string | string[],
  order: (keyof Database[T] & string)[],
): Promise<Selectable<Database[T]>[]> {
  if (Array.isArray(value) && value.length === 0) return []
  const rows = (db as Kysely<any>).selectFrom(table).selectAll()
  const on: string = column
  let query = Array.isArray(value) ? rows.where(on, 'in', value) : rows.where(on, '=', value)
  for (const by of order) query = query.orderBy(by)
  return (await query.execute()) as Selectable<Database[T]>[]
}

/** Every council, for the operator's choice. */
export function listCouncils(db: Db) {
  return db.selectFrom('councils').select(['id', 'name']).orderBy('created_at').orderBy('id').execute()
}

/**
 * A council's rows as the archive carries them, board and snapshot states excepted (the export decides
 * how to read a board: stored, or live): `state` is null on every board here, and each board's row tells
 * the caller whether the store has a document for it. Undefined when the council does not exist.
 */
export async function readCouncilRows(
  db: Db,
  councilId: string,
): Promise<(CouncilData & { storedBoards: Set<string> }) | undefined> {
  const council = await db.selectFrom('councils').selectAll().where('id', '=', councilId).executeTakeFirst()
  if (!council) return undefined
  const users = await db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'role', 'created_at', 'removed_at'])
    .where('council_id', '=', councilId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  const contracts = await rowsWhere(db, 'contracts', 'council_id', councilId, ['created_at', 'id'])
  const workshops = await db
    .selectFrom('workshops')
    .innerJoin('boards', 'boards.workshop_id', 'workshops.id')
    .selectAll('workshops')
    .select([
      'boards.id as board_id',
      'boards.created_at as board_created_at',
      'boards.updated_at as board_updated_at',
      // Whether the store holds a document for the board, without reading it here.
      (eb) =>
        eb
          .or([
            eb('boards.snapshot', 'is not', null),
            eb.exists(
              eb
                .selectFrom('board_updates')
                .select('board_updates.id')
                .whereRef('board_id', '=', 'boards.id'),
            ),
          ])
          .as('has_document'),
    ])
    .where('workshops.council_id', '=', councilId)
    .orderBy('workshops.created_at')
    .orderBy('workshops.id')
    .execute()
  const workshopIds = workshops.map((w) => w.id)
  const boardIds = workshops.map((w) => w.board_id)

  const facilitators = await rowsWhere(db, 'workshop_facilitators', 'workshop_id', workshopIds, ['user_id'])
  const guests = await rowsWhere(db, 'guests', 'workshop_id', workshopIds, ['created_at', 'id'])
  const ballot = await rowsWhere(db, 'board_votes', 'board_id', boardIds, ['actor_id', 'target_id'])
  const authors = await rowsWhere(db, 'shape_authors', 'board_id', boardIds, ['shape_id'])
  const privateIdeas = await rowsWhere(db, 'private_ideas', 'board_id', boardIds, ['id'])
  const images = await rowsWhere(db, 'board_assets', 'board_id', boardIds, ['created_at', 'id'])
  const snapshots = await rowsWhere(db, 'board_snapshots', 'workshop_id', workshopIds, ['created_at', 'id'])
  const actors = await rowsWhere(db, 'actors', 'council_id', councilId, ['created_at', 'id'])
  const projects = await rowsWhere(db, 'projects', 'council_id', councilId, ['created_at', 'id'])
  const projectIds = projects.map((p) => p.id)
  const projectActors = await rowsWhere(db, 'project_actors', 'project_id', projectIds, [
    'project_id',
    'role',
    'position',
    'actor_id',
  ])
  const referents = await rowsWhere(db, 'project_referents', 'project_id', projectIds, [
    'project_id',
    'position',
    'id',
  ])
  const history = await rowsWhere(db, 'project_history', 'project_id', projectIds, ['id'])

  const templates = await rowsWhere(db, 'workshop_templates', 'council_id', councilId, ['created_at', 'id'])
  const calls = await rowsWhere(db, 'calls', 'council_id', councilId, ['created_at', 'id'])
  const archivedIdeas = await rowsWhere(db, 'archived_ideas', 'council_id', councilId, ['converted_at', 'id'])
  const ideaLinks = await rowsWhere(db, 'idea_links', 'board_id', boardIds, ['shape_id'])
  const erasures = await rowsWhere(db, 'erasures', 'council_id', councilId, ['created_at', 'id'])

  const byBoard = <T extends { board_id: string }>(rows: T[]) => {
    const map = new Map<string, T[]>()
    for (const row of rows) map.set(row.board_id, [...(map.get(row.board_id) ?? []), row])
    return map
  }
  const ballotOf = byBoard(ballot)
  const authorsOf = byBoard(authors)
  const ideasOf = byBoard(privateIdeas)
  const imagesOf = byBoard(images)
  const linksOf = byBoard(ideaLinks)

  return {
    storedBoards: new Set(workshops.filter((w) => w.has_document).map((w) => w.board_id)),
    council: {
      id: council.id,
      name: council.name,
      createdAt: iso(council.created_at),
      ...(council.slug ? { slug: council.slug } : {}),
    },
    members: users.map((u) => ({
      id: u.id,
      email: u.email,
      displayName: u.display_name,
      role: u.role,
      createdAt: iso(u.created_at),
      removedAt: isoOrNull(u.removed_at),
    })),
    contracts: contracts.map((c) => ({
      id: c.id,
      title: c.title,
      territory: c.territory,
      period: c.period,
      priorities: c.priorities,
      createdBy: c.created_by,
      createdAt: iso(c.created_at),
    })),
    workshops: workshops.map((w) => ({
      id: w.id,
      contractId: w.contract_id,
      title: w.title,
      startZones: w.start_zones,
      phase: w.phase,
      locked: w.locked,
      state: w.state,
      joinCode: w.join_code,
      observerCode: w.observer_code,
      createdBy: w.created_by,
      createdAt: iso(w.created_at),
      closedAt: isoOrNull(w.closed_at),
      facilitators: facilitators.filter((f) => f.workshop_id === w.id).map((f) => f.user_id),
      boardId: w.board_id,
    })),
    guests: guests.map((g) => ({
      id: g.id,
      workshopId: g.workshop_id,
      displayName: g.display_name,
      role: g.role,
      code: g.code,
      createdAt: iso(g.created_at),
      removedAt: isoOrNull(g.removed_at),
    })),
    boards: workshops.map((w) => ({
      id: w.board_id,
      workshopId: w.id,
      createdAt: iso(w.board_created_at),
      updatedAt: iso(w.board_updated_at),
      hasDocument: false,
      state: null,
      ballot: (ballotOf.get(w.board_id) ?? []).map((v) => ({
        actorId: v.actor_id,
        targetId: v.target_id,
        dots: v.dots,
        updatedAt: iso(v.updated_at),
      })),
      authors: (authorsOf.get(w.board_id) ?? []).map((a) => ({
        shapeId: a.shape_id,
        actorId: a.actor_id,
        displayName: a.display_name,
        createdAt: iso(a.created_at),
      })),
      privateIdeas: (ideasOf.get(w.board_id) ?? []).map((i) => ({
        id: i.id,
        authorId: i.author_id,
        authorName: i.author_name,
        record: i.record,
        updatedAt: iso(i.updated_at),
      })),
      ideaLinks: (linksOf.get(w.board_id) ?? []).map((l) => ({
        shapeId: l.shape_id,
        archivedIdeaId: l.archived_idea_id,
        linkedBy: l.linked_by,
        createdAt: iso(l.created_at),
      })),
      images: (imagesOf.get(w.board_id) ?? []).map((a) => ({
        id: a.id,
        mimeType: a.mime_type as 'image/png' | 'image/jpeg' | 'image/webp',
        size: a.size,
        createdBy: a.created_by,
        createdAt: iso(a.created_at),
        bytes: bytes(a.bytes),
      })),
    })),
    snapshots: snapshots.map((s) => ({
      id: s.id,
      workshopId: s.workshop_id,
      boardId: s.board_id,
      records: s.records,
      votes: s.votes,
      looseIdeas: s.loose_ideas as unknown as Record<string, unknown>,
      convertedBy: s.converted_by,
      createdAt: iso(s.created_at),
      state: bytes(s.yjs_state),
    })),
    actors: actors.map((a) => ({
      id: a.id,
      name: a.name,
      normalisedName: a.normalised_name,
      type: a.type,
      createdAt: iso(a.created_at),
    })),
    projects: projects.map((p) => ({
      id: p.id,
      workshopId: p.workshop_id,
      contractId: p.contract_id,
      clusterId: p.cluster_id,
      title: p.title,
      summary: p.summary,
      priorityCode: p.priority_code,
      actionCode: p.action_code,
      objectives: p.objectives,
      expectedOutcomes: p.expected_outcomes,
      budgetCents: p.budget_cents === null ? null : Number(p.budget_cents),
      fundingSources: p.funding_sources,
      scheduleStart: p.schedule_start,
      scheduleEnd: p.schedule_end,
      indicators: p.indicators,
      status: p.status,
      supportNeeded: p.support_needed,
      riskToSecure: p.risk_to_secure,
      evaluation: p.evaluation,
      evaluationWorked: p.evaluation_worked,
      evaluationNotWorked: p.evaluation_not_worked,
      evaluationLessons: p.evaluation_lessons,
      callId: p.call_id,
      application: (p.application ?? null) as Record<string, unknown> | null,
      applicationTokenHash: p.application_token_hash,
      review: (p.review ?? null) as Record<string, unknown> | null,
      supportKinds: p.support_kinds,
      smallStructure: p.small_structure,
      nextStep: p.next_step,
      nextStepDate: p.next_step_date,
      provenance: p.provenance as unknown as Record<string, unknown>,
      editedFields: p.edited_fields,
      clusterMissing: p.cluster_missing,
      needsPriority: p.needs_priority,
      published: p.published,
      publicFields: p.public_fields,
      snapshotId: p.snapshot_id,
      version: p.version,
      createdAt: iso(p.created_at),
      updatedAt: iso(p.updated_at),
    })),
    projectActors: projectActors.map((l) => ({
      projectId: l.project_id,
      actorId: l.actor_id,
      role: l.role,
      partnerRole: l.partner_role,
      position: l.position,
    })),
    projectReferents: referents.map((r) => ({
      projectId: r.project_id,
      userId: r.user_id,
      actorId: r.actor_id,
      role: r.role,
      position: r.position,
    })),
    projectHistory: history.map((h) => ({
      projectId: h.project_id,
      userId: h.user_id,
      userName: h.user_name,
      source: h.source,
      field: h.field,
      oldValue: h.old_value,
      newValue: h.new_value,
      at: iso(h.at),
    })),
    templates: templates.map((t) => ({
      id: t.id,
      title: t.title,
      description: t.description,
      lang: t.lang,
      content: t.content as unknown as Record<string, unknown>,
      sourceWorkshopId: t.source_workshop_id,
      createdBy: t.created_by,
      createdAt: iso(t.created_at),
    })),
    calls: calls.map((c) => ({
      id: c.id,
      contractId: c.contract_id,
      title: c.title,
      description: c.description,
      kind: c.kind,
      priorityCodes: c.priority_codes,
      actionCodes: c.action_codes,
      opensAt: iso(c.opens_at),
      closesAt: iso(c.closes_at),
      questions: c.questions as unknown as Record<string, unknown>[],
      criteria: c.criteria as unknown as Record<string, unknown>[],
      createdBy: c.created_by,
      createdAt: iso(c.created_at),
      updatedAt: iso(c.updated_at),
    })),
    archivedIdeas: archivedIdeas.map((i) => ({
      id: i.id,
      contractId: i.contract_id,
      workshopId: i.workshop_id,
      shapeId: i.shape_id,
      text: i.text,
      priorityCode: i.priority_code,
      actionCode: i.action_code,
      loose: i.loose,
      projectId: i.project_id,
      convertedAt: iso(i.converted_at),
      carriedTo: i.carried_to,
      carriedAt: isoOrNull(i.carried_at),
    })),
    erasures: erasures.map((e) => ({
      id: e.id,
      requestedBy: e.requested_by,
      kind: e.kind,
      source: e.source,
      people: e.people,
      removeIdeas: e.remove_ideas,
      boards: e.boards,
      records: e.records,
      createdAt: iso(e.created_at),
    })),
  }
}

/** Which of `ids` a table already holds. */
export async function existingIds(
  db: Db,
  table:
    | 'councils'
    | 'users'
    | 'contracts'
    | 'workshops'
    | 'guests'
    | 'boards'
    | 'board_assets'
    | 'board_snapshots'
    | 'actors'
    | 'projects'
    | 'workshop_templates'
    | 'calls'
    | 'archived_ideas'
    | 'erasures',
  ids: string[],
): Promise<Set<string>> {
  const found = new Set<string>()
  for (const chunk of chunks(ids, 1000)) {
    const rows = await db.selectFrom(table).select('id').where('id', 'in', chunk).execute()
    for (const row of rows) found.add(row.id)
  }
  return found
}

/** Which of `emails` (lower-cased) an account already has. */
export async function existingEmails(db: Db, emails: string[]): Promise<Set<string>> {
  const found = new Set<string>()
  for (const chunk of chunks(emails, 1000)) {
    const rows = await db.selectFrom('users').select('email').where('email', 'in', chunk).execute()
    for (const row of rows) found.add(row.email)
  }
  return found
}

/** Which of `codes` a workshop already uses, as its join or observer code. */
export async function existingCodes(db: Db, codes: string[]): Promise<Set<string>> {
  const found = new Set<string>()
  for (const chunk of chunks(codes, 1000)) {
    const rows = await db
      .selectFrom('workshops')
      .select(['join_code', 'observer_code'])
      .where((eb) => eb.or([eb('join_code', 'in', chunk), eb('observer_code', 'in', chunk)]))
      .execute()
    for (const row of rows) {
      if (row.join_code) found.add(row.join_code)
      if (row.observer_code) found.add(row.observer_code)
    }
  }
  return found
}

/**
 * Writes a council's data, ids already final. Call it inside a transaction: a failure anywhere leaves
 * nothing behind. Members get no usable password (`!` matches no password: argon2 cannot parse it).
 * Boards get their state as snapshot and an empty log; history rows are inserted in the archive's order,
 * so their new ids keep that order.
 */
export async function insertCouncilData(tx: Transaction<Database>, data: CouncilData): Promise<void> {
  const councilId = data.council.id
  // Its slug when no council of this store holds it, else the first free one after it (-2, -3…).
  await insertCouncilWithSlug(
    tx,
    { id: councilId, name: data.council.name, createdAt: data.council.createdAt },
    data.council.slug,
  )
  await insertChunks(tx, 'users', data.members, (m) => ({
    id: m.id,
    council_id: councilId,
    email: m.email,
    display_name: m.displayName,
    password_hash: '!',
    role: m.role,
    created_at: m.createdAt,
    removed_at: m.removedAt,
  }))
  await insertChunks(tx, 'contracts', data.contracts, (c) => ({
    id: c.id,
    council_id: councilId,
    title: c.title,
    territory: c.territory,
    period: c.period,
    priorities: json(c.priorities),
    created_by: c.createdBy,
    created_at: c.createdAt,
  }))
  await insertChunks(tx, 'workshops', data.workshops, (w) => ({
    id: w.id,
    council_id: councilId,
    contract_id: w.contractId,
    title: w.title,
    start_zones: json(w.startZones),
    phase: w.phase,
    locked: w.locked,
    state: json(w.state),
    join_code: w.joinCode,
    observer_code: w.observerCode,
    created_by: w.createdBy,
    created_at: w.createdAt,
    closed_at: w.closedAt,
  }))
  await insertChunks(
    tx,
    'workshop_facilitators',
    data.workshops.flatMap((w) => w.facilitators.map((userId) => ({ workshopId: w.id, userId }))),
    (f) => ({ workshop_id: f.workshopId, user_id: f.userId }),
  )
  await insertChunks(tx, 'guests', data.guests, (g) => ({
    id: g.id,
    workshop_id: g.workshopId,
    display_name: g.displayName,
    role: g.role,
    code: g.code,
    created_at: g.createdAt,
    removed_at: g.removedAt,
  }))
  // One board at a time: a board's state can be large.
  for (const board of data.boards) {
    await tx
      .insertInto('boards')
      .values({
        id: board.id,
        workshop_id: board.workshopId,
        snapshot: board.state,
        snapshot_update_id: 0,
        created_at: board.createdAt,
        updated_at: board.updatedAt,
      })
      .execute()
    await insertChunks(tx, 'board_votes', board.ballot, (v) => ({
      board_id: board.id,
      actor_id: v.actorId,
      target_id: v.targetId,
      dots: v.dots,
      updated_at: v.updatedAt,
    }))
    await insertChunks(tx, 'shape_authors', board.authors, (a) => ({
      board_id: board.id,
      shape_id: a.shapeId,
      actor_id: a.actorId,
      display_name: a.displayName,
      created_at: a.createdAt,
    }))
    await insertChunks(tx, 'private_ideas', board.privateIdeas, (i) => ({
      board_id: board.id,
      id: i.id,
      author_id: i.authorId,
      author_name: i.authorName,
      record: json(i.record),
      updated_at: i.updatedAt,
    }))
    for (const image of board.images)
      await tx
        .insertInto('board_assets')
        .values({
          id: image.id,
          board_id: board.id,
          mime_type: image.mimeType,
          bytes: image.bytes,
          size: image.bytes.byteLength,
          created_by: image.createdBy,
          created_at: image.createdAt,
        })
        .execute()
  }
  for (const { state, looseIdeas, ...snapshot } of data.snapshots)
    await insertBoardSnapshot(tx, { ...snapshot, yjsState: state, looseIdeas: looseIdeas as never })
  await insertChunks(tx, 'actors', data.actors, (a) => ({
    id: a.id,
    council_id: councilId,
    name: a.name,
    normalised_name: a.normalisedName,
    type: a.type as never,
    created_at: a.createdAt,
  }))
  // Before the records that answer them.
  await insertChunks(tx, 'calls', data.calls, (c) => ({
    id: c.id,
    council_id: councilId,
    contract_id: c.contractId,
    title: c.title,
    description: c.description,
    kind: c.kind,
    priority_codes: json(c.priorityCodes),
    action_codes: json(c.actionCodes),
    opens_at: c.opensAt,
    closes_at: c.closesAt,
    questions: json(c.questions as never),
    criteria: json(c.criteria as never),
    created_by: c.createdBy,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  }))
  await insertChunks(tx, 'projects', data.projects, (p) => ({
    id: p.id,
    council_id: councilId,
    // Null only once its workshop was deleted (a store migrated for deletions accepts it).
    workshop_id: p.workshopId as string,
    contract_id: p.contractId,
    cluster_id: p.clusterId,
    title: p.title,
    summary: p.summary,
    priority_code: p.priorityCode,
    action_code: p.actionCode,
    objectives: p.objectives,
    expected_outcomes: p.expectedOutcomes,
    budget_cents: p.budgetCents,
    funding_sources: json(p.fundingSources as never),
    schedule_start: p.scheduleStart,
    schedule_end: p.scheduleEnd,
    // An archive written before measures existed holds {label, target}: read as today's shape.
    indicators: json(p.indicators.map(readIndicator)),
    status: p.status as never,
    support_needed: p.supportNeeded,
    risk_to_secure: p.riskToSecure,
    evaluation: p.evaluation,
    evaluation_worked: p.evaluationWorked ?? '',
    evaluation_not_worked: p.evaluationNotWorked ?? '',
    evaluation_lessons: p.evaluationLessons ?? '',
    call_id: p.callId ?? null,
    application: p.application ? json(p.application) : null,
    application_token_hash: p.applicationTokenHash ?? null,
    review: p.review ? json(p.review) : null,
    support_kinds: json(p.supportKinds ?? []),
    small_structure: p.smallStructure ?? false,
    next_step: p.nextStep ?? '',
    next_step_date: p.nextStepDate ?? null,
    provenance: json(p.provenance as never),
    edited_fields: json(p.editedFields as never),
    cluster_missing: p.clusterMissing,
    needs_priority: p.needsPriority,
    published: p.published ?? false,
    public_fields: json(p.publicFields ?? []),
    snapshot_id: p.snapshotId,
    version: p.version,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  }))
  await insertChunks(tx, 'project_actors', data.projectActors, (l) => ({
    project_id: l.projectId,
    actor_id: l.actorId,
    role: l.role,
    partner_role: l.partnerRole,
    position: l.position,
  }))
  // A referent row's own id is not carried: it names nothing else, so each import gives a fresh one.
  await insertChunks(tx, 'project_referents', data.projectReferents, (r) => ({
    id: crypto.randomUUID(),
    project_id: r.projectId,
    user_id: r.userId,
    actor_id: r.actorId,
    role: r.role,
    position: r.position,
  }))
  await insertChunks(tx, 'workshop_templates', data.templates, (t) => ({
    id: t.id,
    council_id: councilId,
    title: t.title,
    description: t.description,
    lang: t.lang,
    content: json(t.content as never),
    source_workshop_id: t.sourceWorkshopId,
    created_by: t.createdBy,
    created_at: t.createdAt,
  }))
  await insertChunks(tx, 'archived_ideas', data.archivedIdeas, (i) => ({
    id: i.id,
    council_id: councilId,
    contract_id: i.contractId,
    workshop_id: i.workshopId,
    shape_id: i.shapeId,
    text: i.text,
    priority_code: i.priorityCode,
    action_code: i.actionCode,
    loose: i.loose,
    project_id: i.projectId,
    converted_at: i.convertedAt,
    carried_to: i.carriedTo,
    carried_at: i.carriedAt,
  }))
  await insertChunks(
    tx,
    'idea_links',
    data.boards.flatMap((b) => (b.ideaLinks ?? []).map((link) => ({ boardId: b.id, ...link }))),
    (l) => ({
      board_id: l.boardId,
      shape_id: l.shapeId,
      archived_idea_id: l.archivedIdeaId,
      linked_by: l.linkedBy,
      created_at: l.createdAt,
    }),
  )
  await insertChunks(tx, 'erasures', data.erasures, (e) => ({
    id: e.id,
    council_id: councilId,
    requested_by: e.requestedBy,
    kind: e.kind,
    source: e.source,
    people: e.people,
    remove_ideas: e.removeIdeas,
    boards: e.boards,
    records: e.records,
    created_at: e.createdAt,
  }))
  // In order, one chunk after the other: identity ids follow the archive's order.
  await insertChunks(tx, 'project_history', data.projectHistory, (h) => ({ ...historyRow(h), at: h.at }))
}

/** Rows per insert: far below Postgres' 65,535 parameters for the widest table (projects, 28 columns). */
const CHUNK = 500

async function insertChunks<T>(
  tx: Transaction<Database>,
  table: keyof Database,
  items: T[],
  row: (item: T) => Record<string, unknown>,
): Promise<void> {
  for (const chunk of chunks(items, CHUNK))
    await tx
      .insertInto(table)
      .values(chunk.map(row) as never)
      .execute()
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = []
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size))
  return result
}
