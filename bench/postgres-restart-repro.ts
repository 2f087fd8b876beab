/**
 * Reproduces the crash the resilience test found: Kenlabour on postgres.js 3.4.9, under light HTTP load,
 * dies when its Postgres restarts (TypeError in postgres.js `nextWrite`, porsager/postgres issue 1208).
 * Run: `node bench/postgres-restart-repro.ts` (the installed Postgres binaries; a private instance on a random
 * port). Exits 1 when the server died, 0 when it survived and answers again.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { startPostgres } from './services.ts'
import { startKenlabour } from './targets.ts'

const pg = await startPostgres()
const kenlabour = await startKenlabour({ databaseUrl: await pg.createDatabase() })
const server = kenlabour.servers[0]
let stop = false
let ok = 0
let failed = 0
const load = (async () => {
  while (!stop && !server.exited) {
    await Promise.all(
      Array.from({ length: 8 }, () =>
        fetch(`http://127.0.0.1:${server.port}/api/health`).then(
          (r) => (r.ok ? ok++ : failed++),
          () => failed++,
        ),
      ),
    )
  }
})()
await sleep(1000)
await pg.restart(1000)
await sleep(3000)
stop = true
await load
console.log(`health requests: ${ok} ok, ${failed} failed; server ${server.exited ? 'DIED' : 'alive'}`)
if (server.exited) {
  console.log(
    server
      .output()
      .split('\n')
      .filter((line) => !line.startsWith('{'))
      .join('\n'),
  )
} else {
  const status = await Promise.race([
    fetch(`http://127.0.0.1:${server.port}/api/health`).then((r) => r.status),
    sleep(10_000).then(() => 'no answer in 10 s'),
  ])
  console.log(`health after the restart: ${status}`)
}
const died = server.exited
await kenlabour.stop()
await pg.stop()
process.exit(died ? 1 : 0)
