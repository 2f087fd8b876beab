import { createHash } from 'node:crypto'
import JSZip from 'jszip'
import type { Kysely } from 'kysely'
import * as Y from 'yjs'
import { META, RECORDS, VOTES } from '../../shared/board/document.ts'
import { mergeForSnapshot } from '../collab/board-loader.ts'
import { readStoredBoard } from '../collab/board-store.ts'
import { listContractsById } from '../contracts/repository.ts'
import { migrations } from '../db/migrations/index.ts'
import type { Database } from '../db/schema.ts'
import { asciiFileName } from '../http/download.ts'
import { projectsToCsv } from '../projects/export/csv.ts'
import { buildFiche } from '../projects/export/fiche.ts'
import { ficheToMarkdown } from '../projects/export/markdown.ts'
import { presentRows } from '../projects/records.ts'
import { listProjects } from '../projects/repository.ts'
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  archivePaths,
  type CouncilData,
  countsOf,
  type Manifest,
} from './format.ts'
import { readCouncilRows } from './repository.ts'

export interface ExportOptions {
  /** The version of Kenlabour writing the archive (package.json). */
  instanceVersion: string
  /** The export's time (tests fix it). */
  now?: Date
  /**
   * A board's current document when this instance holds it open with people on it (the HTTP route:
   * edits of the last few milliseconds may not be stored yet); undefined to read the stored one.
   */
  liveState?: (boardId: string) => Promise<Uint8Array | undefined>
}

/** A council archive: the zip's bytes, its manifest, and a file name for it. */
export interface CouncilArchive {
  bytes: Uint8Array
  manifest: Manifest
  fileName: string
}

/**
 * Exports a council as a version 1 archive (format.ts, docs/council-archive.md); undefined when there is
 * no such council. Every table is read in one REPEATABLE READ transaction, so the rows agree with each
 * other; each board's document is its snapshot with the log above it folded in (what a room would load).
 * Live documents are read after that transaction: reading a live board may load it, which needs the
 * store, and PGlite has a single connection.
 */
export async function exportCouncil(
  db: Kysely<Database>,
  councilId: string,
  options: ExportOptions,
): Promise<CouncilArchive | undefined> {
  const now = options.now ?? new Date()
  const read = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const rows = await readCouncilRows(tx, councilId)
      if (!rows) return undefined
      for (const board of rows.boards) {
        if (!rows.storedBoards.has(board.id)) continue
        const stored = await readStoredBoard(tx, board.id)
        if (!stored) continue
        try {
          board.state = mergeForSnapshot(
            stored.snapshot,
            stored.updates.map((u) => u.data),
          )
        } catch (error) {
          throw new Error(`board ${board.id}: its stored document does not decode`, { cause: error })
        }
      }
      // The records as the instance presents them, for the generated documents (written below, once
      // the transaction is over).
      const records = await presentRows(tx, await listProjects(tx, councilId, {}))
      const contracts = await listContractsById(tx, [...new Set(records.map((r) => r.contractId))])
      const { storedBoards: _stored, ...data } = rows
      return {
        data: data satisfies CouncilData,
        records,
        contractTitles: new Map(contracts.map((c) => [c.id, c.title])),
      }
    })
  if (!read) return undefined
  const { data, records, contractTitles } = read
  const documents = new Map<string, string>([[archivePaths.recordsCsv, projectsToCsv(records)]])
  for (const record of records)
    documents.set(
      archivePaths.fiche(record.id),
      ficheToMarkdown(buildFiche(record, contractTitles.get(record.contractId) ?? '', now)),
    )
  if (options.liveState)
    for (const board of data.boards) {
      const live = await options.liveState(board.id)
      if (live) board.state = live
    }
  for (const board of data.boards) board.hasDocument = board.state !== null
  return packArchive(data, documents, { now, instanceVersion: options.instanceVersion })
}

