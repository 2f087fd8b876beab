import { describe, expect, it } from 'vitest'
import { findUserByEmail, insertCouncil, insertUser } from '../accounts/repository.ts'
import { openStore, type Store } from '../db/connect.ts'
import { suiteStore } from '../testing/live-app.ts'
import { runScript } from '../testing/scripts.ts'
import { createPostgresDatabase, describeEachStore } from '../testing/stores.ts'
import { AccessEvents, type AccessRevoked } from './access-events.ts'
import { type AccountCommandContext, runAccountCommand } from './account-cli.ts'
import { verifyPassword } from './passwords.ts'
import { createSession } from './sessions.ts'
import { hashToken } from './tokens.ts'

async function anAccount(store: Store, email: string) {
  const councilId = await insertCouncil(store.db, 'Conseil')
  const userId = await insertUser(store.db, { councilId, email, displayName: 'Opérée', passwordHash: 'x' })
  return userId
}

describeEachStore('npm run account ($name)', (target) => {
  const suite = suiteStore(target)

  function context(stdin = '', events: AccessRevoked[] = []) {
    const lines: string[] = []
    const access = new AccessEvents()
    access.onRevoke((event) => events.push(event))
    const ctx: AccountCommandContext = {
      db: suite.store.db,
      publicOrigin: 'https://kenlabour.example.fr',
      readStdin: async () => stdin,
      access,
      out: (line) => lines.push(line),
    }
    return { ctx, lines }
  }

  it('prints a one-time reset link with the public address, stored only as its hash', async () => {
    const userId = await anAccount(suite.store, 'reset@example.fr')
    const { ctx, lines } = context()
    expect(await runAccountCommand(['reset-password', 'Reset@Example.fr'], ctx)).toBe(0)
    const link = lines.at(-1)!
    const token = new URL(link).searchParams.get('jeton')!
    expect(link).toBe(`https://kenlabour.example.fr/mot-de-passe?jeton=${token}`)
    const rows = await suite.store.db.selectFrom('password_resets').select(['id', 'user_id']).execute()
    expect(rows).toContainEqual({ id: hashToken(token), user_id: userId })
  })

  it('sets a password from standard input, ends the sessions and names them for the sockets', async () => {
    const userId = await anAccount(suite.store, 'set@example.fr')
    const session = await createSession(suite.store.db, { userId })
    const events: AccessRevoked[] = []
    const { ctx, lines } = context('une phrase de passe solide\nignored', events)
    expect(await runAccountCommand(['set-password', 'set@example.fr'], ctx)).toBe(0)
    const user = await findUserByEmail(suite.store.db, 'set@example.fr')
    expect(await verifyPassword(user!.password_hash, 'une phrase de passe solide')).toBe(true)
    expect(events).toEqual([{ sessionIds: [session.sessionId] }])
    expect(lines.join('\n')).not.toContain('une phrase de passe solide')
  })

  it('refuses a weak password, an unknown address and a wrong command', async () => {
    await anAccount(suite.store, 'weak@example.fr')
    const weak = context('        ')
    expect(await runAccountCommand(['set-password', 'weak@example.fr'], weak.ctx)).toBe(1)
    expect(weak.lines.join()).toMatch(/at least 8/)
    const unknown = context()
    expect(await runAccountCommand(['reset-password', 'nobody@example.fr'], unknown.ctx)).toBe(1)
    const wrong = context()
    expect(await runAccountCommand(['delete-everything'], wrong.ctx)).toBe(2)
    expect(wrong.lines.join()).toMatch(/Usage/)
  })
})

const testDatabaseUrl = process.env.TEST_DATABASE_URL
describe.runIf(testDatabaseUrl)('scripts/account.ts as the operator runs it', () => {
  it('sets a password read from stdin in the store named by DATABASE_URL', async () => {
    const database = await createPostgresDatabase(testDatabaseUrl!)
    const store = await openStore({ databaseUrl: database.url, maxConnections: 2 })
    try {
      await anAccount(store, 'cli@example.fr')
      const { code, output } = await runScript(
        'scripts/account.ts',
        ['set-password', 'cli@example.fr'],
        { DATABASE_URL: database.url, REDIS_URL: '' },
        'mot de passe de l’opératrice\n',
      )
      expect(code, output).toBe(0)
      expect(output).toMatch(/Password set for Opérée <cli@example.fr>; 0 session\(s\) ended/)
      const user = await findUserByEmail(store.db, 'cli@example.fr')
      expect(await verifyPassword(user!.password_hash, 'mot de passe de l’opératrice')).toBe(true)
    } finally {
      await store.close()
      await database.drop()
    }
  })
})
