import { beforeAll, describe, expect, it } from 'vitest'
import type { Showcase } from '../../shared/api/showcase.ts'
import type { ProjectRecord } from '../../shared/projects/record.ts'
import { slugFromName } from '../../shared/showcase/fields.ts'
import { apply, councilWithCall } from '../calls/testing/review-fixture.ts'
import { parseCsv } from '../projects/testing/csv-parse.ts'
import { type ConversionBody, convert, exampleWorkshop } from '../projects/testing/example-workshop.ts'
import { currentRecord, patchRecord } from '../projects/testing/record-edits.ts'
import { type Account, injectAs, inviteMember, signUp } from '../testing/app.ts'
import { suiteApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { createWorkshop, joinAsGuest } from '../testing/workshops.ts'
import { showcaseCsvColumns } from './csv.ts'
import { fundedAmount } from './public.ts'

describe('slugFromName and fundedAmount', () => {
  it('makes URL-safe slugs from names', () => {
    expect(slugFromName('Conseil de développement du Pays de Brest')).toBe(
      'conseil-de-developpement-du-pays-de-brest',
    )
    expect(slugFromName('  Ÿ !! ')).toBe('conseil')
    expect(slugFromName('Œ')).toBe('conseil')
    expect(slugFromName('a'.repeat(80)).length).toBeLessThanOrEqual(56)
  })
  it('adds the secured amounts in cents', () => {
    expect(
      fundedAmount([
        { amount: 0.1, secured: true },
        { amount: 0.2, secured: true },
        { amount: 50, secured: false },
      ]),
    ).toBe(0.3)
    expect(fundedAmount([{ amount: null, secured: true }])).toBeNull()
  })
})

describeEachStore(
  'public showcase: slugs, publication, public routes, nothing private leaks ($name)',
  (target) => {
    const suite = suiteApp(target)
    let admin: Account
    let member: Account
    let records: ProjectRecord[]
    let slug: string

    const request = (method: 'GET' | 'PATCH' | 'POST' | 'PUT', url: string, as?: Account, payload?: object) =>
      injectAs(suite.app, method, url, as, payload)
    const fresh = (id: string, as = admin) => currentRecord(suite.app, id, as)
    const patch = (id: string, changes: object, as = admin) => patchRecord(suite.app, id, changes, as)
    const showcase = async (path = `/api/public/councils/${slug}/projects`) => {
      const response = await request('GET', path)
      expect(response.statusCode, response.body).toBe(200)
      return response.json() as Showcase
    }

    beforeAll(async () => {
      const mine = await exampleWorkshop(suite.app)
      admin = mine.facilitator
      records = ((await convert(suite.app, admin.cookie, mine.workshop.id)).json() as ConversionBody).projects
      member = await inviteMember(suite.app, admin.cookie)
      slug = (await request('GET', '/api/council', admin)).json().slug
    })

    it('gives every new council a free slug from its name, answered by GET /api/council', async () => {
      const name = `Conseil de développement ${crypto.randomUUID().slice(0, 6)}`
      const first = await signUp(suite.app, { councilName: name })
      const second = await signUp(suite.app, { councilName: name })
      const slugs = await Promise.all(
        [first, second].map(async (a) => (await request('GET', '/api/council', a)).json().slug as string),
      )
      expect(slugs).toEqual([slugFromName(name), `${slugFromName(name)}-2`])
      expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
    })

    it('publishes a record with chosen fields: off by default, history kept, the showcase shows it', async () => {
      const record = records[0]!
      expect(record.published).toBe(false)
      expect(record.publicFields).toEqual([])
      expect((await showcase()).projects.map((p) => p.id)).not.toContain(record.id)

      const published = await patch(record.id, { published: true, publicFields: ['carrier', 'summary'] })
      expect(published.statusCode, published.body).toBe(200)
      expect(published.json()).toMatchObject({
        published: true,
        publicFields: ['summary', 'carrier'],
        version: record.version + 1,
      })
      const history = (await request('GET', `/api/projects/${record.id}/history`, admin)).json().history
      expect(
        history
          .slice(0, 2)
          .map((h: { field: string }) => h.field)
          .sort(),
      ).toEqual(['publicFields', 'published'])

      const same = await patch(record.id, { published: true, publicFields: ['summary', 'carrier'] })
      expect(same.json().version).toBe(record.version + 1)

      const shown = (await showcase()).projects.find((p) => p.id === record.id)!
      expect(shown).toMatchObject({
        title: record.title,
        status: record.status,
        publicFields: ['summary', 'carrier'],
      })
      expect(shown.origin).toEqual({ kind: 'workshop', title: record.provenance.workshopTitle })
      expect(Object.keys(shown)).not.toContain('objectives')

      expect((await patch(record.id, { published: false })).statusCode).toBe(200)
      expect((await showcase()).projects.map((p) => p.id)).not.toContain(record.id)
    })

    it('refuses a cheater: unknown field names, no session, another council, a guest of nothing', async () => {
      const record = records[1]!
      const unknown = await patch(record.id, { published: true, publicFields: ['summary', 'review'] })
      expect(unknown.statusCode).toBe(400)
      const proto = await patch(record.id, { published: true, publicFields: ['__proto__'] })
      expect(proto.statusCode).toBe(400)
      expect((await fresh(record.id)).published).toBe(false)

      const anonymous = await suite.app.inject({
        method: 'PATCH',
        url: `/api/projects/${record.id}`,
        payload: { version: record.version, published: true },
      })
      expect(anonymous.statusCode).toBe(401)

      // A guest of one of the council's workshops is no account of the council.
      const workshop = await createWorkshop(suite.app, admin.cookie)
      const guest = await joinAsGuest(suite.app, workshop.joinCode)
      const asGuest = await suite.app.inject({
        method: 'PATCH',
        url: `/api/projects/${record.id}`,
        headers: { cookie: guest.cookie },
        payload: { version: record.version, published: true },
      })
      expect(asGuest.statusCode).toBe(403)

      const outsider = await signUp(suite.app)
      const foreign = await request('PATCH', `/api/projects/${record.id}`, outsider, {
        version: record.version,
        published: true,
      })
      expect(foreign.statusCode).toBe(404)
      expect((await fresh(record.id)).published).toBe(false)
      expect((await showcase()).projects.map((p) => p.id)).not.toContain(record.id)
    })

    it('answers only published records of that council; 404 for an unknown slug', async () => {
      const theirs = await exampleWorkshop(suite.app)
      const foreign = (
        (await convert(suite.app, theirs.facilitator.cookie, theirs.workshop.id)).json() as ConversionBody
      ).projects[0]!
      expect((await patch(foreign.id, { published: true }, theirs.facilitator)).statusCode).toBe(200)
      const theirSlug = (await request('GET', '/api/council', theirs.facilitator)).json().slug
      expect(
        (await showcase(`/api/public/councils/${theirSlug}/projects`)).projects.map((p) => p.id),
      ).toEqual([foreign.id])
      expect((await showcase()).projects.map((p) => p.id)).not.toContain(foreign.id)

      for (const suffix of ['', '.json', '.csv']) {
        const missing = await request('GET', `/api/public/councils/nobody-here/projects${suffix}`)
        expect(missing.statusCode).toBe(404)
        expect(missing.json().error.code).toBe('not_found')
      }
    })

    it('sorts by priority (records without one last), by title, by last change', async () => {
      const [a, b, c] = records.slice(0, 3) as [ProjectRecord, ProjectRecord, ProjectRecord]
      for (const [record, priorityCode, title] of [
        [a, 'P2', 'Alpha'],
        [b, 'P1', 'Zêta'],
        [c, null, 'Bêta'],
      ] as const) {
        const response = await patch(record.id, { published: true, priorityCode, actionCode: null, title })
        expect(response.statusCode, response.body).toBe(200)
      }
      const ours = (list: Showcase) =>
        list.projects.filter((p) => [a.id, b.id, c.id].includes(p.id)).map((p) => p.title)
      expect(ours(await showcase())).toEqual(['Zêta', 'Alpha', 'Bêta'])
      expect(ours(await showcase(`/api/public/councils/${slug}/projects?sort=title`))).toEqual([
        'Alpha',
        'Bêta',
        'Zêta',
      ])
      expect(ours(await showcase(`/api/public/councils/${slug}/projects?sort=updated`))).toEqual([
        'Bêta',
        'Zêta',
        'Alpha',
      ])
      expect((await request('GET', `/api/public/councils/${slug}/projects?sort=secret`)).statusCode).toBe(400)
      for (const r of [a, b, c]) await patch(r.id, { published: false })
    })

    it('lets an administrator change the slug: URL-safe, unique (409), the old address stops', async () => {
      const other = await signUp(suite.app)
      const otherSlug = (await request('GET', '/api/council', other)).json().slug
      expect((await request('PUT', '/api/council/slug', admin, { slug: otherSlug })).json().error.code).toBe(
        'slug_taken',
      )
      expect((await request('PUT', '/api/council/slug', admin, { slug: otherSlug })).statusCode).toBe(409)
      for (const bad of ['Majuscules', 'a', 'deux--tirets', '-debut', 'espace ici', 'é'])
        expect((await request('PUT', '/api/council/slug', admin, { slug: bad })).statusCode).toBe(400)
      expect((await request('PUT', '/api/council/slug', member, { slug: 'membre-seul' })).statusCode).toBe(
        403,
      )
      expect(
        (await request('PUT', '/api/council/slug', undefined, { slug: 'sans-session' })).statusCode,
      ).toBe(401)

      const next = `vitrine-${crypto.randomUUID().slice(0, 8)}`
      expect((await request('PUT', '/api/council/slug', admin, { slug: next })).statusCode).toBe(204)
      expect((await request('GET', `/api/public/councils/${slug}/projects`)).statusCode).toBe(404)
      expect((await request('GET', '/api/council', admin)).json().slug).toBe(next)
      expect((await request('PUT', '/api/council/slug', admin, { slug: next })).statusCode).toBe(204)
      slug = next
      expect((await showcase()).council.slug).toBe(next)
    })

    it('leaks nothing that is not public, in any route or format, and no trace of unpublished records', async () => {
      // A second council's record with a call, so the application's answers, contact and review are there too.
      const { member: caller, callId } = await councilWithCall(suite.app)
      const applicationId = await apply(suite.app, callId, {
        title: 'Tiers-lieu des Abers',
        summary: 'SECRET-app-summary',
        carrier: { name: 'SECRET-app-carrier', type: 'association' },
        email: 'secret-contact@example.fr',
        answers: { public: 'SECRET-app-answer', jobs: 73317331, stage: 'Lancé' },
        budget: 444333.22,
      })
      const callerSlug = (await request('GET', '/api/council', caller)).json().slug as string
      const colleague = await inviteMember(suite.app, caller.cookie)
      const reviewed = await patch(
        applicationId,
        { review: { scores: { impact: 4, ess: 3 }, decision: 'retained', reason: 'SECRET-review-reason' } },
        caller,
      )
      expect(reviewed.statusCode, reviewed.body).toBe(200)
      // Another application of that call, left unpublished; its carrier follows the first as a referent.
      const hidden = await apply(suite.app, callId, {
        title: 'SECRET-unpublished-title',
        summary: 'SECRET-unpublished-summary',
        carrier: { name: 'SECRET-referent-pole', type: 'ess' },
        budget: 111222.33,
      })

      const everything = (tag: string, amounts: { budget: number; source: number }) => ({
        summary: `SECRET-${tag}-summary`,
        objectives: `SECRET-${tag}-objectives`,
        expectedOutcomes: `SECRET-${tag}-outcomes`,
        priorityCode: 'P1',
        actionCode: '1.2',
        budget: amounts.budget,
        fundingSources: [{ name: `SECRET-${tag}-funder`, amount: amounts.source, secured: true }],
        scheduleStart: '2031-03-17',
        scheduleEnd: '2032-11-29',
        indicators: [
          {
            label: `SECRET-${tag}-indicator`,
            unit: `SECRET-${tag}-unit`,
            baseline: 313373,
            target: 733133,
            measures: [{ value: 424242.5, date: '2031-06-30' }],
          },
        ],
        status: 'funded',
        carrier: { name: `SECRET-${tag}-carrier`, type: 'association' },
        partners: [{ name: `SECRET-${tag}-partner`, type: 'ess', role: `SECRET-${tag}-partner-role` }],
        supportNeeded: `SECRET-${tag}-support`,
        riskToSecure: `SECRET-${tag}-risk`,
        evaluation: `SECRET-${tag}-evaluation`,
        evaluationWorked: `SECRET-${tag}-worked`,
        evaluationNotWorked: `SECRET-${tag}-not-worked`,
        evaluationLessons: `SECRET-${tag}-lessons`,
        supportKinds: ['guarantee', 'premises'],
        smallStructure: true,
        nextStep: `SECRET-${tag}-next-step`,
        nextStepDate: '2030-05-21',
      })
      // An old title in the history only.
      expect((await patch(applicationId, { title: 'SECRET-old-title' }, caller)).statusCode).toBe(200)
      const actorId = (
        (await request('GET', '/api/actors', caller)).json().actors as { id: string; name: string }[]
      ).find((a) => a.name === 'SECRET-referent-pole')!.id
      const filled = await patch(
        applicationId,
        {
          ...everything('app', { budget: 987654.32, source: 123456.78 }),
          title: 'Tiers-lieu des Abers',
          referents: [
            { userId: colleague.userId, role: 'SECRET-member-role' },
            { actorId, role: 'SECRET-actor-role' },
          ],
          published: true,
          publicFields: ['partners', 'schedule'],
        },
        caller,
      )
      expect(filled.statusCode, filled.body).toBe(200)
      expect(filled.json().referents).toHaveLength(2)

      // A converted record: provenance with ideas and their authors, published with two other fields.
      const converted = records[0]!
      const convertedFilled = await patch(converted.id, {
        ...everything('conv', { budget: 765432.19, source: 345678.91 }),
        referents: [{ userId: member.userId, role: 'SECRET-conv-member-role' }],
        published: true,
        publicFields: ['summary', 'funding'],
      })
      expect(convertedFilled.statusCode, convertedFilled.body).toBe(200)
      const ideas = converted.provenance.ideas
      expect(ideas.length).toBeGreaterThan(0)

      const application = await fresh(applicationId, caller)
      expect(application.review?.reason).toBe('SECRET-review-reason')
      const convertedRecord = await fresh(converted.id)
      // Texts the showcase shows (an idea that says the same as a title would be there for that reason).
      const publicTexts = [
        convertedRecord.title,
        convertedRecord.priorityTitle ?? '',
        convertedRecord.provenance.workshopTitle,
        application.title,
        application.priorityTitle ?? '',
        'SECRET-conv-summary',
      ]
      // Values that must never be public: every field the records did not choose, and what no record shows.
      const secrets: string[] = [
        'SECRET-app-summary',
        'SECRET-app-answer',
        '73317331',
        'secret-contact@example.fr',
        'SECRET-review-reason',
        'SECRET-old-title',
        'SECRET-member-role',
        'SECRET-actor-role',
        'SECRET-referent-pole',
        colleague.displayName,
        colleague.email,
        caller.email,
        'SECRET-conv-member-role',
        member.email,
        'SECRET-unpublished-title',
        'SECRET-unpublished-summary',
        hidden,
        '111222',
        '444333',
        ...[
          'objectives',
          'outcomes',
          'indicator',
          'unit',
          'support',
          'risk',
          'evaluation',
          'worked',
          'lessons',
        ].flatMap((part) => [`SECRET-app-${part}`, `SECRET-conv-${part}`]),
        'SECRET-app-funder',
        'SECRET-app-carrier',
        'SECRET-app-next-step',
        'SECRET-conv-carrier',
        'SECRET-conv-partner',
        'SECRET-conv-next-step',
        '2030-05-21',
        '987654',
        '765432',
        '123456',
        '313373',
        '733133',
        '424242',
        'guarantee',
        'premises',
        caller.userId,
        colleague.userId,
        member.userId,
        // The action's title is public on neither record.
        convertedRecord.actionTitle ?? 'no action title',
        ...[
          ...ideas.map((i) => i.text),
          ...ideas.map((i) => i.authorName),
          ...converted.provenance.contributors,
        ].filter((text) => !publicTexts.some((shown) => shown.includes(text))),
      ].filter((s) => s.length > 0)
      // Values that must be there: the chosen fields.
      const shownApplication = [
        'Tiers-lieu des Abers',
        'SECRET-app-partner',
        'SECRET-app-partner-role',
        '2031-03-17',
      ]
      const shownConverted = [convertedRecord.title, 'SECRET-conv-summary', 'SECRET-conv-funder']

      const callerBase = `/api/public/councils/${callerSlug}/projects`
      const adminBase = `/api/public/councils/${slug}/projects`
      const routes = [
        ...[
          '',
          '?sort=title',
          '?sort=updated',
          '?sort=priority',
          '.json',
          '.csv',
          '.csv?sort=title',
          '.json?sort=updated',
        ].flatMap((suffix) => [`${callerBase}${suffix}`, `${adminBase}${suffix}`]),
      ]
      const bodies = new Map<string, string>()
      for (const url of routes) {
        const response = await request('GET', url)
        expect(response.statusCode, url).toBe(200)
        expect(response.headers['access-control-allow-origin']).toBe('*')
        bodies.set(url, response.body)
      }
      for (const [url, body] of bodies) {
        for (const secret of secrets) expect(body.includes(secret), `${url} holds ${secret}`).toBe(false)
        // Numbers of the CSV are French (987654,32): checked as their integer part above.
      }
      for (const value of shownApplication) expect(bodies.get(callerBase)).toContain(value)
      for (const value of shownConverted) expect(bodies.get(adminBase)).toContain(value)

      const page = JSON.parse(bodies.get(callerBase)!) as Showcase
      expect(page.projects.map((p) => p.id)).toEqual([applicationId])
      expect(page.projects[0]).toMatchObject({
        origin: { kind: 'call', callId, path: `/appels/${callId}` },
        publicFields: ['partners', 'schedule'],
        schedule: { start: '2031-03-17', end: '2032-11-29' },
      })
      expect(Object.keys(page.projects[0]!).sort()).toEqual(
        [
          'contractTitle',
          'id',
          'origin',
          'partners',
          'priority',
          'publicFields',
          'schedule',
          'status',
          'title',
          'updatedAt',
        ].sort(),
      )
      const adminPage = JSON.parse(bodies.get(adminBase)!) as Showcase
      expect(adminPage.projects.find((p) => p.id === converted.id)?.funding).toEqual({
        fundedAmount: 345678.91,
        sources: [{ name: 'SECRET-conv-funder', amount: 345678.91, secured: true }],
      })
      const json = JSON.parse(bodies.get(`${callerBase}.json`)!) as Showcase
      expect(json).toMatchObject({ format: 'kenlabour-showcase', version: 1, council: { slug: callerSlug } })
      const csv = parseCsv(bodies.get(`${callerBase}.csv`)!.replace(/^\ufeff/, ''))
      expect(csv[0]).toEqual([...showcaseCsvColumns])
      expect(csv).toHaveLength(2)
      expect(csv[1]![showcaseCsvColumns.indexOf('Partenaires')]).toBe(
        'SECRET-app-partner (SECRET-app-partner-role)',
      )
      expect(csv[1]![showcaseCsvColumns.indexOf('Porteur')]).toBe('')
      expect(csv[1]![showcaseCsvColumns.indexOf('Appel (adresse)')]).toMatch(new RegExp(`/appels/${callId}$`))
    })
  },
)
