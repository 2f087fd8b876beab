import { expect, it } from 'vitest'
import * as continuityMigration from '../db/migrations/2026-12-06-1100-continuity.ts'
import { convert, exampleWorkshop } from '../projects/testing/example-workshop.ts'
import { suiteApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'

/*
 * Workshops converted before continuity existed: the migration builds their archived ideas from what
 * conversion kept (records' provenance, the latest snapshot's loose ideas), the same rows a conversion
 * writes today.
 */
describeEachStore('continuity migration backfill ($name)', (target) => {
  const suite = suiteApp(target)

  const rows = () =>
    suite.store.db
      .selectFrom('archived_ideas')
      .select(['workshop_id', 'shape_id', 'text', 'loose', 'project_id', 'priority_code', 'action_code'])
      .orderBy('shape_id')
      .execute()

  it('rebuilds the archive of earlier conversions as conversion writes it', async () => {
    const { facilitator, workshop } = await exampleWorkshop(suite.app)
    expect((await convert(suite.app, facilitator.cookie, workshop.id)).statusCode).toBe(201)
    const written = await rows()
    expect(written.filter((r) => r.loose)).toHaveLength(2)
    expect(written.filter((r) => !r.loose && r.project_id !== null).length).toBeGreaterThan(5)

    await continuityMigration.down(suite.store.db)
    await continuityMigration.up(suite.store.db)
    expect(await rows()).toEqual(written)
  })
})
