import type { FastifyBaseLogger } from 'fastify'
import { Kysely } from 'kysely'
import { PostgresJSDialect } from 'kysely-postgres-js'
import * as encoding from 'lib0/encoding'
import postgres from 'postgres'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Database } from '../db/schema.ts'
import { metricsHeaders } from '../testing/app.ts'
import { twoInstancesEnabled, twoServerProcesses } from '../testing/two-instances.ts'
import { appendBoardUpdate, readStoredBoard } from './board-store.ts'
import { FanoutKind, RedisFanout } from './redis-fanout.ts'
import { authorOf, ideaText, putIdea } from './testing/board-edits.ts'
import { connectClient, eventually, synced, type TestClient, waitFor } from './testing/clients.ts'
import { remoteWorkshop } from './testing/http-fixtures.ts'
import {
  type ServerProcess,
  startPrivatePostgres,
  startPrivateRedis,
  startServer,
} from './testing/processes.ts'

/**
 * Two server processes on two ports, one real Postgres, one Redis of the test's own (so it can be
 * restarted), clients on each instance. Runs when TEST_REDIS_URL and TEST_DATABASE_URL are set (the
 * Redis used is private; TEST_REDIS_URL says Redis is available on this machine).
 */
const silentLog = { debug() {}, info() {}, warn() {}, error() {} } as unknown as FastifyBaseLogger
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A metric of one server process, from its /metrics. */
async function metricOf(server: ServerProcess, name: string): Promise<number> {
  const metrics = await (await fetch(`${server.origin}/metrics`, { headers: metricsHeaders })).text()
  return Number(new RegExp(`^${name} (\\d+)`, 'm').exec(metrics)?.[1] ?? Number.NaN)
}

/** Relayed updates a server holds, waiting for a confirmation or being checked against the log. */
const relaysHeld = (server: ServerProcess) => metricOf(server, 'kenlabour_collab_relays_held')

/** Record keys of tagged ideas inserted by one stored update, decoded without applying it. */
function tagsIn(update: Uint8Array): string[] {
  const tags: string[] = []
  for (const struct of Y.decodeUpdate(update).structs) {
    const content = (struct as { content?: { getContent?: () => unknown[] } }).content
    for (const value of content?.getContent?.() ?? []) {
      const key = (value as { key?: unknown })?.key
      if (typeof key === 'string' && key.startsWith('shape:tag-')) tags.push(key)
    }
  }
  return tags
}

/** How many log rows (above the snapshot) hold each tagged idea. */
async function storedTagCounts(db: Kysely<Database>, boardId: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  for (const row of (await readStoredBoard(db, boardId))?.updates ?? [])
    for (const tag of tagsIn(row.data)) counts.set(tag, (counts.get(tag) ?? 0) + 1)
  return counts
}

