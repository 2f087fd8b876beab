import type { FastifyInstance } from 'fastify'
import type { SimilarRecords } from '../../shared/api/projects.ts'
import { readLiveState } from '../../shared/board/document.ts'
import type {
  AttachedCluster,
  EditableField,
  LooseIdeas,
  ProjectRecord,
  Provenance,
} from '../../shared/projects/record.ts'
import type { AccountActor } from '../auth/sessions.ts'
import { archiveWorkshopIdeas } from '../continuity/archive.ts'
import { listContractsById } from '../contracts/repository.ts'
import type { ContractPriority } from '../db/schema.ts'
import { badRequest, conflict, forbidden, HttpError, notFound, unavailable } from '../errors.ts'
import { listBallot } from '../votes/repository.ts'
import { type BoardContent, encodeBoardState, readBoardContent } from './board-content.ts'
import {
  type AnonymousConversion,
  type ClusterDraft,
  type ConversionPlan,
  planConversion,
} from './conversion-plan.ts'
import { presentRows } from './records.ts'
import {
  findSimilarProjects,
  insertBoardSnapshot,
  insertHistory,
  insertProjects,
  listShapeAuthors,
  listWorkshopProjects,
  lockAttachedProjects,
  lockCouncilProjects,
  lockWorkshopForConversion,
  lockWorkshopProjects,
  type NewHistoryRow,
  type NewProject,
  type ProjectColumns,
  touchProjects,
  updateProject,
} from './repository.ts'
import type { ProjectRow } from './tables.ts'

/** What POST /api/workshops/:id/convert answers. */
export interface ConversionResult {
  snapshotId: string
  projects: ProjectRecord[]
  looseIdeas: LooseIdeas
  created: number
  updated: number
  /** Records whose cluster is no longer on the board. */
  missing: number
}

/** A facilitator's choice at conversion: this cluster's ideas go to that existing record. */
export interface AttachChoice {
  clusterId: string
  projectId: string
}

/** What conversion needs of the workshops part: who may convert, and closing the workshop. */
export interface WorkshopAccess {
  /** The workshop if `actor` facilitates it: 404 outside the council, 403 for other members. */
  facilitated(
    actor: AccountActor,
    workshopId: string,
  ): Promise<{ id: string; boardId: string; phase: string }>
  /** Moves the workshop to `closed` (row and board meta), as a facilitator's PATCH would. */
  close(actor: AccountActor, workshopId: string, boardId: string): Promise<void>
}

/** Fields that conversion proposes and refreshes until a person edits them. */
const draftFields = ['title', 'summary', 'objectives', 'priorityCode', 'actionCode'] as const
type DraftField = (typeof draftFields)[number]

const draftColumn: Record<DraftField, keyof ProjectColumns & keyof ProjectRow> = {
  title: 'title',
  summary: 'summary',
  objectives: 'objectives',
  priorityCode: 'priority_code',
  actionCode: 'action_code',
}

function provenanceOf(
  draft: ClusterDraft,
  workshop: { id: string; title: string },
  convertedAt: string,
): Provenance {
  return {
    workshopId: workshop.id,
    workshopTitle: workshop.title,
    clusterId: draft.clusterId,
    clusterTitle: draft.title,
    zoneId: draft.zoneId,
    ideas: draft.ideas,
    contributors: draft.contributors,
    clusterDots: draft.clusterDots,
    ideaDots: draft.ideaDots,
    totalDots: draft.totalDots,
    convertedAt,
  }
}

/**
 * Zone codes are free text on the board (a zone may name a priority the contract does not have): a code
 * missing from the contract is dropped, so the record asks for a priority instead of carrying one that
 * no committee knows. An unknown action of a known priority leaves the whole priority.
 */
export function keepContractCodes(plan: ConversionPlan, priorities: ContractPriority[]): ConversionPlan {
  return {
    ...plan,
    clusters: plan.clusters.map((draft) => {
      const priority = priorities.find((p) => p.code === draft.priorityCode)
      if (!priority) return { ...draft, priorityCode: null, actionCode: null }
      if (draft.actionCode && !priority.actions.some((a) => a.code === draft.actionCode))
        return { ...draft, actionCode: null }
      return draft
    }),
  }
}

/** What history keeps of a provenance: enough to see what changed without copying every idea again. */
function provenanceDigest(p: Provenance) {
  return {
    ideas: p.ideas.map((i) => ({ id: i.id, dots: i.dots })),
    contributors: p.contributors,
    clusterDots: p.clusterDots ?? 0,
    ideaDots: p.ideaDots ?? p.totalDots,
    totalDots: p.totalDots,
  }
}

