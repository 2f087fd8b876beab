import { type Static, type TSchema, Type } from 'typebox'
import {
  type ActorType as ActorTypeName,
  actorTypes,
  type ProjectStatus as ProjectStatusName,
  projectStatuses,
} from '../../shared/projects/record.ts'

/**
 * The council archive, format version 1 (docs/council-archive.md): one zip file holding a council's whole
 * data as JSON files, the Yjs state of every board and snapshot, and the images of its boards. These
 * schemas are the format: the export writes these shapes, the import checks every file against them
 * before it writes anything.
 *
 * Version rule: `version` changes only when a reader of the previous version would misread an archive
 * (a field removed, renamed or given another meaning). Adding a field or a file does not change it;
 * readers ignore what they do not know. An instance imports every version up to its own and refuses a
 * newer one.
 */
export const ARCHIVE_FORMAT = 'kenlabour-council'
export const ARCHIVE_VERSION = 1

/** Names of the files of a version 1 archive. Ids in paths are the ids written in the archive. */
export const archivePaths = {
  manifest: 'manifest.json',
  readme: 'README.txt',
  council: 'council.json',
  members: 'members.json',
  contracts: 'contracts.json',
  workshops: 'workshops.json',
  guests: 'guests.json',
  boards: 'boards.json',
  snapshots: 'snapshots.json',
  actors: 'actors.json',
  projects: 'projects.json',
  projectActors: 'project-actors.json',
  projectReferents: 'project-referents.json',
  projectHistory: 'project-history.json',
  templates: 'templates.json',
  calls: 'calls.json',
  archivedIdeas: 'archived-ideas.json',
  erasures: 'erasures.json',
  /** The board's document as one Yjs update (Y.encodeStateAsUpdate): what the board reopens from. */
  boardState: (boardId: string) => `boards/${boardId}/state.yjs`,
  /** The same document as readable JSON (tldraw records by id, `meta`); not read back by the import. */
  boardDocument: (boardId: string) => `boards/${boardId}/document.json`,
  boardImage: (boardId: string, imageId: string, mimeType: string) =>
    `boards/${boardId}/images/${imageId}.${imageExtension(mimeType)}`,
  snapshotState: (snapshotId: string) => `snapshots/${snapshotId}/state.yjs`,
  /** Documents generated from the records (CSV list, Markdown fiches): for people, not read back. */
  recordsCsv: 'documents/fiches-projets.csv',
  fiche: (projectId: string) => `documents/fiches/${projectId}.md`,
} as const

function imageExtension(mimeType: string): string {
  if (mimeType === 'image/png') return 'png'
  if (mimeType === 'image/jpeg') return 'jpg'
  if (mimeType === 'image/webp') return 'webp'
  return 'bin'
}

const Id = Type.String({ minLength: 1, maxLength: 200 })
const Time = Type.String({ format: 'date-time' })
const Text = Type.String()
const OrNull = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const JsonObject = Type.Record(Type.String(), Type.Unknown())

export const ManifestFile = Type.Object({
  path: Type.String({ minLength: 1 }),
  bytes: Type.Integer({ minimum: 0 }),
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
})

export const Manifest = Type.Object({
  format: Type.Literal(ARCHIVE_FORMAT),
  version: Type.Integer({ minimum: 1 }),
  exportedAt: Time,
  /** The instance that wrote the archive: Kenlabour's version and its latest database migration. */
  instance: Type.Object({ software: Text, version: Text, schema: Text }),
  council: Type.Object({ id: Id, name: Text }),
  /** How many of each thing the archive holds (members, workshops, boards, projects…). */
  counts: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
  /** Every other file of the archive, with its size and SHA-256: the import checks both. */
  files: Type.Array(ManifestFile),
})
export type Manifest = Static<typeof Manifest>

export const CouncilEntry = Type.Object({
  id: Id,
  name: Text,
  createdAt: Time,
  /** The address of its public pages (absent from older archives: made from the name at import). */
  slug: Type.Optional(Text),
})

/** A member: never a password hash, a session, an invitation or a reset link. */
export const MemberEntry = Type.Object({
  id: Id,
  email: Type.String({ minLength: 3, maxLength: 320 }),
  displayName: Text,
  role: Type.Union([Type.Literal('admin'), Type.Literal('member')]),
  createdAt: Time,
  /** Set for a removed member: kept because what it made still names it. */
  removedAt: OrNull(Time),
})

