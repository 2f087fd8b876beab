import { text } from 'node:stream/consumers'
import type { FastifyBaseLogger } from 'fastify'
import { AccessEvents } from '../server/auth/access-events.ts'
import { accountUsage, runAccountCommand } from '../server/auth/account-cli.ts'
import { RedisAccessRelay } from '../server/auth/redis-access-relay.ts'
import { readConfig } from '../server/config.ts'
import { openStore } from '../server/db/connect.ts'

/**
 * `npm run account -- reset-password EMAIL` or `set-password EMAIL` (password on standard input): the
 * operator's way into an account when no administrator can issue a link (server/auth/account-cli.ts).
 */
const [command, email] = process.argv.slice(2)
if ((command !== 'reset-password' && command !== 'set-password') || !email) {
  // Usage only: no store is opened (nor created).
  console.log(accountUsage)
  process.exit(2)
}
const config = readConfig()
const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
const access = new AccessEvents()
// The relay only warns (Redis unreachable): to standard error.
const quiet = () => {}
const log = {
  debug: quiet,
  info: quiet,
  trace: quiet,
  warn: (_: unknown, message: string) => console.error(message),
  error: (_: unknown, message: string) => console.error(message),
  fatal: (_: unknown, message: string) => console.error(message),
} as unknown as FastifyBaseLogger
const relay = config.redisUrl ? new RedisAccessRelay(config.redisUrl, access, log) : null
try {
  process.exitCode = await runAccountCommand(process.argv.slice(2), {
    db: store.db,
    publicOrigin: config.publicOrigins[0],
    readStdin: () => text(process.stdin),
    access,
    out: (line) => console.log(line),
  })
} finally {
  await relay?.close()
  await store.close()
}
