import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import postgres from 'postgres'
import { insertSampleIdeas, sampleIdeaTexts } from '../server/continuity/testing/sample-ideas.ts'
import { openStore, type Store } from '../server/db/connect.ts'
import { signUp } from '../server/testing/app.ts'
import { createContract, createWorkshop } from '../server/testing/workshops.ts'

/** The suggestion benchmarks' archive (bench/README.md, its section on suggestions from earlier workshops). */
export const WORKSHOPS = 100
export const IDEAS_PER_WORKSHOP = 200

/**
 * One council, one contract, `WORKSHOPS` converted workshops of `IDEAS_PER_WORKSHOP` made-up ideas each
 * (all in the suggestion's scope: the worst case for one contract), and a further workshop asking.
 */
export async function seedArchive(app: FastifyInstance, store: Store) {
  const facilitator = await signUp(app)
  const contract = await createContract(app, facilitator.cookie)
  for (let w = 0; w < WORKSHOPS; w += 1) {
    const workshop = await createWorkshop(app, facilitator.cookie, {
      contractId: contract.id,
      title: `Atelier ${w}`,
    })
    await insertSampleIdeas(
      store.db,
      { councilId: facilitator.councilId, contractId: contract.id, workshopId: workshop.id },
      sampleIdeaTexts(IDEAS_PER_WORKSHOP, w + 1),
      `bench-${w}`,
    )
  }
  await sql`analyze archived_ideas`.execute(store.db)
  const current = await createWorkshop(app, facilitator.cookie, {
    contractId: contract.id,
    title: `Atelier ${WORKSHOPS + 1}`,
  })
  const scope = { councilId: facilitator.councilId, contractId: contract.id, workshopId: current.id }
  return { facilitator, current, scope }
}

/**
 * With BENCH_DATABASE_URL or TEST_DATABASE_URL: `use` on a database of its own on that Postgres server,
 * dropped afterwards. Without: says Postgres was skipped.
 */
export async function withBenchPostgres(use: (store: Store) => Promise<void>): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL
  if (!adminUrl) {
    console.log('Postgres: skipped (set TEST_DATABASE_URL or BENCH_DATABASE_URL)')
    return
  }
  const name = `kenlabour_bench_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  try {
    const url = new URL(adminUrl)
    url.pathname = `/${name}`
    const store = await openStore({ databaseUrl: url.toString(), maxConnections: 5 })
    try {
      await use(store)
    } finally {
      await store.close()
    }
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
}