const Action = Type.Object({ code: Text, title: Text, description: Type.Optional(Text) })
const Priority = Type.Object({
  code: Text,
  title: Text,
  description: Type.Optional(Text),
  actions: Type.Array(Action),
})

export const ContractEntry = Type.Object({
  id: Id,
  title: Text,
  territory: Text,
  period: Text,
  priorities: Type.Array(Priority),
  createdBy: Id,
  createdAt: Time,
})

const Phase = Type.Union([
  Type.Literal('ideation'),
  Type.Literal('clustering'),
  Type.Literal('voting'),
  Type.Literal('closed'),
])

export const WorkshopEntry = Type.Object({
  id: Id,
  contractId: Id,
  title: Text,
  startZones: Type.Array(Type.Object({ priorityCode: Text, actionCode: Text })),
  phase: Phase,
  locked: Type.Boolean(),
  /** The facilitator-owned live state (workshops.state). */
  state: JsonObject,
  joinCode: OrNull(Text),
  observerCode: OrNull(Text),
  createdBy: Id,
  createdAt: Time,
  closedAt: OrNull(Time),
  /** Members who facilitate it. */
  facilitators: Type.Array(Id),
  /** Its board (one per workshop). */
  boardId: Id,
})

export const GuestEntry = Type.Object({
  id: Id,
  workshopId: Id,
  displayName: Text,
  role: Type.Union([Type.Literal('participant'), Type.Literal('observer')]),
  /** The code the guest joined with. */
  code: Text,
  createdAt: Time,
  removedAt: OrNull(Time),
})

export const BoardEntry = Type.Object({
  id: Id,
  workshopId: Id,
  createdAt: Time,
  updatedAt: Time,
  /** False for a board nobody opened yet: it has no state file and is laid out at its first opening. */
  hasDocument: Type.Boolean(),
  /** The secret ballot: one person's dots on one idea or cluster. */
  ballot: Type.Array(
    Type.Object({ actorId: Text, targetId: Text, dots: Type.Integer({ minimum: 1 }), updatedAt: Time }),
  ),
  /** Who created each idea and cluster, as the server recorded it. */
  authors: Type.Array(Type.Object({ shapeId: Text, actorId: Text, displayName: Text, createdAt: Time })),
  /** Ideas of silent writing not revealed yet. */
  privateIdeas: Type.Array(
    Type.Object({ id: Text, authorId: Text, authorName: Text, record: JsonObject, updatedAt: Time }),
  ),
  /** Cards linked by their author to an idea of an earlier workshop (archived-ideas.json). */
  ideaLinks: Type.Optional(
    Type.Array(Type.Object({ shapeId: Text, archivedIdeaId: Id, linkedBy: Text, createdAt: Time })),
  ),
  /** Images uploaded to the board; each file is at `boards/<board id>/images/<image id>.<ext>`. */
  images: Type.Array(
    Type.Object({
      id: Id,
      mimeType: Type.Union([
        Type.Literal('image/png'),
        Type.Literal('image/jpeg'),
        Type.Literal('image/webp'),
      ]),
      size: Type.Integer({ minimum: 0 }),
      createdBy: Text,
      createdAt: Time,
    }),
  ),
})

/** A board kept at a conversion; its Yjs state is at `snapshots/<id>/state.yjs`. */
export const SnapshotEntry = Type.Object({
  id: Id,
  workshopId: Id,
  boardId: Id,
  records: JsonObject,
  votes: Type.Record(Type.String(), Type.Record(Type.String(), Type.Number())),
  looseIdeas: JsonObject,
  convertedBy: OrNull(Id),
  createdAt: Time,
})

const ActorType = Type.Unsafe<ActorTypeName>(Type.String({ enum: [...actorTypes] }))

export const ActorEntry = Type.Object({
  id: Id,
  name: Text,
  normalisedName: Text,
  type: ActorType,
  createdAt: Time,
})

const ProjectStatus = Type.Unsafe<ProjectStatusName>(Type.String({ enum: [...projectStatuses] }))

