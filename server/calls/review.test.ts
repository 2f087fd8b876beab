import { expect, it } from 'vitest'
import { weightedScore } from '../../shared/calls/score.ts'
import type { ProjectRecord } from '../../shared/projects/record.ts'
import { inviteMember, signUp } from '../testing/app.ts'
import { suiteApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { createWorkshop, joinAsGuest } from '../testing/workshops.ts'
import { apply, councilWithCall, insertPlainRecord, reviewCriteria } from './testing/review-fixture.ts'

describeEachStore('review of applications: PATCH /api/projects/:id {review} ($name)', (target) => {
  const suite = suiteApp(target)

  const patch = (id: string, payload: Record<string, unknown>, cookie?: string) =>
    suite.app.inject({
      method: 'PATCH',
      url: `/api/projects/${id}`,
      headers: cookie ? { cookie } : {},
      payload,
    })
  const record = async (id: string, cookie: string) =>
    (
      await suite.app.inject({ method: 'GET', url: `/api/projects/${id}`, headers: { cookie } })
    ).json() as ProjectRecord

  async function application(title = 'Tiers-lieu de Lannilis') {
    const setup = await councilWithCall(suite.app)
    const id = await apply(suite.app, setup.callId, {
      title,
      carrier: { name: 'Les Amis du Café', type: 'association' },
    })
    return { ...setup, id, cookie: setup.member.cookie }
  }

  it('scores, decides and keeps who and when, with the version and the history', async () => {
    const { id, cookie, member } = await application()
    const before = await record(id, cookie)
    expect(before.review).toBeNull()

    const scored = await patch(
      id,
      { version: before.version, review: { scores: { impact: 4 }, decision: null } },
      cookie,
    )
    expect(scored.statusCode, scored.body).toBe(200)
    const partial = scored.json() as ProjectRecord
    expect(partial.version).toBe(before.version + 1)
    expect(partial.review).toMatchObject({ scores: { impact: 4 }, decision: null, reason: '' })
    expect(partial.review!.reviewedBy).toBe(member.userId)
    expect(Date.parse(partial.review!.reviewedAt)).toBeGreaterThan(Date.now() - 60_000)
    expect(weightedScore(reviewCriteria, partial.review!.scores)).toBeNull()

    const retained = await patch(
      id,
      {
        version: partial.version,
        review: { scores: { impact: 4, ess: 3 }, decision: 'retained', reason: '  Lieu attendu  ' },
      },
      cookie,
    )
    expect(retained.statusCode, retained.body).toBe(200)
    const done = retained.json() as ProjectRecord
    expect(done.review).toMatchObject({
      scores: { impact: 4, ess: 3 },
      decision: 'retained',
      reason: 'Lieu attendu',
    })
    expect(weightedScore(reviewCriteria, done.review!.scores)).toBe(3.67)
    expect(await record(id, cookie)).toEqual(done)
    // The status is the council's to change: a decision does not move it.
    expect(done.status).toBe('candidature')

    const history = (
      await suite.app.inject({ method: 'GET', url: `/api/projects/${id}/history`, headers: { cookie } })
    ).json().history
    const reviews = history.filter((h: any) => h.field === 'review')
    expect(reviews).toHaveLength(2)
    expect(reviews[0]).toMatchObject({
      userId: member.userId,
      userName: member.displayName,
      source: 'edit',
      oldValue: { scores: { impact: 4 }, decision: null },
      newValue: { scores: { impact: 4, ess: 3 }, decision: 'retained', reason: 'Lieu attendu' },
    })

    // The same review again changes nothing: no new version, no history.
    const again = await patch(
      id,
      {
        version: done.version,
        review: { scores: { ess: 3, impact: 4 }, decision: 'retained', reason: 'Lieu attendu' },
      },
      cookie,
    )
    expect(again.statusCode).toBe(200)
    expect(again.json().version).toBe(done.version)

    // A review and a field in one change: one version, both in the history.
    const both = await patch(
      id,
      {
        version: done.version,
        title: 'Tiers-lieu de Lannilis et Landéda',
        review: { scores: { impact: 5, ess: 3 }, decision: 'retained', reason: 'Lieu attendu' },
      },
      cookie,
    )
    expect(both.statusCode, both.body).toBe(200)
    expect(both.json()).toMatchObject({
      version: done.version + 1,
      title: 'Tiers-lieu de Lannilis et Landéda',
    })
    const latest = (
      await suite.app.inject({ method: 'GET', url: `/api/projects/${id}/history`, headers: { cookie } })
    ).json().history
    expect(
      latest
        .slice(0, 2)
        .map((h: any) => h.field)
        .sort(),
    ).toEqual(['review', 'title'])

    // A stale version is refused like any edit.
    const stale = await patch(id, { version: done.version, review: { scores: {}, decision: null } }, cookie)
    expect(stale.statusCode).toBe(409)
    expect(stale.json().error.code).toBe('stale_version')
  })

  it('needs a reason to refuse; postponing may go without', async () => {
    const { id, cookie } = await application()
    let version = (await record(id, cookie)).version
    /** A refusal scored 1 and 2, with `reason` when given. */
    const refuse = (reason?: string) =>
      patch(
        id,
        {
          version,
          review: {
            scores: { impact: 1, ess: 2 },
            decision: 'refused',
            ...(reason === undefined ? {} : { reason }),
          },
        },
        cookie,
      )
    for (const reason of [undefined, '', '   \n ']) {
      const refused = await refuse(reason)
      expect(refused.statusCode).toBe(400)
      expect(refused.json().error).toMatchObject({
        code: 'invalid_field',
        field: 'review.reason',
        details: { reason: 'required' },
      })
    }
    const postponed = await patch(id, { version, review: { scores: {}, decision: 'postponed' } }, cookie)
    expect(postponed.statusCode, postponed.body).toBe(200)
    version = postponed.json().version
    const refused = await refuse('Hors du périmètre de l’appel')
    expect(refused.statusCode, refused.body).toBe(200)
    expect(refused.json().review).toMatchObject({
      decision: 'refused',
      reason: 'Hors du périmètre de l’appel',
    })
  })

  it('refuses what a modified client would send: out-of-range and unknown scores, unknown decisions', async () => {
    const { id, cookie } = await application()
    const { version } = await record(id, cookie)
    const refusals: [unknown, number, string, string?][] = [
      [{ scores: { impact: 6, ess: 3 }, decision: null }, 400, 'invalid_input'],
      [{ scores: { impact: -1 }, decision: null }, 400, 'invalid_input'],
      [{ scores: { impact: 2.5 }, decision: null }, 400, 'invalid_input'],
      [{ scores: { impact: '4' }, decision: null }, 400, 'invalid_input'],
      [{ scores: { impact: 4, budget: 5 }, decision: null }, 400, 'invalid_field', 'review.scores.budget'],
      [{ scores: { constructor: 5 }, decision: null }, 400, 'invalid_field', 'review.scores.constructor'],
      // The JSON parser refuses a `__proto__` key outright.
      [{ scores: { ['__proto__']: 5 }, decision: null }, 400, 'invalid_json'],
      [{ scores: {}, decision: 'accepted' }, 400, 'invalid_input'],
      [{ scores: {} }, 400, 'invalid_input'],
      [{ decision: 'retained' }, 400, 'invalid_input'],
      [{ scores: {}, decision: null, reason: 'x'.repeat(5001) }, 400, 'invalid_input'],
      [{ scores: {}, decision: null, reason: 'nul\u0000' }, 400, 'invalid_text'],
    ]
    for (const [review, status, code, field] of refusals) {
      const response = await suite.app.inject({
        method: 'PATCH',
        url: `/api/projects/${id}`,
        headers: { cookie, 'content-type': 'application/json' },
        payload: JSON.stringify({ version, review }),
      })
      expect(response.statusCode, `${JSON.stringify(review)}: ${response.body}`).toBe(status)
      expect(response.json().error.code).toBe(code)
      if (field) expect(response.json().error.field).toBe(field)
    }
    const unchanged = await record(id, cookie)
    expect(unchanged.version).toBe(version)
    expect(unchanged.review).toBeNull()
  })

  it('reviews only applications, and only the council’s own', async () => {
    const { id, cookie, member, contract } = await application()
    const { version } = await record(id, cookie)
    const review = { scores: { impact: 5, ess: 5 }, decision: 'retained' }

    // A record that answers no call has nothing to score.
    const plain = await insertPlainRecord(suite.app, member.councilId, contract.id, 'Idée d’atelier')
    const notApplication = await patch(plain, { version: 1, review }, cookie)
    expect(notApplication.statusCode).toBe(400)
    expect(notApplication.json().error).toMatchObject({
      field: 'review',
      details: { reason: 'not_an_application' },
    })

    // Another council's member: the record is unknown to them.
    const other = await signUp(suite.app, { councilName: 'Conseil voisin' })
    const foreign = await patch(id, { version, review }, other.cookie)
    expect(foreign.statusCode).toBe(404)
    // Even with a call of their own whose criteria share the ids.
    const theirs = await councilWithCall(suite.app, 'Conseil voisin bis')
    const crossed = await patch(id, { version, review }, theirs.member.cookie)
    expect(crossed.statusCode).toBe(404)

    // No session; a guest of a workshop (a person of no council).
    expect((await patch(id, { version, review })).statusCode).toBe(401)
    const workshop = await createWorkshop(suite.app, cookie, { contractId: contract.id })
    const guest = await joinAsGuest(suite.app, workshop.joinCode, 'Curieux')
    const asGuest = await patch(id, { version, review }, guest.cookie)
    expect(asGuest.statusCode).toBe(403)

    const after = await record(id, cookie)
    expect(after.version).toBe(version)
    expect(after.review).toBeNull()
  })
  it('forgets an erased reviewer: the review and its history name the erased-members account', async () => {
    const { id, cookie: adminCookie } = await application()
    const reviewer = await inviteMember(suite.app, adminCookie)
    const { version } = await record(id, reviewer.cookie)
    const saved = await patch(
      id,
      { version, review: { scores: { impact: 3, ess: 3 }, decision: 'postponed', reason: 'À revoir' } },
      reviewer.cookie,
    )
    expect(saved.statusCode, saved.body).toBe(200)
    expect(saved.json().review.reviewedBy).toBe(reviewer.userId)

    const erased = await suite.app.inject({
      method: 'POST',
      url: '/api/council/erasure',
      headers: { cookie: adminCookie },
      payload: { userId: reviewer.userId },
    })
    expect(erased.statusCode, erased.body).toBe(200)
    const after = await record(id, adminCookie)
    expect(after.review).toMatchObject({
      scores: { impact: 3, ess: 3 },
      decision: 'postponed',
      reason: 'À revoir',
    })
    expect(after.review!.reviewedBy).not.toBe(reviewer.userId)
    const rows = await suite.store.db
      .selectFrom('project_history')
      .select(['user_id', 'user_name', 'old_value', 'new_value'])
      .where('project_id', '=', id)
      .execute()
    expect(rows.length).toBeGreaterThan(0)
    const dump = JSON.stringify([rows, after])
    expect(dump).not.toContain(reviewer.userId)
    expect(dump, dump).not.toContain(reviewer.displayName)
    expect(rows.every((r) => r.user_id === after.review!.reviewedBy)).toBe(true)
  })
})
