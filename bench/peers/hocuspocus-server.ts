import { Server } from '@hocuspocus/server'

/**
 * Hocuspocus 4.x with its defaults and no extensions (no persistence), listening on 127.0.0.1:PORT.
 * HOCUSPOCUS_BATCHING=off sets `flushDelay: false` (one message per change per connection, the
 * behaviour before its PR 1130); otherwise `flushDelay: 0`, its default: broadcasts coalesced per
 * event-loop turn.
 */
const server = new Server({
  port: Number(process.env.PORT),
  address: '127.0.0.1',
  quiet: true,
  stopOnSignals: true,
  flushDelay: process.env.HOCUSPOCUS_BATCHING === 'off' ? false : 0,
})
await server.listen()
