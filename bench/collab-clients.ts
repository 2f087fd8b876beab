import { connectClient, synced } from '../server/collab/testing/clients.ts'

/**
 * Child process of bench/collab-figures.ts: opens the y-websocket clients listed in BENCH_CLIENTS
 * (JSON: [{ origin, boardId, cookie }]) and keeps them open, so that their memory is not counted in the
 * server's. Prints "ready" once every client has synced; exits when stdin closes.
 */
const specs = JSON.parse(process.env.BENCH_CLIENTS ?? '[]') as {
  origin: string
  boardId: string
  cookie: string
}[]
const clients = specs.map((spec) => connectClient(spec.origin, spec.boardId, spec.cookie))
await Promise.all(clients.map((client) => synced(client, 120_000)))
process.stdout.write('ready\n')
process.stdin.resume()
process.stdin.on('end', () => process.exit(0))