function sameProvenance(a: Provenance, b: Provenance): boolean {
  return (
    JSON.stringify(provenanceDigest(a)) === JSON.stringify(provenanceDigest(b)) &&
    JSON.stringify(a.ideas.map((i) => [i.text, i.authorName])) ===
      JSON.stringify(b.ideas.map((i) => [i.text, i.authorName])) &&
    a.clusterTitle === b.clusterTitle &&
    a.zoneId === b.zoneId
  )
}

/** What conversion reads of a live board. */
interface ReadBoard {
  content: BoardContent
  state: Uint8Array
  anonymous?: AnonymousConversion
}

/**
 * Converts a workshop's board into project records: closes the workshop, reads the board's current
 * document on the server and its ballot (board_votes: dots on ideas and on clusters), and creates or
 * refreshes one record per cluster. In an anonymous workshop ideas carry no author and each record
 * lists the board's contributors (from shape_authors) without tying them to a group or an idea.
 *
 * Concurrency: the board is read before the database transaction (a live-board read may itself touch
 * the store, and PGlite has a single connection), then everything that writes runs in one transaction
 * that first locks the workshop row. Two conversions of one workshop therefore run one after the other:
 * the second sees the first's records and only refreshes them. The unique (workshop, cluster)
 * constraint is the backstop if anything ever bypassed the lock: a duplicate insert fails the
 * transaction rather than creating a second record.
 */
export async function convertWorkshop(
  app: FastifyInstance,
  access: WorkshopAccess,
  actor: AccountActor,
  workshopId: string,
  attach: AttachChoice[] = [],
): Promise<ConversionResult> {
  const workshop = await access.facilitated(actor, workshopId)
  let board: ReadBoard
  try {
    // Closing first makes the board read-only for participants, so what is read is the final board.
    // The board's own copy of the phase is checked too: if an earlier close stored the row but could
    // not reach the live board, this conversion finishes the job.
    const boardPhase = await app.liveBoards.read(
      workshop.boardId,
      (doc) => (doc.getMap('meta').get('workshop') as { phase?: string } | undefined)?.phase,
    )
    if (workshop.phase !== 'closed' || boardPhase !== 'closed')
      await access.close(actor, workshopId, workshop.boardId)
    // The ballot is read once the workshop is closed: no dot changes after this.
    const ballot = await listBallot(app.store.db, workshop.boardId)
    const read = await app.liveBoards.read(workshop.boardId, (doc) => ({
      content: readBoardContent(doc, ballot),
      state: encodeBoardState(doc),
      anonymous: readLiveState(doc).anonymous,
    }))
    board = { content: read.content, state: read.state }
    if (read.anonymous)
      board.anonymous = { contributors: await boardContributors(app, workshop.boardId, read.content) }
  } catch (error) {
    if (error instanceof HttpError) throw error
    app.log.error({ err: error, workshopId }, 'conversion: the live board could not be read')
    throw unavailable('Le tableau de l’atelier est indisponible : réessayez la conversion.')
  }

  try {
    return await writeConversion(app, actor, workshopId, workshop.boardId, board, attach)
  } catch (error) {
    // The unique (workshop, cluster) constraint refused a duplicate: another conversion got there first.
    if (/projects_workshop_cluster/.test(String((error as Error)?.message)))
      throw conflict(
        'Une autre conversion de cet atelier vient d’avoir lieu : réessayez.',
        'conversion_in_progress',
      )
    throw error
  }
}

/** Names of the people who wrote the ideas now on the board, as the server recorded them. */
async function boardContributors(app: FastifyInstance, boardId: string, content: BoardContent) {
  const ideas = new Set(
    Object.entries(content.records)
      .filter(([, record]) => (record as { type?: string } | null)?.type === 'idea')
      .map(([id]) => id),
  )
  const authors = await listShapeAuthors(app.store.db, boardId)
  return authors.filter((author) => ideas.has(author.shapeId)).map((author) => author.displayName)
}