/** A project record with every column, as stored. */
export const ProjectEntry = Type.Object({
  id: Id,
  /** Null once its workshop was deleted. */
  workshopId: OrNull(Id),
  contractId: Id,
  clusterId: Text,
  title: Text,
  summary: Text,
  priorityCode: OrNull(Text),
  actionCode: OrNull(Text),
  objectives: Text,
  expectedOutcomes: Text,
  budgetCents: OrNull(Type.Integer({ minimum: 0 })),
  fundingSources: Type.Array(Type.Unknown()),
  scheduleStart: OrNull(Text),
  scheduleEnd: OrNull(Text),
  indicators: Type.Array(Type.Unknown()),
  status: ProjectStatus,
  supportNeeded: Text,
  riskToSecure: Text,
  evaluation: Text,
  /** The three-part evaluation (absent from archives written before it: read as empty). */
  evaluationWorked: Type.Optional(Text),
  evaluationNotWorked: Type.Optional(Text),
  evaluationLessons: Type.Optional(Text),
  /** The call an application answers (calls.json), its answers and contact, and the SHA-256 of its private
   * link's token (absent from older archives). */
  callId: Type.Optional(OrNull(Id)),
  application: Type.Optional(OrNull(JsonObject)),
  applicationTokenHash: Type.Optional(OrNull(Text)),
  /** An application's review: scores, decision, reason, who and when (absent from older archives). */
  review: Type.Optional(OrNull(JsonObject)),
  /** Follow-up and support (absent from older archives: none asked, no next step). */
  supportKinds: Type.Optional(Type.Array(Text)),
  smallStructure: Type.Optional(Type.Boolean()),
  nextStep: Type.Optional(Text),
  nextStepDate: Type.Optional(OrNull(Text)),
  provenance: JsonObject,
  editedFields: Type.Array(Text),
  clusterMissing: Type.Boolean(),
  needsPriority: Type.Boolean(),
  /** On the public showcase, and the fields it shows (absent from older archives: not published). */
  published: Type.Optional(Type.Boolean()),
  publicFields: Type.Optional(Type.Array(Text)),
  snapshotId: OrNull(Id),
  version: Type.Integer({ minimum: 1 }),
  createdAt: Time,
  updatedAt: Time,
})

export const ProjectActorEntry = Type.Object({
  projectId: Id,
  actorId: Id,
  role: Type.Union([Type.Literal('carrier'), Type.Literal('partner')]),
  partnerRole: Text,
  position: Type.Integer(),
})

/** Who follows a record: a member (userId) or an actor (actorId) of the council, with a role. */
export const ProjectReferentEntry = Type.Object({
  projectId: Id,
  userId: OrNull(Id),
  actorId: OrNull(Id),
  role: Text,
  position: Type.Integer(),
})

/** One change of one field of a record, oldest first in the file. */
export const HistoryEntry = Type.Object({
  projectId: Id,
  userId: OrNull(Id),
  userName: Text,
  source: Type.Union([Type.Literal('edit'), Type.Literal('conversion')]),
  field: Text,
  oldValue: Type.Unknown(),
  newValue: Type.Unknown(),
  at: Time,
})

/** A workshop template of the council (its zones, annotations, agenda and settings; no idea). */
export const TemplateEntry = Type.Object({
  id: Id,
  title: Text,
  description: Text,
  lang: OrNull(Type.Union([Type.Literal('fr'), Type.Literal('en')])),
  content: JsonObject,
  sourceWorkshopId: OrNull(Id),
  createdBy: OrNull(Id),
  createdAt: Time,
})

/** A call for projects or for expressions of interest on one of the council's contracts. */
export const CallEntry = Type.Object({
  id: Id,
  contractId: Id,
  title: Text,
  description: Text,
  kind: Type.Union([Type.Literal('call'), Type.Literal('ami')]),
  priorityCodes: Type.Array(Text),
  actionCodes: Type.Array(Text),
  opensAt: Time,
  closesAt: Time,
  questions: Type.Array(JsonObject),
  criteria: Type.Array(JsonObject),
  createdBy: OrNull(Id),
  createdAt: Time,
  updatedAt: Time,
})

/** An idea of a converted workshop, kept for suggestions and the waiting ideas of a contract. */
export const ArchivedIdeaEntry = Type.Object({
  id: Id,
  contractId: Id,
  workshopId: Id,
  shapeId: Text,
  text: Text,
  priorityCode: OrNull(Text),
  actionCode: OrNull(Text),
  loose: Type.Boolean(),
  projectId: OrNull(Id),
  convertedAt: Time,
  /** The later workshop a facilitator brought this waiting idea onto. */
  carriedTo: OrNull(Id),
  carriedAt: OrNull(Time),
})

