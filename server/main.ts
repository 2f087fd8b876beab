import { buildApp } from './app.ts'
import { readConfig } from './config.ts'
import { openStore } from './db/connect.ts'
import { seedDemo } from './demo/seed.ts'

/** Entry point: open the store, build the app, listen, and shut down cleanly on SIGTERM / SIGINT. */
const config = readConfig()
const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
const app = await buildApp({
  store,
  ownsStore: true,
  config,
  logger: { level: config.logLevel },
})

let closing = false
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    // close() runs every onClose hook: live boards flush their pending updates before the store closes.
    app.close().then(
      () => process.exit(0),
      (error) => {
        app.log.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  })
}

await app.listen({ port: config.port, host: config.host })
await seedDemo(app).catch((error) => app.log.error({ err: error }, 'demo seed failed'))
