import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import { replayUnstored } from '../collab/unstored-spill.ts'
import type { Database } from '../db/schema.ts'
import { exportCouncil } from './export.ts'
import { ArchiveError, ImportFailedError, importCouncil } from './import.ts'
import { listCouncils } from './repository.ts'

export const councilUsage = `Usage: npm run council -- <command>

  export --out FILE [--council ID]   writes the council's whole data to FILE (a zip archive); --council
                                     may be left out when the store holds one council
  import FILE                        recreates the council of the archive FILE in this store, beside any
                                     other; ids already taken here are given new ones

Both act on the store named by DATABASE_URL, else KENLABOUR_DATA_DIR (./data): with the embedded store,
stop the server first. Imported members have no password: give each a reset link
(npm run account -- reset-password EMAIL, or an administrator's council page). The format is described in
docs/council-archive.md. Exit codes: 0 done, 1 refused or failed (nothing written), 2 wrong usage.
`

export interface CouncilCommandContext {
  db: Kysely<Database>
  /** Kenlabour's version, written into the archive's manifest. */
  instanceVersion: string
  /**
   * The folder where a shutdown during a Postgres outage left updates it could not store
   * (KENLABOUR_SPILL_DIR): an export first stores them, as the server does when it starts.
   */
  spillDir?: string
  readFile: (path: string) => Promise<Uint8Array>
  /** Writes the whole file, or nothing (scripts/council.ts writes a temporary file and renames it). */
  writeFile: (path: string, bytes: Uint8Array) => Promise<void>
  out: (line: string) => void
}

/** The parsed command line, or null when it is not one of the two commands. */
export function parseCouncilArgs(
  args: string[],
): { command: 'export'; out: string; councilId?: string } | { command: 'import'; file: string } | null {
  const [command, ...rest] = args
  if (command === 'import')
    return rest.length === 1 && !rest[0]!.startsWith('--') ? { command, file: rest[0]! } : null
  if (command !== 'export') return null
  const options = new Map<string, string>()
  for (let i = 0; i < rest.length; i += 1) {
    const argument = rest[i]!
    const [name, inline] = argument.split(/=(.*)/s, 2) as [string, string | undefined]
    if (name !== '--out' && name !== '--council') return null
    let value = inline
    if (value === undefined) {
      i += 1
      value = rest[i]
    }
    if (!value || options.has(name)) return null
    options.set(name, value)
  }
  const out = options.get('--out')
  if (!out) return null
  return { command, out, councilId: options.get('--council') }
}

/**
 * The operator's council commands (`npm run council -- …`, scripts/council.ts). Returns the exit code:
 * 0 done, 1 refused or failed, 2 wrong usage.
 */
export async function runCouncilCommand(args: string[], context: CouncilCommandContext): Promise<number> {
  const parsed = parseCouncilArgs(args)
  if (!parsed) {
    context.out(councilUsage)
    return 2
  }
  return parsed.command === 'export'
    ? exportCommand(context, parsed.out, parsed.councilId)
    : importCommand(context, parsed.file)
}

async function exportCommand(
  context: CouncilCommandContext,
  out: string,
  councilId?: string,
): Promise<number> {
  if (context.spillDir) {
    const { replayed } = await replayUnstored(context.db, context.spillDir, quietLog(context.out))
    if (replayed > 0)
      context.out(`${replayed} file(s) of updates left unstored at the last shutdown are now stored.`)
  }
  let id = councilId
  if (!id) {
    const councils = await listCouncils(context.db)
    if (councils.length === 0) {
      context.out('This store holds no council.')
      return 1
    }
    if (councils.length > 1) {
      context.out('This store holds several councils: choose one with --council ID.')
      for (const council of councils) context.out(`  ${council.id}  ${council.name}`)
      return 2
    }
    id = councils[0]!.id
  }
  const archive = await exportCouncil(context.db, id, { instanceVersion: context.instanceVersion })
  if (!archive) {
    context.out(`No council with the id ${id}.`)
    return 1
  }
  try {
    await context.writeFile(out, archive.bytes)
  } catch (error) {
    context.out(`Cannot write ${out}: ${(error as Error).message}`)
    return 1
  }
  context.out(
    `Council «${archive.manifest.council.name}» (${archive.manifest.council.id}) exported to ${out} ` +
      `(${archive.bytes.byteLength} bytes): ${describeCounts(archive.manifest.counts)}.`,
  )
  return 0
}

async function importCommand(context: CouncilCommandContext, file: string): Promise<number> {
  let bytes: Uint8Array
  try {
    bytes = await context.readFile(file)
  } catch (error) {
    context.out(`Cannot read ${file}: ${(error as Error).message}`)
    return 1
  }
  try {
    const result = await importCouncil(context.db, bytes)
    context.out(
      `Council «${result.councilName}» imported as ${result.councilId}: ${describeCounts(result.counts)}.`,
    )
    if (result.remappedIds.length > 0)
      context.out(`${result.remappedIds.length} id(s) already taken in this store were given new ones.`)
    for (const { from, to } of result.renamedEmails)
      context.out(`The address ${from} is already used by an account here: that member signs in as ${to}.`)
    if (result.replacedCodes.length > 0)
      context.out(`${result.replacedCodes.length} join or observer code(s) already in use were replaced.`)
    context.out(
      'Members have no password yet: give each a reset link (npm run account -- reset-password EMAIL).',
    )
    return 0
  } catch (error) {
    if (error instanceof ArchiveError) {
      context.out(`Import refused (${error.problem}): ${error.message} Nothing was written.`)
      return 1
    }
    if (error instanceof ImportFailedError) {
      context.out(`Import failed: ${error.message}. Nothing was written.`)
      return 1
    }
    throw error
  }
}

function describeCounts(counts: Record<string, number>): string {
  const label: Record<string, string> = {
    members: 'member(s)',
    contracts: 'contract(s)',
    workshops: 'workshop(s)',
    guests: 'guest(s)',
    boards: 'board(s)',
    images: 'image(s)',
    snapshots: 'snapshot(s)',
    projects: 'project record(s)',
    projectHistory: 'history line(s)',
    actors: 'actor(s)',
  }
  return Object.entries(label)
    .map(([key, name]) => `${counts[key] ?? 0} ${name}`)
    .join(', ')
}

/** The spill replay's log lines, as lines of this command's output. */
function quietLog(out: (line: string) => void): FastifyBaseLogger {
  const quiet = () => {}
  const say = (_: unknown, message: string) => out(message)
  return {
    debug: quiet,
    trace: quiet,
    info: quiet,
    warn: say,
    error: say,
    fatal: say,
  } as unknown as FastifyBaseLogger
}
