import { expect, it } from 'vitest'
import type { ProjectRecord } from '../../shared/projects/record.ts'
import { exportCouncil } from '../council-archive/export.ts'
import { importCouncil } from '../council-archive/import.ts'
import { suiteApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { apply, councilWithCall } from './testing/review-fixture.ts'

/**
 * An application's review goes out with the council archive and comes back: into another store as it
 * was, and beside itself (ids remapped) with its reviewer's new id.
 */
describeEachStore('review in the council archive ($name)', (target) => {
  const source = suiteApp(target)
  const destination = suiteApp(target)

  it('survives export and import, twice into one store', async () => {
    const { member, callId } = await councilWithCall(source.app)
    const id = await apply(source.app, callId, {
      title: 'Tiers-lieu de Lannilis',
      carrier: { name: 'Les Amis du Café', type: 'association' },
    })
    const cookie = member.cookie
    const version = (
      await source.app.inject({ method: 'GET', url: `/api/projects/${id}`, headers: { cookie } })
    ).json().version
    const saved = await source.app.inject({
      method: 'PATCH',
      url: `/api/projects/${id}`,
      headers: { cookie },
      payload: {
        version,
        review: { scores: { impact: 4, ess: 3 }, decision: 'refused', reason: 'Hors délai' },
      },
    })
    expect(saved.statusCode, saved.body).toBe(200)
    const review = (saved.json() as ProjectRecord).review!

    const archive = (await exportCouncil(source.store.db, member.councilId, { instanceVersion: 'test' }))!
    const stored = async (projectId: string) =>
      (
        await destination.store.db
          .selectFrom('projects')
          .select('review')
          .where('id', '=', projectId)
          .executeTakeFirstOrThrow()
      ).review

    const first = await importCouncil(destination.store.db, archive.bytes)
    expect(first.remappedIds).toEqual([])
    expect(await stored(id)).toEqual(review)

    const second = await importCouncil(destination.store.db, archive.bytes)
    const remapped = new Map(second.remappedIds)
    const copy = remapped.get(id)!
    expect(copy).toBeDefined()
    expect(await stored(copy)).toEqual({ ...review, reviewedBy: remapped.get(member.userId) })
    expect(remapped.get(member.userId)).not.toBe(member.userId)
  })
})
