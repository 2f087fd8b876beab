import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import JSZip from 'jszip'
import { type Kysely, sql } from 'kysely'
import type { TSchema } from 'typebox'
import * as Y from 'yjs'
import { assertSaneUpdate } from '../collab/update-guard.ts'
import type { Database } from '../db/schema.ts'
import { findRefusedText } from '../http/text-rule.ts'
import { generateCode } from '../workshops/codes.ts'
import { sha256 } from './export.ts'
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  archiveFiles,
  archivePaths,
  type CouncilData,
  countsOf,
  Manifest,
  optionalFiles,
} from './format.ts'
import { IdMap, remapBoardState } from './remap.ts'
import { existingCodes, existingEmails, existingIds, insertCouncilData } from './repository.ts'

/** Why an archive is refused; nothing is written. */
export type ArchiveProblem =
  /** Not a zip, or a zip without manifest.json. */
  | 'not_an_archive'
  /** A manifest of another format. */
  | 'wrong_format'
  /** Written by a newer Kenlabour, in a version this one cannot read. */
  | 'unsupported_version'
  /** A file is missing, or its size or SHA-256 differs from the manifest's. */
  | 'damaged_file'
  /** A file does not hold what the format says (a field's type, a Yjs state that does not decode). */
  | 'invalid_content'
  /** Files that disagree: a link to something the archive does not hold, an id given twice. */
  | 'inconsistent'

export class ArchiveError extends Error {
  readonly problem: ArchiveProblem
  constructor(problem: ArchiveProblem, message: string) {
    super(message)
    this.name = 'ArchiveError'
    this.problem = problem
  }
}

// ajv-formats is CommonJS: its function is the default export at run time, `.default` in its types.
const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as (ajv: Ajv) => Ajv
const ajv = addFormats(new Ajv({ allErrors: false, strict: false }))
const validators = new Map<TSchema, ValidateFunction>()

/** Checks `value` against `schema`, or throws invalid_content naming the file and the place. */
function check<T>(schema: TSchema, value: unknown, file: string): T {
  let validate = validators.get(schema)
  if (!validate) {
    validate = ajv.compile(schema as object)
    validators.set(schema, validate)
  }
  if (!validate(value)) {
    const error = validate.errors?.[0]
    const where = error?.instancePath || '/'
    throw new ArchiveError('invalid_content', `${file}: ${where} ${error?.message ?? 'is not valid'}.`)
  }
  const refused = findRefusedText(value)
  if (refused !== null)
    throw new ArchiveError(
      'invalid_content',
      `${file}: ${refused || '/'} holds a character no database can store (NUL or a lone surrogate).`,
    )
  return value as T
}

/**
 * Opens an archive and checks it whole before anything is written: it is a zip with a manifest of this
 * format in a version this instance reads; every file the manifest lists is there with its size and
 * SHA-256; every JSON file matches its schema (format.ts); every Yjs state decodes; every link points
 * to something the archive holds. Throws ArchiveError otherwise.
 */
