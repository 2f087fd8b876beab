import { ensureClientBuilt } from './client-build.ts'

/**
 * `npm start`: builds the client if it is missing or older than its sources (saying so), then runs the
 * server, which serves the built files. The build runs in this process, before the server is imported,
 * so there is one process to stop.
 */
await ensureClientBuilt({ log: (line) => console.log(line), viteLogLevel: 'info' })
await import('../server/main.ts')
