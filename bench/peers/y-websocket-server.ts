import { createServer } from 'node:http'
import { setupWSConnection } from '@y/websocket-server/utils'
import { WebSocketServer } from 'ws'

/**
 * The y-websocket reference server (`@y/websocket-server` 0.1.1) as its own README runs it: one `ws`
 * server, `setupWSConnection` per socket, the room name from the URL path, no persistence. Listens on
 * 127.0.0.1:PORT.
 */
const port = Number(process.env.PORT)
const wss = new WebSocketServer({ noServer: true })
const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' })
  response.end('okay')
})
wss.on('connection', setupWSConnection)
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request))
})
server.listen(port, '127.0.0.1')
process.on('SIGTERM', () => process.exit(0))
