import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { remoteWorkshop } from '../server/collab/testing/http-fixtures.ts'
import { startServer } from '../server/collab/testing/processes.ts'

/**
 * `npm run bench:hall`: a hall of people behind one address joining one workshop at once, while someone
 * in the same hall guesses codes (issue 13). The server runs with its default limits (no
 * KENLABOUR_JOIN_RATE_LIMIT), on embedded PGlite in a temporary folder, on loopback.
 *
 * Each person previews the code (GET /api/join/:code) and joins (POST /api/join), as the join page
 * does; `--people=N` (default 1,000) at `--concurrency=C` (default 50) requests in flight. The guesser
 * sends `--guesses=G` (default 200) wrong codes, one after the other, from the start. Prints the time to admit
 * everyone, the join latency, and what the guesser got (404 until the failure limit, then 429).
 */

const args = process.argv.slice(2)
const option = (name: string, fallback: number) =>
  Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback)
const people = option('people', 1_000)
const concurrency = option('concurrency', 50)
const guesses = option('guesses', 200)

const dataDir = mkdtempSync(join(tmpdir(), 'kenlabour-hall-'))
const server = await startServer({
  KENLABOUR_DATA_DIR: dataDir,
  KENLABOUR_SIGNUP: 'open',
  LOG_LEVEL: 'error',
})
try {
  const workshop = await remoteWorkshop(server.origin)
  const origin = server.origin
  const post = (code: string, displayName: string) =>
    fetch(`${origin}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, displayName }),
    })

  const latencies: number[] = []
  const refusedPeople: number[] = []
  let admitted = 0
  let next = 0
  const started = performance.now()
  const person = async () => {
    for (;;) {
      const i = next++
      if (i >= people) return
      const begin = performance.now()
      const preview = await fetch(`${origin}/api/join/${workshop.joinCode}`)
      await preview.arrayBuffer()
      const joined = await post(workshop.joinCode, `Personne ${i}`)
      await joined.arrayBuffer()
      latencies.push(performance.now() - begin)
      if (joined.status === 201) admitted++
      else refusedPeople.push(joined.status)
    }
  }
  const guesserStatuses: number[] = []
  const guesser = async () => {
    for (let g = 0; g < guesses; g++) {
      const code = `ZZZ${String(g).padStart(5, '0').replace(/[01]/g, 'Z')}`
      const response = await post(code, 'Devin')
      await response.arrayBuffer()
      guesserStatuses.push(response.status)
      // Spread over the hall's arrival.
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }
  let totalMs = 0
  const hall = Promise.all(Array.from({ length: concurrency }, person)).then(() => {
    totalMs = performance.now() - started
  })
  await Promise.all([hall, guesser()])

  latencies.sort((a, b) => a - b)
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!
  const count = (status: number) => guesserStatuses.filter((s) => s === status).length
  const first429 = guesserStatuses.indexOf(429)
  console.log(`Hall of ${people} behind one address (loopback), ${concurrency} in flight, default limits`)
  console.log(`  admitted:            ${admitted} of ${people} in ${(totalMs / 1000).toFixed(1)} s`)
  console.log(
    `  refused people:      ${refusedPeople.length}${refusedPeople.length ? ` (${[...new Set(refusedPeople)].join(', ')})` : ''}`,
  )
  console.log(
    `  preview + join:      p50 ${at(0.5).toFixed(0)} ms, p95 ${at(0.95).toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms`,
  )
  console.log(
    `  guesser (same address): ${guesserStatuses.length} wrong codes: ${count(404)} answered 404, ${count(429)} refused 429 (first refusal at attempt ${first429 + 1})`,
  )
} finally {
  server.child.kill('SIGTERM')
  await server.exited
  rmSync(dataDir, { recursive: true, force: true })
}