export async function readArchive(bytes: Uint8Array): Promise<{ manifest: Manifest; data: CouncilData }> {
  let zip: JSZip
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: true })
  } catch (error) {
    throw new ArchiveError('not_an_archive', `Not a zip archive (${(error as Error).message}).`)
  }
  const manifestFile = zip.file(archivePaths.manifest)
  if (!manifestFile)
    throw new ArchiveError('not_an_archive', 'No manifest.json: this is not a Kenlabour council archive.')
  let manifestJson: unknown
  try {
    manifestJson = JSON.parse(await manifestFile.async('string'))
  } catch {
    throw new ArchiveError(
      'not_an_archive',
      'manifest.json is not JSON: this is not a Kenlabour council archive.',
    )
  }
  const head = (manifestJson ?? {}) as { format?: unknown; version?: unknown }
  if (head.format !== ARCHIVE_FORMAT)
    throw new ArchiveError(
      'wrong_format',
      `manifest.json names the format ${JSON.stringify(head.format ?? null)}, not ${ARCHIVE_FORMAT}: this is not a Kenlabour council archive.`,
    )
  if (typeof head.version === 'number' && Number.isInteger(head.version) && head.version > ARCHIVE_VERSION)
    throw new ArchiveError(
      'unsupported_version',
      `The archive is in version ${head.version} of the format, written by a newer Kenlabour; this instance reads up to version ${ARCHIVE_VERSION}. Upgrade it first.`,
    )
  const manifest = check<Manifest>(Manifest, manifestJson, archivePaths.manifest)

  // Every listed file, checked against its size and digest.
  const contents = new Map<string, Uint8Array>()
  for (const listed of manifest.files) {
    const file = zip.file(listed.path)
    if (!file)
      throw new ArchiveError(
        'damaged_file',
        `${listed.path} is listed in the manifest but missing from the archive.`,
      )
    let content: Uint8Array
    try {
      content = await file.async('uint8array')
    } catch (error) {
      throw new ArchiveError('damaged_file', `${listed.path} cannot be read (${(error as Error).message}).`)
    }
    if (content.byteLength !== listed.bytes || sha256(content) !== listed.sha256)
      throw new ArchiveError(
        'damaged_file',
        `${listed.path} is damaged: its size or SHA-256 differs from the manifest's.`,
      )
    contents.set(listed.path, content)
  }
  const binary = (path: string): Uint8Array => {
    const content = contents.get(path)
    if (!content) throw new ArchiveError('damaged_file', `${path} is missing from the archive.`)
    return content
  }
  const jsonOf = <K extends keyof typeof archiveFiles>(key: K) => {
    const path = archivePaths[key]
    if (optionalFiles.has(key) && !contents.has(path)) return [] as unknown as CouncilData[K]
    let value: unknown
    try {
      value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(binary(path)))
    } catch (error) {
      if (error instanceof ArchiveError) throw error
      throw new ArchiveError('invalid_content', `${path} is not JSON.`)
    }
    return check<CouncilData[K]>(archiveFiles[key], value, path)
  }

  const council = jsonOf('council')
  const boards = jsonOf('boards') as unknown as CouncilData['boards']
  for (const board of boards) {
    board.state = board.hasDocument ? decodedState(binary(archivePaths.boardState(board.id)), board.id) : null
    for (const image of board.images) {
      image.bytes = binary(archivePaths.boardImage(board.id, image.id, image.mimeType))
      if (image.bytes.byteLength !== image.size)
        throw new ArchiveError(
          'inconsistent',
          `Image ${image.id} of board ${board.id}: its size is not ${image.size}.`,
        )
    }
  }
  const snapshots = jsonOf('snapshots') as unknown as CouncilData['snapshots']
  for (const snapshot of snapshots)
    snapshot.state = decodedState(binary(archivePaths.snapshotState(snapshot.id)), snapshot.id)
  const data: CouncilData = {
    council,
    members: jsonOf('members'),
    contracts: jsonOf('contracts'),
    workshops: jsonOf('workshops'),
    guests: jsonOf('guests'),
    boards,
    snapshots,
    actors: jsonOf('actors'),
    projects: jsonOf('projects'),
    projectActors: jsonOf('projectActors'),
    projectReferents: jsonOf('projectReferents'),
    projectHistory: jsonOf('projectHistory'),
    templates: jsonOf('templates'),
    calls: jsonOf('calls'),
    archivedIdeas: jsonOf('archivedIdeas'),
    erasures: jsonOf('erasures'),
  }
  if (manifest.council.id !== council.id)
    throw new ArchiveError('inconsistent', 'manifest.json and council.json name different councils.')
  checkLinks(data)
  return { manifest, data }
}

/** A Yjs state that passes the server's bounded check and applies whole (nothing left pending). */
function decodedState(state: Uint8Array, owner: string): Uint8Array {
  const doc = new Y.Doc()
  try {
    assertSaneUpdate(state)
    Y.applyUpdate(doc, state)
    if (doc.store.pendingStructs || doc.store.pendingDs) throw new Error('it lacks some of its own parts')
    return state
  } catch (error) {
    throw new ArchiveError(
      'invalid_content',
      `The Yjs state of ${owner} does not decode (${(error as Error).message}).`,
    )
  } finally {
    doc.destroy()
  }
}