describe.runIf(twoInstancesEnabled)(
  'scale-out through Redis: two instances, one board',
  { timeout: 120_000 },
  () => {
    // A grace period of 3–4.1 s instead of 8–11 s (KENLABOUR_RELAY_GRACE_MS): still far above a healthy
    // write, so an instance alive and storing confirms first, and the unconfirmed edit below is adopted sooner.
    const pair = twoServerProcesses({ env: { KENLABOUR_RELAY_GRACE_MS: '3000' } })

    it('reports Redis in /api/health on both instances', async () => {
      for (const server of [pair.a, pair.b]) {
        const health = (await (await fetch(`${server.origin}/api/health`)).json()) as { redis: boolean }
        expect(health.redis).toBe(true)
      }
    })

    it('shares presence across instances and removes it when its client leaves', async () => {
      const onA = connectClient(pair.a.origin, pair.workshop.boardId, pair.workshop.participant.cookie)
      const onB = connectClient(pair.b.origin, pair.workshop.boardId, pair.workshop.observer.cookie)
      pair.clients.push(onA, onB)
      await Promise.all([synced(onA), synced(onB)])
      onA.provider.awareness.setLocalState({ board: { pageId: 'page:page', cursor: { x: 1, y: 2 } } })
      await waitFor(
        () => onB.provider.awareness.getStates().get(onA.doc.clientID) !== undefined,
        10_000,
        'presence on B',
      )
      // As instance A vouched for it: the participant's session, whatever the client said.
      expect(onB.provider.awareness.getStates().get(onA.doc.clientID)).toEqual({
        board: {
          user: {
            id: pair.workshop.participant.guestId,
            name: 'Participante',
            role: 'participant',
            color: expect.any(String),
          },
          pageId: 'page:page',
          cursor: { x: 1, y: 2 },
        },
      })
      onA.provider.disconnect()
      await waitFor(
        () => onB.provider.awareness.getStates().get(onA.doc.clientID) === undefined,
        10_000,
        'presence gone',
      )
    })

    it('converges clients on both instances, stores each update once, and survives a Redis restart', async () => {
      // Both write faster than a participant may add ideas (30 a minute): the facilitator, on each instance.
      const onA = connectClient(pair.a.origin, pair.workshop.boardId, pair.workshop.facilitator.cookie)
      const onB = connectClient(pair.b.origin, pair.workshop.boardId, pair.workshop.facilitator.cookie)
      const watcherB = connectClient(pair.b.origin, pair.workshop.boardId, pair.workshop.observer.cookie)
      pair.clients.push(onA, onB, watcherB)
      await Promise.all([synced(onA), synced(onB), synced(watcherB)])
      // Both instances built from the same stored first document.
      expect(onA.doc.getArray('records').toJSON()).toEqual(onB.doc.getArray('records').toJSON())

      const write = async (from: number, to: number) => {
        for (let i = from; i < to; i++) {
          putIdea(onA.doc, `shape:tag-a${i}`, authorOf(pair.workshop.facilitator), `A ${i}`)
          putIdea(onB.doc, `shape:tag-b${i}`, authorOf(pair.workshop.facilitator), `B ${i}`)
          // Pacing, not a wait for a result: edits spread over time, as people make them.
          await sleep(5)
        }
      }
      const allThere = (doc: Y.Doc, upTo: number) => {
        for (let i = 0; i < upTo; i++)
          if (
            ideaText(doc, `shape:tag-a${i}`) === undefined ||
            ideaText(doc, `shape:tag-b${i}`) === undefined
          )
            return false
        return true
      }

      await write(0, 60)
      await waitFor(
        () => [onA, onB, watcherB].every((c) => allThere(c.doc, 60)),
        10_000,
        'convergence through Redis',
      )

      // Redis goes away: each instance keeps serving its clients and storing their edits.
      await pair.redis.stop()
      await write(60, 100)
      await eventually(
        async () => {
          const health = (await (await fetch(`${pair.a.origin}/api/health`)).json()) as { redis: boolean }
          return health.redis === false ? true : undefined
        },
        10_000,
        'A reporting Redis down',
      )
      // Redis is back: the instances catch up from the Postgres log (nothing was published meanwhile).
      await pair.redis.start()
      await write(100, 120)
      await waitFor(
        () => [onA, onB, watcherB].every((c) => allThere(c.doc, 120)),
        20_000,
        'convergence after restart',
      )

      // The edits made during the outage came through the log: both instances caught up after reconnecting.
      for (const server of [pair.a, pair.b]) {
        const metrics = await (await fetch(`${server.origin}/metrics`, { headers: metricsHeaders })).text()
        expect(metrics).toMatch(/kenlabour_collab_catchups_total\{cause="reconnect"\} [1-9]/)
      }

      // A client arriving now on either instance sees everything.
      const late = connectClient(pair.a.origin, pair.workshop.boardId, pair.workshop.observer.cookie)
      pair.clients.push(late)
      await synced(late)
      expect(allThere(late.doc, 120)).toBe(true)

      // Each edit is in the log once: stored by the instance that accepted it, never by the other.
      const sql = postgres(pair.database.url, { max: 1, onnotice: () => {} })
      const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: sql }) })
      try {
        // Every edit is stored (snapshot and log read as a load would).
        const stored = await eventually(
          async () => {
            const board = await readStoredBoard(db, pair.workshop.boardId)
            const doc = new Y.Doc()
            if (board?.snapshot) Y.applyUpdate(doc, board.snapshot)
            for (const row of board?.updates ?? []) Y.applyUpdate(doc, row.data)
            return allThere(doc, 120) ? board : undefined
          },
          10_000,
          'every edit stored',
        )
        const counts = await storedTagCounts(db, pair.workshop.boardId)
        const twice = [...counts].filter(([, n]) => n > 1)
        expect(twice).toEqual([])
        if (stored?.snapshotUpdateId === 0) expect(counts.size).toBe(240)
      } finally {
        await db.destroy()
      }
    })

    it('converges after an instance is killed and restarted: its clients reconnect and catch up', async () => {
      // Both write faster than a participant may add ideas (30 a minute): the facilitator, on each instance.
      const onA = connectClient(pair.a.origin, pair.workshop.boardId, pair.workshop.facilitator.cookie)
      const onB = connectClient(pair.b.origin, pair.workshop.boardId, pair.workshop.facilitator.cookie)
      pair.clients.push(onA, onB)
      await Promise.all([synced(onA), synced(onB)])
      const write = async (prefix: string, count: number) => {
        for (let i = 0; i < count; i++) {
          putIdea(onA.doc, `shape:tag-${prefix}a${i}`, authorOf(pair.workshop.facilitator), `A ${i}`)
          putIdea(onB.doc, `shape:tag-${prefix}b${i}`, authorOf(pair.workshop.facilitator), `B ${i}`)
          // Pacing, not a wait for a result: edits spread over time, as people make them.
          await sleep(5)
        }
      }
      await write('before-', 20)
      pair.b.child.kill('SIGKILL')
      await pair.b.exited
      // B is gone: A's client keeps editing, B's client edits offline.
      await write('during-', 20)
      pair.b = await startServer(pair.env, pair.b.port)
      await write('after-', 20)
      const all = (doc: Y.Doc) =>
        ['before-', 'during-', 'after-'].every((p) =>
          [...Array(20).keys()].every(
            (i) =>
              ideaText(doc, `shape:tag-${p}a${i}`) !== undefined &&
              ideaText(doc, `shape:tag-${p}b${i}`) !== undefined,
          ),
        )
      await waitFor(() => all(onA.doc) && all(onB.doc), 30_000, 'convergence after the instance restart')
      const late = connectClient(pair.b.origin, pair.workshop.boardId, pair.workshop.observer.cookie)
      pair.clients.push(late)
      await synced(late)
      expect(all(late.doc)).toBe(true)
    })

    it('stores an update whose instance relayed it and died before storing it; a confirmed one stays single', async () => {
      // A board of its own: on the suite's board, the earlier tests' edits bring the log near the
      // compaction threshold (200 rows), and a compaction would fold the copies counted below into the
      // snapshot.
      const workshop = await remoteWorkshop(pair.a.origin)
      const onA = connectClient(pair.a.origin, workshop.boardId, workshop.participant.cookie)
      // A watcher on B too, so that both instances hold the board and receive the relays.
      const onB = connectClient(pair.b.origin, workshop.boardId, workshop.observer.cookie)
      pair.clients.push(onA, onB)
      await Promise.all([synced(onA), synced(onB)])
      // The test plays a third instance, on the wire as an instance does: it relays two edits, stores
      // the first and confirms it, and dies before storing the second (what kill -9 can do in between).
      const edits = new Y.Doc()
      Y.applyUpdate(edits, Y.encodeStateAsUpdate(onA.doc))
      const captured: Uint8Array[] = []
      edits.on('update', (update: Uint8Array) => captured.push(update))
      putIdea(edits, 'shape:tag-relay-confirmed', authorOf(workshop.participant), 'confirmed')
      putIdea(edits, 'shape:tag-relay-lost', authorOf(workshop.participant), 'lost')
      const [confirmed, lost] = captured as [Uint8Array, Uint8Array]
      const adoptedOnBoth = async () => {
        let adopted = 0
        for (const server of [pair.a, pair.b])
          adopted += await metricOf(server, 'kenlabour_collab_relays_adopted_total')
        return adopted
      }
      const ghost = new RedisFanout(pair.redis.url, { message() {}, gap() {}, reconnected() {} }, silentLog)
      const sql = postgres(pair.database.url, { max: 1, onnotice: () => {} })
      const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: sql }) })
      try {
        await waitFor(() => ghost.ready, 10_000, 'the ghost instance on Redis')
        // Adoptions counted from here (an earlier test's may be counted already).
        const adoptedBefore = await adoptedOnBoth()
        const confirmedSeq = ghost.publish(workshop.boardId, FanoutKind.update, confirmed)
        await appendBoardUpdate(db, workshop.boardId, confirmed)
        const ack = encoding.createEncoder()
        encoding.writeVarUint(ack, confirmedSeq)
        ghost.publish(workshop.boardId, FanoutKind.stored, encoding.toUint8Array(ack))
        ghost.publish(workshop.boardId, FanoutKind.update, lost)
        await waitFor(() => ideaText(onA.doc, 'shape:tag-relay-lost') === 'lost', 10_000, 'the relayed edits')
        expect(ideaText(onA.doc, 'shape:tag-relay-confirmed')).toBe('confirmed')

        const copies = () => storedTagCounts(db, workshop.boardId)
        // Nobody confirms the lost edit: the instances holding it check the log after their grace period
        // (3–4.1 s here), store it when it is missing and count what they adopted. Waited for until no
        // instance holds it any more and it is in the log. Two instances that store the same bytes make
        // one row (the log is unique by digest), so one row for two adoptions is right.
        let seen = { lost: 0, adopted: 0, held: -1 }
        const counts = await eventually(
          async () => {
            const stored = await copies()
            seen = {
              lost: stored.get('shape:tag-relay-lost') ?? 0,
              adopted: (await adoptedOnBoth()) - adoptedBefore,
              held: (await relaysHeld(pair.a)) + (await relaysHeld(pair.b)),
            }
            return seen.lost > 0 && seen.adopted > 0 && seen.held === 0 ? stored : undefined
          },
          20_000,
          'the unconfirmed relayed edit stored by the instances that adopted it',
          100,
        ).catch((error: Error) => {
          throw new Error(`${error.message}: ${JSON.stringify(seen)}`)
        })
        expect(counts.get('shape:tag-relay-confirmed')).toBe(1)
        // Each instance that held it may store a copy (harmless), but the row is there.
        expect(counts.get('shape:tag-relay-lost')).toBeGreaterThanOrEqual(1)
        expect(counts.get('shape:tag-relay-lost')).toBeLessThanOrEqual(seen.adopted)
        // Only the lost edit is adopted, at most once per instance holding it.
        expect(seen.adopted).toBeLessThanOrEqual(2)
      } finally {
        await ghost.close()
        await db.destroy()
      }
    })
  },
)

