import type { FastifyBaseLogger } from 'fastify'
import { AccessEvents } from '../server/auth/access-events.ts'
import { RedisAccessRelay } from '../server/auth/redis-access-relay.ts'
import { readConfig } from '../server/config.ts'
import { openStore } from '../server/db/connect.ts'
import { parseRetentionArgs, retentionUsage, runRetentionCommand } from '../server/erasure/retention-cli.ts'

/**
 * `npm run retention -- --dry-run` lists the guests due for erasure (workshop, closing date, how many);
 * `npm run retention` erases them (server/erasure/retention-cli.ts).
 */
const args = process.argv.slice(2)
if (!parseRetentionArgs(args)) {
  // Usage only: no store is opened (nor created).
  console.log(retentionUsage)
  process.exit(2)
}
const config = readConfig()
const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
// Errors to standard error, without the records' content (never a person's name).
const quiet = () => {}
const log = {
  debug: quiet,
  info: quiet,
  trace: quiet,
  warn: (fields: { err?: Error }, message: string) => console.error(message, fields?.err?.message ?? ''),
  error: (fields: { err?: Error }, message: string) => console.error(message, fields?.err?.message ?? ''),
  fatal: (fields: { err?: Error }, message: string) => console.error(message, fields?.err?.message ?? ''),
  child: () => log,
} as unknown as FastifyBaseLogger
const access = new AccessEvents()
const relay = config.redisUrl ? new RedisAccessRelay(config.redisUrl, access, log) : null
try {
  process.exitCode = await runRetentionCommand(args, {
    deps: { db: store.db, log, spillDir: config.spillDir },
    months: config.retentionMonths,
    now: () => new Date(),
    access,
    out: (line) => console.log(line),
  })
} finally {
  await relay?.close()
  await store.close()
}