/** Every link between the files points to something the archive holds, and no id is given twice. */
function checkLinks(data: CouncilData): void {
  const idsOf = (what: string, items: { id: string }[]) => {
    const ids = new Set<string>()
    for (const item of items) {
      if (ids.has(item.id))
        throw new ArchiveError('inconsistent', `${what}: the id ${item.id} is given twice.`)
      ids.add(item.id)
    }
    return ids
  }
  const members = idsOf('members.json', data.members)
  const contracts = idsOf('contracts.json', data.contracts)
  const workshops = idsOf('workshops.json', data.workshops)
  idsOf('guests.json', data.guests)
  const boards = idsOf('boards.json', data.boards)
  idsOf(
    'images of boards.json',
    data.boards.flatMap((b) => b.images),
  )
  const snapshots = idsOf('snapshots.json', data.snapshots)
  const actors = idsOf('actors.json', data.actors)
  const projects = idsOf('projects.json', data.projects)
  idsOf('templates.json', data.templates)
  const calls = idsOf('calls.json', data.calls)
  const archivedIdeas = idsOf('archived-ideas.json', data.archivedIdeas)
  idsOf('erasures.json', data.erasures)

  const expect = (ok: boolean, message: string) => {
    if (!ok) throw new ArchiveError('inconsistent', message)
  }
  const emails = new Set<string>()
  for (const member of data.members) {
    const email = member.email.toLowerCase()
    expect(!emails.has(email), `members.json: the address ${email} is given twice.`)
    emails.add(email)
  }
  for (const c of data.contracts)
    expect(
      members.has(c.createdBy),
      `Contract ${c.id} was created by ${c.createdBy}, who is not in members.json.`,
    )
  const boardOf = new Map(data.boards.map((b) => [b.workshopId, b.id]))
  for (const w of data.workshops) {
    expect(
      contracts.has(w.contractId),
      `Workshop ${w.id} names contract ${w.contractId}, not in contracts.json.`,
    )
    expect(members.has(w.createdBy), `Workshop ${w.id} was created by ${w.createdBy}, not in members.json.`)
    for (const f of w.facilitators)
      expect(members.has(f), `Workshop ${w.id} is facilitated by ${f}, not in members.json.`)
    expect(boardOf.get(w.id) === w.boardId, `Workshop ${w.id}: its board ${w.boardId} is not in boards.json.`)
  }
  for (const b of data.boards)
    expect(
      workshops.has(b.workshopId),
      `Board ${b.id} belongs to workshop ${b.workshopId}, not in workshops.json.`,
    )
  expect(
    boards.size === data.workshops.length,
    'boards.json and workshops.json disagree: one board per workshop.',
  )
  for (const g of data.guests)
    expect(
      workshops.has(g.workshopId),
      `Guest ${g.id} joined workshop ${g.workshopId}, not in workshops.json.`,
    )
  for (const s of data.snapshots) {
    expect(
      workshops.has(s.workshopId),
      `Snapshot ${s.id} names workshop ${s.workshopId}, not in workshops.json.`,
    )
    expect(
      s.convertedBy === null || members.has(s.convertedBy),
      `Snapshot ${s.id} was made by ${s.convertedBy}, not in members.json.`,
    )
  }
  for (const c of data.calls) {
    expect(contracts.has(c.contractId), `Call ${c.id} names contract ${c.contractId}, not in contracts.json.`)
    expect(
      c.createdBy === null || members.has(c.createdBy),
      `Call ${c.id} names member ${c.createdBy}, not in members.json.`,
    )
  }
  for (const p of data.projects) {
    expect(
      p.callId == null || calls.has(p.callId),
      `Project ${p.id} answers call ${p.callId}, not in calls.json.`,
    )
    expect(
      p.workshopId === null || workshops.has(p.workshopId),
      `Project ${p.id} names workshop ${p.workshopId}, not in workshops.json.`,
    )
    expect(
      contracts.has(p.contractId),
      `Project ${p.id} names contract ${p.contractId}, not in contracts.json.`,
    )
    expect(
      p.snapshotId === null || snapshots.has(p.snapshotId),
      `Project ${p.id} names snapshot ${p.snapshotId}, not in snapshots.json.`,
    )
  }
  for (const l of data.projectActors) {
    expect(
      projects.has(l.projectId),
      `project-actors.json names project ${l.projectId}, not in projects.json.`,
    )
    expect(actors.has(l.actorId), `project-actors.json names actor ${l.actorId}, not in actors.json.`)
  }
  for (const r of data.projectReferents) {
    expect(
      projects.has(r.projectId),
      `project-referents.json names project ${r.projectId}, not in projects.json.`,
    )
    expect(
      (r.userId === null) !== (r.actorId === null),
      `project-referents.json: a referent of ${r.projectId} names both a member and an actor, or neither.`,
    )
    expect(
      r.userId === null || members.has(r.userId),
      `project-referents.json names member ${r.userId}, not in members.json.`,
    )
    expect(
      r.actorId === null || actors.has(r.actorId),
      `project-referents.json names actor ${r.actorId}, not in actors.json.`,
    )
  }
  for (const t of data.templates) {
    expect(
      t.sourceWorkshopId === null || workshops.has(t.sourceWorkshopId),
      `Template ${t.id} was saved from workshop ${t.sourceWorkshopId}, not in workshops.json.`,
    )
    expect(
      t.createdBy === null || members.has(t.createdBy),
      `Template ${t.id} names member ${t.createdBy}, not in members.json.`,
    )
  }
  for (const i of data.archivedIdeas) {
    expect(
      contracts.has(i.contractId),
      `Archived idea ${i.id} names contract ${i.contractId}, not in contracts.json.`,
    )
    expect(
      workshops.has(i.workshopId),
      `Archived idea ${i.id} names workshop ${i.workshopId}, not in workshops.json.`,
    )
    expect(
      i.projectId === null || projects.has(i.projectId),
      `Archived idea ${i.id} names project ${i.projectId}, not in projects.json.`,
    )
    expect(
      i.carriedTo === null || workshops.has(i.carriedTo),
      `Archived idea ${i.id} was carried to workshop ${i.carriedTo}, not in workshops.json.`,
    )
  }
  for (const b of data.boards)
    for (const l of b.ideaLinks ?? [])
      expect(
        archivedIdeas.has(l.archivedIdeaId),
        `Board ${b.id} links a card to ${l.archivedIdeaId}, not in archived-ideas.json.`,
      )
  for (const e of data.erasures)
    expect(
      e.requestedBy === null || members.has(e.requestedBy),
      `Erasure ${e.id} names member ${e.requestedBy}, not in members.json.`,
    )
  for (const h of data.projectHistory) {
    expect(
      projects.has(h.projectId),
      `project-history.json names project ${h.projectId}, not in projects.json.`,
    )
    expect(
      h.userId === null || members.has(h.userId),
      `project-history.json names member ${h.userId}, not in members.json.`,
    )
  }
}