describe.runIf(twoInstancesEnabled)(
  'scale-out through a Postgres outage (own Postgres and Redis)',
  { timeout: 120_000 },
  () => {
    it('stores each edit accepted during the outage once: the instance that accepted it confirms it', async () => {
      const pg = await startPrivatePostgres()
      const ownRedis = await startPrivateRedis()
      const servers: ServerProcess[] = []
      const clients: TestClient[] = []
      try {
        const env = { DATABASE_URL: pg.url, REDIS_URL: ownRedis.url }
        servers.push(await startServer(env), await startServer(env))
        const [a, b] = servers as [ServerProcess, ServerProcess]
        const workshop = await remoteWorkshop(a.origin)
        const writer = connectClient(a.origin, workshop.boardId, workshop.participant.cookie)
        const watcher = connectClient(b.origin, workshop.boardId, workshop.observer.cookie)
        clients.push(writer, watcher)
        await Promise.all([synced(writer), synced(watcher)])

        await pg.stop()
        const tags = [...Array(10).keys()].map((i) => `shape:tag-outage-${i}`)
        for (const tag of tags) putIdea(writer.doc, tag, authorOf(workshop.participant), tag)
        await waitFor(() => tags.every((tag) => ideaText(watcher.doc, tag) !== undefined), 10_000, 'relayed')
        // B holds A's edits unconfirmed past its grace period (the default, 8–11 s: what A needs to store
        // them once Postgres is back) and its check of the log fails: B says so in its log.
        await waitFor(
          () => b.output().includes('checking relayed updates failed'),
          20_000,
          "B's failed check of the relayed edits",
        )
        await pg.start()

        const sql = postgres(pg.url, { max: 1, onnotice: () => {} })
        const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: sql }) })
        try {
          const copies = () => storedTagCounts(db, workshop.boardId)
          await eventually(
            async () => {
              const stored = await copies()
              return tags.every((tag) => stored.has(tag)) ? true : undefined
            },
            20_000,
            'the edits in Postgres',
            200,
          )
          // B's next check (a grace period after its failed one) is over: it holds and checks nothing more.
          await eventually(
            async () => ((await relaysHeld(b)) === 0 ? true : undefined),
            20_000,
            "B's check of the relayed edits against the log",
            200,
          )
          const counts = await copies()
          expect(tags.map((tag) => counts.get(tag) ?? 0)).toEqual(tags.map(() => 1))
          // It found them stored by A, and stored no copy.
          expect(await metricOf(b, 'kenlabour_collab_relays_adopted_total')).toBe(0)
        } finally {
          await db.destroy()
        }
      } finally {
        for (const c of clients) c.destroy()
        for (const server of servers) {
          server.child.kill('SIGTERM')
          await server.exited
        }
        await ownRedis.stop()
        await pg.destroy()
      }
    })
  },
)
