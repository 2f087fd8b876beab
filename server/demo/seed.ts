import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { formatCode } from '../../shared/workshop/join-code.ts'
import { defaultLiveState } from '../../shared/workshop/live-state.ts'
import { insertCouncil, insertUser, storeIsEmpty } from '../accounts/repository.ts'
import { hashPassword } from '../auth/passwords.ts'
import { generateToken } from '../auth/tokens.ts'
import { normalizePriorities } from '../contracts/commands.ts'
import { insertContract } from '../contracts/repository.ts'
import { newUnusedCode } from '../workshops/commands.ts'
import { insertWorkshop } from '../workshops/repository.ts'
import { resolveStartZones } from '../workshops/start-zones.ts'
// A copy of ../shared/data/contract-example.json: the server never reads outside its own tree at run time.
import exampleContract from './contract-example.json' with { type: 'json' }
import { lockDemoSeed } from './repository.ts'

export const DEMO_EMAIL = 'demo@kenlabour.local'

/** What the seed created, to print and to test. */
export interface DemoSeed {
  email: string
  /** Absent under NODE_ENV=production: the operator sets one with the command-line reset. */
  password?: string
  councilId: string
  contractId: string
  workshopId: string
  boardId: string
  /** As shown to people: XXXX-XXXX. */
  joinCode: string
  observerCode: string
  /** http://localhost:PORT/ */
  url: string
  /** http://localhost:PORT/j/CODE */
  joinUrl: string
  observerUrl: string
}

export interface SeedOptions {
  /** Where the banner goes; plain stdout by default. */
  print?: (text: string) => void
}

/**
 * On a first start with an empty store (no account yet), creates a demo council, a facilitator account
 * with a random password, the example contract and one workshop with one zone per priority, then prints
 * how to sign in and join. Does nothing unless the demo is asked for (config.ts, `seedDemo`: never by
 * default under NODE_ENV=production) or when the store holds any account, so a real installation is
 * never touched. The password is printed once on the terminal, in development only, and never logged.
 * Call it after `listen`, so the printed URLs carry the real port.
 */
export async function seedDemo(app: FastifyInstance, options: SeedOptions = {}): Promise<DemoSeed | null> {
  if (!app.config.seedDemo) return null
  const db = app.store.db
  if (!(await storeIsEmpty(db))) return null

  const password = generateToken().slice(0, 20)
  const passwordHash = await hashPassword(password)
  const created = await db.transaction().execute(async (tx) => {
    await lockDemoSeed(tx)
    // Checked again under the lock: another instance may have seeded while this one hashed.
    if (!(await storeIsEmpty(tx))) return null
    const councilId = await insertCouncil(tx, 'Conseil de développement (démo)')
    const userId = await insertUser(tx, {
      councilId,
      email: DEMO_EMAIL,
      displayName: 'Animatrice démo',
      passwordHash,
    })
    const priorities = normalizePriorities(exampleContract.priorities)
    const contract = await insertContract(tx, {
      councilId,
      createdBy: userId,
      title: exampleContract.title,
      territory: exampleContract.territory,
      period: exampleContract.period,
      priorities,
    })
    const joinCode = await newUnusedCode(tx)
    let observerCode = await newUnusedCode(tx)
    while (observerCode === joinCode) observerCode = await newUnusedCode(tx)
    const { workshopId, boardId } = await insertWorkshop(tx, {
      councilId,
      contractId: contract.id,
      title: 'Atelier de démonstration',
      createdBy: userId,
      startZones: resolveStartZones(priorities, {}),
      state: defaultLiveState,
      joinCode,
      observerCode,
    })
    return { councilId, contractId: contract.id, workshopId, boardId, joinCode, observerCode }
  })
  if (!created) return null

  const url = `http://localhost:${listeningPort(app)}/`
  const joinCode = formatCode(created.joinCode)
  const observerCode = formatCode(created.observerCode)
  const seed: DemoSeed = {
    email: DEMO_EMAIL,
    ...(app.config.production ? {} : { password }),
    ...created,
    joinCode,
    observerCode,
    url,
    joinUrl: `${url}j/${joinCode}`,
    observerUrl: `${url}j/${observerCode}`,
  }
  app.log.info(
    {
      email: seed.email,
      joinCode,
      observerCode,
      url,
      joinUrl: seed.joinUrl,
      observerUrl: seed.observerUrl,
    },
    'demo seeded: sign in with this account, or join with the code',
  )
  const print = options.print ?? ((text: string) => process.stdout.write(`${text}\n`))
  print(demoBanner(seed))
  return seed
}

function listeningPort(app: FastifyInstance): number {
  const address = app.server.address() as AddressInfo | string | null
  return address && typeof address === 'object' ? address.port : app.config.port
}

/** The plain-text notice printed at first start, French first. */
export function demoBanner(seed: DemoSeed): string {
  return [
    '',
    '──────────────── Kenlabour : démonstration / demo ────────────────',
    `  Ouvrir / Open ............................ ${seed.url}`,
    `  Compte animatrice / Facilitator account .. ${seed.email}`,
    seed.password
      ? `  Mot de passe / Password .................. ${seed.password}`
      : `  Mot de passe / Password .................. npm run account -- reset-password ${seed.email}`,
    `  Code participant / Join code ............. ${seed.joinCode}  ${seed.joinUrl}`,
    `  Code observateur / Observer code ......... ${seed.observerCode}  ${seed.observerUrl}`,
    seed.password
      ? '  (affiché une seule fois / shown once; KENLABOUR_DEMO=0 désactive / disables)'
      : '  (production : mot de passe jamais affiché / never shown in production)',
    '───────────────────────────────────────────────────────────────────',
    '',
  ].join('\n')
}