/** What an import did. */
export interface ImportResult {
  councilId: string
  councilName: string
  counts: Record<string, number>
  /** Old id → new id, for each id that was already taken in this store. */
  remappedIds: [string, string][]
  /** Addresses already used by an account of this store: the member got another one. */
  renamedEmails: { from: string; to: string }[]
  /** Join and observer codes already used by a workshop of this store: the workshop got a new one. */
  replacedCodes: { from: string; to: string }[]
  /** The showcase's slug, when another council of this store held the archive's: the one it got. */
  renamedSlug: { from: string; to: string } | null
}

/** A refusal of the database during the import (a constraint): nothing was written. */
export class ImportFailedError extends Error {}

/**
 * Imports a council archive into this store, beside whatever it holds, in one transaction: a failure
 * anywhere writes nothing. Ids already taken in this store get new ones everywhere they appear (remap.ts),
 * as do join codes in use; an address already used by an account becomes `name+imported-xxxxxxxx@domain`.
 * Members come without a usable password: each needs a reset link. Imports run one at a time (an
 * advisory lock), so two imports of one archive cannot both decide that its ids are free.
 */
export async function importCouncil(db: Kysely<Database>, bytes: Uint8Array): Promise<ImportResult> {
  const { data } = await readArchive(bytes)
  try {
    return await db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(727002)`.execute(tx)
      const ids = new IdMap()
      const tables: [Parameters<typeof existingIds>[1], string[]][] = [
        ['councils', [data.council.id]],
        ['users', data.members.map((m) => m.id)],
        ['contracts', data.contracts.map((c) => c.id)],
        ['workshops', data.workshops.map((w) => w.id)],
        ['guests', data.guests.map((g) => g.id)],
        ['boards', data.boards.map((b) => b.id)],
        ['board_assets', data.boards.flatMap((b) => b.images.map((i) => i.id))],
        ['board_snapshots', data.snapshots.map((s) => s.id)],
        ['actors', data.actors.map((a) => a.id)],
        ['projects', data.projects.map((p) => p.id)],
        ['workshop_templates', data.templates.map((t) => t.id)],
        ['calls', data.calls.map((c) => c.id)],
        ['archived_ideas', data.archivedIdeas.map((i) => i.id)],
        ['erasures', data.erasures.map((e) => e.id)],
      ]
      for (const [table, list] of tables) for (const id of await existingIds(tx, table, list)) ids.set(id)

      // Every id, in columns, JSON and text; the Yjs states after (bytes are left alone by ids.value).
      const mapped = ids.value(data)
      for (const board of mapped.boards) if (board.state) board.state = remapBoardState(board.state, ids)
      for (const snapshot of mapped.snapshots) snapshot.state = remapBoardState(snapshot.state, ids)

      const renamedEmails = await freeEmails(tx, mapped)
      const replacedCodes = await freeCodes(tx, mapped)
      await freeApplicationTokens(tx, mapped)
      await insertCouncilData(tx, mapped)
      const { slug } = await tx
        .selectFrom('councils')
        .select('slug')
        .where('id', '=', mapped.council.id)
        .executeTakeFirstOrThrow()
      const wanted = mapped.council.slug
      return {
        renamedSlug: wanted && slug && slug !== wanted ? { from: wanted, to: slug } : null,
        councilId: mapped.council.id,
        councilName: mapped.council.name,
        counts: countsOf(mapped),
        remappedIds: ids.entries(),
        renamedEmails,
        replacedCodes,
      }
    })
  } catch (error) {
    if (error instanceof ArchiveError) throw error
    throw new ImportFailedError(`The store refused the import: ${(error as Error).message}`, { cause: error })
  }
}

/**
 * An application's private link works on one copy only: a token hash this store already holds (the same
 * archive imported again) is dropped from the new copy, whose carrier link then opens nothing.
 */
async function freeApplicationTokens(db: Kysely<Database>, data: CouncilData) {
  const hashes = data.projects
    .map((p) => p.applicationTokenHash)
    .filter((h): h is string => typeof h === 'string')
  if (hashes.length === 0) return
  const taken = new Set(
    (
      await db
        .selectFrom('projects')
        .select('application_token_hash')
        .where('application_token_hash', 'in', hashes)
        .execute()
    ).map((r) => r.application_token_hash),
  )
  for (const p of data.projects)
    if (p.applicationTokenHash && taken.has(p.applicationTokenHash)) p.applicationTokenHash = null
}

/** Lower-cases addresses and gives a new one to each member whose address an account already has. */
async function freeEmails(db: Kysely<Database>, data: CouncilData) {
  for (const member of data.members) member.email = member.email.toLowerCase()
  const taken = await existingEmails(
    db,
    data.members.map((m) => m.email),
  )
  const renamed: { from: string; to: string }[] = []
  for (const member of data.members) {
    if (!taken.has(member.email)) continue
    const at = member.email.lastIndexOf('@')
    const [local, domain] = at > 0 ? [member.email.slice(0, at), member.email.slice(at)] : [member.email, '']
    let next: string
    do next = `${local}+imported-${crypto.randomUUID().slice(0, 8)}${domain}`
    while (taken.has(next) || (await existingEmails(db, [next])).size > 0)
    taken.add(next)
    renamed.push({ from: member.email, to: next })
    member.email = next
  }
  return renamed
}

/**
 * Gives new join and observer codes to workshops whose codes another workshop of this store uses (codes
 * are unique across the instance); guests who joined with a replaced code keep pointing to it.
 */
async function freeCodes(db: Kysely<Database>, data: CouncilData) {
  const codes = data.workshops.flatMap((w) => [w.joinCode, w.observerCode]).filter((c) => c !== null)
  const taken = await existingCodes(db, codes)
  const inArchive = new Set(codes)
  const replaced: { from: string; to: string }[] = []
  for (const workshop of data.workshops) {
    for (const kind of ['joinCode', 'observerCode'] as const) {
      const code = workshop[kind]
      if (code === null || !taken.has(code)) continue
      let next: string
      do next = generateCode()
      while (taken.has(next) || inArchive.has(next) || (await existingCodes(db, [next])).size > 0)
      taken.add(next)
      workshop[kind] = next
      replaced.push({ from: code, to: next })
      for (const guest of data.guests)
        if (guest.workshopId === workshop.id && guest.code === code) guest.code = next
    }
  }
  return replaced
}