async function writeConversion(
  app: FastifyInstance,
  actor: AccountActor,
  workshopId: string,
  boardId: string,
  board: ReadBoard,
  attach: AttachChoice[],
): Promise<ConversionResult> {
  const workshop = { boardId }
  return app.store.db.transaction().execute(async (tx) => {
    const row = await lockWorkshopForConversion(tx, workshopId)
    if (!row) throw notFound('Atelier')
    if (row.council_id !== actor.councilId) throw forbidden()
    const [contract] = await listContractsById(tx, [row.contract_id])
    const plan = keepContractCodes(
      planConversion(board.content, row.title, board.anonymous),
      contract?.priorities ?? [],
    )
    const now = new Date().toISOString()
    const snapshotId = crypto.randomUUID()
    await insertBoardSnapshot(tx, {
      id: snapshotId,
      workshopId,
      boardId: workshop.boardId,
      records: board.content.records,
      votes: board.content.votes,
      yjsState: board.state,
      looseIdeas: plan.looseIdeas,
      convertedBy: actor.userId,
    })

    const existing = new Map((await lockWorkshopProjects(tx, workshopId)).map((p) => [p.cluster_id, p]))
    const history: NewHistoryRow[] = []
    const who = { userId: actor.userId, userName: actor.displayName, source: 'conversion' as const }

    // Clusters attached to records of other workshops: at an earlier conversion, then today's choices.
    const previous = await lockAttachedProjects(tx, row.council_id, workshopId)
    const attachedTo = new Map<string, string>()
    for (const project of previous)
      for (const entry of project.provenance.attached ?? [])
        if (entry.workshopId === workshopId) attachedTo.set(entry.clusterId, project.id)
    const onBoardNow = new Set(plan.clusters.map((c) => c.clusterId))
    const invalid = (choice: AttachChoice) =>
      badRequest(
        'Ce regroupement ne peut pas être rattaché à cette fiche-projet : rechargez la proposition.',
        'conversion_attach_invalid',
        { clusterId: choice.clusterId },
      )
    for (const choice of attach) {
      // Only a cluster that would make a new record can be attached.
      if (!onBoardNow.has(choice.clusterId) || existing.has(choice.clusterId)) throw invalid(choice)
      attachedTo.set(choice.clusterId, choice.projectId)
    }
    const targets = new Map(
      (
        await lockCouncilProjects(tx, row.council_id, [
          ...new Set([...previous.map((p) => p.id), ...attachedTo.values()]),
        ])
      ).map((p) => [p.id, p]),
    )
    for (const choice of attach) {
      const target = targets.get(choice.projectId)
      // Another council's record is unknown here; one of this workshop's own records is no target.
      if (!target || target.workshop_id === workshopId) throw invalid(choice)
    }
    const attachments = new Map<string, AttachedCluster[]>()
    const fresh: NewProject[] = []
    let updated = 0
    let missing = 0
    const unchanged: string[] = []

    for (const draft of plan.clusters) {
      const provenance = provenanceOf(draft, { id: workshopId, title: row.title }, now)
      // Clusters of other workshops attached to this record stay attached.
      const kept = existing.get(draft.clusterId)?.provenance.attached
      if (kept?.length) provenance.attached = kept
      const current = existing.get(draft.clusterId)
      const targetId = current ? undefined : attachedTo.get(draft.clusterId)
      if (targetId && targets.has(targetId)) {
        const before = targets
          .get(targetId)!
          .provenance.attached?.find((a) => a.workshopId === workshopId && a.clusterId === draft.clusterId)
        const list = attachments.get(targetId) ?? []
        list.push({
          workshopId,
          workshopTitle: row.title,
          clusterId: draft.clusterId,
          clusterTitle: draft.title,
          ideas: draft.ideas,
          contributors: draft.contributors,
          totalDots: draft.totalDots,
          attachedAt: before?.attachedAt ?? now,
        })
        attachments.set(targetId, list)
        continue
      }
      if (!current) {
        const id = crypto.randomUUID()
        fresh.push({
          id,
          councilId: row.council_id,
          workshopId,
          contractId: row.contract_id,
          clusterId: draft.clusterId,
          title: draft.title,
          summary: draft.summary,
          objectives: draft.objectives,
          priorityCode: draft.priorityCode,
          actionCode: draft.actionCode,
          provenance,
          needsPriority: draft.priorityCode === null,
          snapshotId,
        })
        history.push({ ...who, projectId: id, field: 'created', oldValue: null, newValue: draft.clusterId })
        continue
      }
      const edited = new Set<EditableField>(current.edited_fields)
      const changes: ProjectColumns = { snapshot_id: snapshotId, provenance }
      let changed = false
      for (const field of draftFields) {
        // A field a person has edited is theirs: conversion never writes it again.
        if (edited.has(field)) continue
        const column = draftColumn[field]
        const before = current[column] as string | null
        const after = draft[field]
        if (before === after) continue
        ;(changes as any)[column] = after
        history.push({ ...who, projectId: current.id, field, oldValue: before, newValue: after })
        changed = true
      }
      const priority = changes.priority_code !== undefined ? changes.priority_code : current.priority_code
      if (current.needs_priority !== (priority === null)) changes.needs_priority = priority === null
      if (!sameProvenance(current.provenance, provenance)) {
        history.push({
          ...who,
          projectId: current.id,
          field: 'provenance',
          oldValue: provenanceDigest(current.provenance),
          newValue: provenanceDigest(provenance),
        })
        changed = true
      }
      if (current.cluster_missing) {
        changes.cluster_missing = false
        history.push({
          ...who,
          projectId: current.id,
          field: 'clusterMissing',
          oldValue: true,
          newValue: false,
        })
        changed = true
      }
      // The snapshot link and conversion time move on every run; the version only when content changed,
      // so a person editing during an idle re-conversion does not get a needless 409.
      if (changed || Object.keys(changes).length > 2) {
        if (changed) updated += 1
        await updateProject(tx, current.id, changes, { bumpVersion: changed })
      } else unchanged.push(current.id)
    }
    await touchProjects(tx, unchanged, snapshotId, now)

    const onBoard = new Set(plan.clusters.map((c) => c.clusterId))
    for (const current of existing.values()) {
      if (onBoard.has(current.cluster_id) || current.cluster_missing) continue
      // The record stays (a person may have worked on it); it is marked so the council can decide.
      await updateProject(tx, current.id, { cluster_missing: true }, { bumpVersion: true })
      history.push({
        ...who,
        projectId: current.id,
        field: 'clusterMissing',
        oldValue: false,
        newValue: true,
      })
      missing += 1
    }

    for (const target of targets.values()) {
      const others = (target.provenance.attached ?? []).filter((a) => a.workshopId !== workshopId)
      const mine = (target.provenance.attached ?? []).filter((a) => a.workshopId === workshopId)
      const latest = attachments.get(target.id) ?? []
      const digest = (list: AttachedCluster[]) =>
        list.map((a) => ({
          workshopId: a.workshopId,
          clusterId: a.clusterId,
          clusterTitle: a.clusterTitle,
          ideas: a.ideas.map((i) => ({ id: i.id, text: i.text, dots: i.dots })),
          totalDots: a.totalDots,
        }))
      if (JSON.stringify(digest(mine)) === JSON.stringify(digest(latest))) continue
      const attached = [...others, ...latest]
      const provenance: Provenance = { ...target.provenance, attached }
      if (attached.length === 0) delete provenance.attached
      await updateProject(tx, target.id, { provenance }, { bumpVersion: true })
      history.push({
        ...who,
        projectId: target.id,
        field: 'provenance',
        oldValue: { attached: digest(mine) },
        newValue: { attached: digest(latest) },
      })
      if (latest.length > mine.length) updated += 1
    }

    await insertProjects(tx, fresh)
    await insertHistory(tx, history)
    // The workshop's ideas become rows that later workshops find by similarity (continuity/).
    await archiveWorkshopIdeas(tx, workshopId, snapshotId)
    const projects = await presentRows(tx, await listWorkshopProjects(tx, workshopId))
    return { snapshotId, projects, looseIdeas: plan.looseIdeas, created: fresh.length, updated, missing }
  })
}

