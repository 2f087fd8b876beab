/**
 * Where a suggestion's time goes (bench/README.md, its section on suggestions from earlier workshops): the same
 * data as `bench:similar` on embedded PGlite, then each part of the route timed on its own, 200 times:
 * the whole request, a request that only checks the session (GET /api/auth/me), the board access
 * query, the workshop's scope, and the trigram query as the route runs it (findSimilar) and alone, and at
 * a stricter threshold the route does not use. `npx node bench/similar-breakdown.ts`; not a test.
 */
import { loadavg } from 'node:os'
import { sql } from 'kysely'
import { resolveBoardAccess } from '../server/auth/board-access.ts'
import { findSimilar, similarQuery } from '../server/continuity/repository.ts'
import { sampleIdeaTexts } from '../server/continuity/testing/sample-ideas.ts'
import { openStore } from '../server/db/connect.ts'
import { buildTestApp } from '../server/testing/app.ts'
import { joinAsGuest } from '../server/testing/workshops.ts'
import { findWorkshop } from '../server/workshops/repository.ts'
import { seedArchive } from './similar-archive.ts'

const RUNS = 200
const store = await openStore({ dataDir: 'memory://' })
const app = await buildTestApp(store)
const { current, scope } = await seedArchive(app, store)
const guest = await joinAsGuest(app, current.joinCode, 'Participant')
const typed = sampleIdeaTexts(RUNS, 4242).map((text, i) =>
  text
    .split(' ')
    .slice(0, 3 + (i % 4))
    .join(' '),
)
const actor = { kind: 'guest', workshopId: current.id, guestId: guest.guestId, role: 'participant' } as any

async function time(label: string, run: (text: string) => Promise<unknown>) {
  for (const text of typed.slice(0, 20)) await run(text)
  const times: number[] = []
  for (const text of typed) {
    const t0 = performance.now()
    await run(text)
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  const at = (q: number) => times[Math.floor(q * times.length)]!.toFixed(1)
  console.log(`${label.padEnd(40)} p50 ${at(0.5)} ms  p95 ${at(0.95)} ms`)
}

console.log(`load average ${loadavg()[0]?.toFixed(1)}`)
const cookie = guest.cookie
await time('whole request', (text) =>
  app.inject({
    url: `/api/boards/${current.boardId}/similar?text=${encodeURIComponent(text)}`,
    headers: { cookie },
  }),
)
await time('session only (GET /api/auth/me)', () => app.inject({ url: '/api/auth/me', headers: { cookie } }))
await time('board access query', () => resolveBoardAccess(store.db, actor, current.boardId))
await time('workshop scope query', () => findWorkshop(store.db, current.id))
await time('trigram query, as the route runs it', (text) => findSimilar(store.db, scope, text))
await time('trigram query alone', (text) => similarQuery(store.db, scope, text).execute())
// Not what the route does: how much a stricter pg_trgm threshold (0.45 instead of 0.3) would save.
await time('same, threshold 0.45 (not used)', (text) =>
  store.db.transaction().execute(async (tx) => {
    await sql`set local pg_trgm.similarity_threshold = 0.45`.execute(tx)
    return similarQuery(tx, scope, text).execute()
  }),
)
console.log(`load average ${loadavg()[0]?.toFixed(1)}`)
await app.close()
await store.close()