/** The audit of an erasure: that it happened, who asked, the counts; never whom. */
export const ErasureEntry = Type.Object({
  id: Id,
  requestedBy: OrNull(Id),
  kind: Type.Union([Type.Literal('guest'), Type.Literal('member')]),
  source: Type.Union([Type.Literal('request'), Type.Literal('retention')]),
  people: Type.Integer({ minimum: 0 }),
  removeIdeas: Type.Boolean(),
  boards: Type.Integer({ minimum: 0 }),
  records: Type.Integer({ minimum: 0 }),
  createdAt: Time,
})

/** The JSON files an import reads, with the schema of each. */
export const archiveFiles = {
  council: CouncilEntry,
  members: Type.Array(MemberEntry),
  contracts: Type.Array(ContractEntry),
  workshops: Type.Array(WorkshopEntry),
  guests: Type.Array(GuestEntry),
  boards: Type.Array(BoardEntry),
  snapshots: Type.Array(SnapshotEntry),
  actors: Type.Array(ActorEntry),
  projects: Type.Array(ProjectEntry),
  projectActors: Type.Array(ProjectActorEntry),
  projectReferents: Type.Array(ProjectReferentEntry),
  projectHistory: Type.Array(HistoryEntry),
  templates: Type.Array(TemplateEntry),
  calls: Type.Array(CallEntry),
  archivedIdeas: Type.Array(ArchivedIdeaEntry),
  erasures: Type.Array(ErasureEntry),
} as const

/**
 * Files that came after the first archives of version 1: an archive without one of them holds none of
 * what it would list (the version rule: adding a file does not change the version).
 */
export const optionalFiles: ReadonlySet<keyof typeof archiveFiles> = new Set([
  'templates',
  'calls',
  'archivedIdeas',
  'erasures',
  'projectReferents',
] as const)

type Entry<K extends keyof typeof archiveFiles> = Static<(typeof archiveFiles)[K]>

/** A council's data as the archive carries it, binary files attached (Yjs states, images). */
export interface CouncilData {
  council: Entry<'council'>
  members: Entry<'members'>
  contracts: Entry<'contracts'>
  workshops: Entry<'workshops'>
  guests: Entry<'guests'>
  boards: (Omit<Static<typeof BoardEntry>, 'images'> & {
    /** The board's Yjs state; null when hasDocument is false. */
    state: Uint8Array | null
    images: (Static<typeof BoardEntry>['images'][number] & { bytes: Uint8Array })[]
  })[]
  snapshots: (Static<typeof SnapshotEntry> & { state: Uint8Array })[]
  actors: Entry<'actors'>
  projects: Entry<'projects'>
  projectActors: Entry<'projectActors'>
  projectReferents: Entry<'projectReferents'>
  projectHistory: Entry<'projectHistory'>
  templates: Entry<'templates'>
  calls: Entry<'calls'>
  archivedIdeas: Entry<'archivedIdeas'>
  erasures: Entry<'erasures'>
}

export type MemberEntry = Static<typeof MemberEntry>
export type WorkshopEntry = Static<typeof WorkshopEntry>
export type BoardEntry = CouncilData['boards'][number]
export type SnapshotEntry = CouncilData['snapshots'][number]
export type ProjectEntry = Static<typeof ProjectEntry>

/** What the manifest counts. */
export function countsOf(data: CouncilData): Record<string, number> {
  return {
    members: data.members.length,
    contracts: data.contracts.length,
    workshops: data.workshops.length,
    guests: data.guests.length,
    boards: data.boards.length,
    boardDocuments: data.boards.filter((b) => b.state !== null).length,
    images: data.boards.reduce((n, b) => n + b.images.length, 0),
    snapshots: data.snapshots.length,
    actors: data.actors.length,
    projects: data.projects.length,
    projectActors: data.projectActors.length,
    projectReferents: data.projectReferents.length,
    projectHistory: data.projectHistory.length,
    templates: data.templates.length,
    calls: data.calls.length,
    archivedIdeas: data.archivedIdeas.length,
    ideaLinks: data.boards.reduce((n, b) => n + (b.ideaLinks?.length ?? 0), 0),
    erasures: data.erasures.length,
  }
}