/**
 * Before converting: the clusters of the board that would make a new record and whose title resembles
 * existing records of the council (other workshops), so the facilitator may attach them instead.
 * Reads the live board without closing the workshop.
 */
export async function similarRecords(
  app: FastifyInstance,
  access: WorkshopAccess,
  actor: AccountActor,
  workshopId: string,
): Promise<SimilarRecords> {
  const workshop = await access.facilitated(actor, workshopId)
  let content: BoardContent
  try {
    content = await app.liveBoards.read(workshop.boardId, (doc) => readBoardContent(doc, []))
  } catch (error) {
    if (error instanceof HttpError) throw error
    app.log.error({ err: error, workshopId }, 'conversion: the live board could not be read')
    throw unavailable('Le tableau de l’atelier est indisponible : réessayez.')
  }
  const db = app.store.db
  const existing = new Set((await listWorkshopProjects(db, workshopId)).map((p) => p.cluster_id))
  const attached = new Set(
    (await lockAttachedProjects(db, actor.councilId, workshopId)).flatMap((p) =>
      (p.provenance.attached ?? []).filter((a) => a.workshopId === workshopId).map((a) => a.clusterId),
    ),
  )
  const clusters: SimilarRecords['clusters'] = []
  for (const draft of planConversion(content, '').clusters) {
    if (existing.has(draft.clusterId) || attached.has(draft.clusterId)) continue
    const records = await findSimilarProjects(db, actor.councilId, workshopId, draft.title)
    if (records.length > 0)
      clusters.push({
        clusterId: draft.clusterId,
        clusterTitle: draft.title,
        ideaCount: draft.ideas.length,
        records,
      })
  }
  return { clusters }
}
