import { createServer, type Socket } from 'node:net'

/**
 * The writing half of the floor measurement (floor.ts), run on the server core: accepts plain TCP
 * connections and, on each request, writes one buffer of the asked size to every one of them in one
 * loop, as a room writes a broadcast, then reports when the loop started (wall ms) and what it took.
 */
const sockets: Socket[] = []
const server = createServer({ noDelay: true }, (socket) => {
  socket.on('error', () => {})
  sockets.push(socket)
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  process.send?.({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 })
})
process.on('message', (message: { type: 'write'; bytes: number } | { type: 'stop' }) => {
  if (message.type === 'stop') {
    for (const socket of sockets) socket.destroy()
    server.close()
    process.exit(0)
  }
  const buffer = Buffer.alloc(message.bytes, 0x61)
  const started = performance.now()
  for (const socket of sockets) socket.write(buffer)
  const ms = performance.now() - started
  process.send?.({
    type: 'wrote',
    startedWall: performance.timeOrigin + started,
    ms,
    sockets: sockets.length,
  })
})