/** Writes the archive's files and its manifest into a zip. */
async function packArchive(
  data: CouncilData,
  documents: Map<string, string>,
  options: { now: Date; instanceVersion: string },
): Promise<CouncilArchive> {
  const files: [string, Uint8Array][] = []
  const text = (value: string) => new TextEncoder().encode(value)
  const jsonFile = (path: string, value: unknown) =>
    files.push([path, text(`${JSON.stringify(value, null, 2)}\n`)])

  files.push([archivePaths.readme, text(readme)])
  jsonFile(archivePaths.council, data.council)
  jsonFile(archivePaths.members, data.members)
  jsonFile(archivePaths.contracts, data.contracts)
  jsonFile(archivePaths.workshops, data.workshops)
  jsonFile(archivePaths.guests, data.guests)
  jsonFile(
    archivePaths.boards,
    data.boards.map(({ state: _state, images, ...board }) => ({
      ...board,
      images: images.map(({ bytes: _bytes, ...image }) => image),
    })),
  )
  for (const board of data.boards) {
    if (board.state) {
      files.push([archivePaths.boardState(board.id), board.state])
      jsonFile(archivePaths.boardDocument(board.id), readableDocument(board.state))
    }
    for (const image of board.images)
      files.push([archivePaths.boardImage(board.id, image.id, image.mimeType), image.bytes])
  }
  jsonFile(
    archivePaths.snapshots,
    data.snapshots.map(({ state: _state, ...snapshot }) => snapshot),
  )
  for (const snapshot of data.snapshots) files.push([archivePaths.snapshotState(snapshot.id), snapshot.state])
  jsonFile(archivePaths.actors, data.actors)
  jsonFile(archivePaths.projects, data.projects)
  jsonFile(archivePaths.projectActors, data.projectActors)
  jsonFile(archivePaths.projectReferents, data.projectReferents)
  jsonFile(archivePaths.projectHistory, data.projectHistory)
  jsonFile(archivePaths.templates, data.templates)
  jsonFile(archivePaths.calls, data.calls)
  jsonFile(archivePaths.archivedIdeas, data.archivedIdeas)
  jsonFile(archivePaths.erasures, data.erasures)
  for (const [path, content] of documents) files.push([path, text(content)])

  const manifest: Manifest = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    exportedAt: options.now.toISOString(),
    instance: { software: 'kenlabour', version: options.instanceVersion, schema: schemaVersion() },
    council: { id: data.council.id, name: data.council.name },
    counts: countsOf(data),
    files: files.map(([path, content]) => ({ path, bytes: content.byteLength, sha256: sha256(content) })),
  }
  const zip = new JSZip()
  const date = options.now
  zip.file(archivePaths.manifest, `${JSON.stringify(manifest, null, 2)}\n`, { date })
  for (const [path, content] of files) zip.file(path, content, { date, binary: true })
  const bytes = await zip.generateAsync({
    type: 'uint8array',
    compression: 'DEFLATE',
    compressionOptions: { level: 6 },
    platform: 'UNIX',
  })
  return { bytes, manifest, fileName: archiveFileName(data.council.name, options.now) }
}

/** The latest migration the store has: which database schema wrote the archive. */
function schemaVersion(): string {
  return Object.keys(migrations).at(-1) ?? ''
}

export function sha256(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex')
}

/** `kenlabour-<council>-<date>.zip`, in ASCII. */
export function archiveFileName(councilName: string, now: Date): string {
  return `kenlabour-${asciiFileName(councilName, 'conseil')}-${now.toISOString().slice(0, 10)}.zip`
}

/**
 * A board document as JSON for people and other tools: its tldraw records by id (for a key written
 * twice, the entry further right wins, as YKeyValue reads it), `meta` (format, schema, live state) and,
 * on a board still in format v1, its `votes`.
 */
export function readableDocument(state: Uint8Array): Record<string, unknown> {
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, state)
    const records: Record<string, unknown> = {}
    for (const entry of doc.getArray<{ key: string; val: unknown }>(RECORDS).toArray())
      if (entry && typeof entry === 'object' && typeof entry.key === 'string') records[entry.key] = entry.val
    const meta = doc.getMap<unknown>(META).toJSON()
    const votes = doc.getMap<unknown>(VOTES).toJSON()
    return {
      format: typeof meta.format === 'number' ? meta.format : 1,
      records,
      meta,
      ...(Object.keys(votes).length > 0 ? { votes } : {}),
    }
  } finally {
    doc.destroy()
  }
}

const readme = `Archive d'un conseil exportée par Kenlabour (format kenlabour-council, version 1).
manifest.json dit ce qu'elle contient ; chaque fichier y figure avec sa taille et son empreinte SHA-256.
Les fichiers .json se lisent avec tout éditeur de texte ; documents/ contient les fiches-projets en
Markdown et leur liste en CSV. Pour la réimporter dans une instance Kenlabour :
npm run council -- import FICHIER. Le format est décrit dans docs/council-archive.md du dépôt de Kenlabour.
Cette archive contient des données personnelles (noms, adresses e-mail) : conservez-la en lieu sûr.

A council archive exported by Kenlabour (format kenlabour-council, version 1). manifest.json lists its
files with their size and SHA-256. The .json files open in any text editor; documents/ holds the project
records as Markdown and their list as CSV. To import it into a Kenlabour instance:
npm run council -- import FILE. The format is described in docs/council-archive.md in Kenlabour's
repository. This archive holds personal data (names, e-mail addresses): keep it safe.
`
