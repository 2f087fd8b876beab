import { expect, it } from 'vitest'
import type { Showcase } from '../../shared/api/showcase.ts'
import { importCouncil } from '../council-archive/import.ts'
import { jsonOf, rezip, unzip } from '../council-archive/testing/archive-files.ts'
import { type ConversionBody, convert, exampleWorkshop } from '../projects/testing/example-workshop.ts'
import { suiteApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'

/** The council archive carries the showcase: the council's slug, each record's switch and public fields. */
describeEachStore('council archive and the showcase ($name)', (target) => {
  const suite = suiteApp(target)

  it('exports slug, published and publicFields; an import keeps them (a taken slug gets -2)', async () => {
    const { facilitator: admin, workshop } = await exampleWorkshop(suite.app)
    const [shown, hidden] = ((await convert(suite.app, admin.cookie, workshop.id)).json() as ConversionBody)
      .projects
    const published = await suite.app.inject({
      method: 'PATCH',
      url: `/api/projects/${shown!.id}`,
      headers: { cookie: admin.cookie },
      payload: { version: shown!.version, published: true, publicFields: ['summary', 'funding'] },
    })
    expect(published.statusCode, published.body).toBe(200)
    const slug = (await suite.app.inject({ url: '/api/council', headers: { cookie: admin.cookie } })).json()
      .slug

    const exported = await suite.app.inject({ url: '/api/council/export', headers: { cookie: admin.cookie } })
    expect(exported.statusCode).toBe(200)
    const bytes = new Uint8Array(exported.rawPayload)
    const files = await unzip(bytes)
    expect(jsonOf(files, 'council.json')).toMatchObject({ slug })
    const projects = jsonOf(files, 'projects.json') as {
      id: string
      published: boolean
      publicFields: string[]
    }[]
    expect(projects.find((p) => p.id === shown!.id)).toMatchObject({
      published: true,
      publicFields: ['summary', 'funding'],
    })
    expect(projects.find((p) => p.id === hidden!.id)).toMatchObject({ published: false, publicFields: [] })

    // Into the same store: every id is taken, and so is the slug.
    const copy = await importCouncil(suite.store.db, bytes)
    expect(copy.councilId).not.toBe(admin.councilId)
    const council = await suite.store.db
      .selectFrom('councils')
      .select('slug')
      .where('id', '=', copy.councilId)
      .executeTakeFirstOrThrow()
    expect(council.slug).toBe(`${slug}-2`)
    expect(copy.renamedSlug).toEqual({ from: slug, to: `${slug}-2` })
    const copied = await suite.app.inject({ url: `/api/public/councils/${slug}-2/projects` })
    const showcase = copied.json() as Showcase
    expect(showcase.projects).toHaveLength(1)
    expect(showcase.projects[0]).toMatchObject({ title: shown!.title, publicFields: ['summary', 'funding'] })
    expect(showcase.projects[0]!.id).not.toBe(shown!.id)

    // An archive without the new fields (written before them) imports unpublished, with a slug from its name.
    const { slug: _slug, ...councilBefore } = jsonOf(files, 'council.json')
    const projectsBefore = (jsonOf(files, 'projects.json') as Record<string, unknown>[]).map(
      ({ published: _p, publicFields: _f, ...rest }) => rest,
    )
    const older = await rezip(
      bytes,
      {
        'council.json': JSON.stringify({ ...councilBefore, name: 'Conseil Ancien Format' }),
        'projects.json': JSON.stringify(projectsBefore),
      },
      { restamp: true },
    )
    const old = await importCouncil(suite.store.db, older)
    const oldCouncil = await suite.store.db
      .selectFrom('councils')
      .select('slug')
      .where('id', '=', old.councilId)
      .executeTakeFirstOrThrow()
    expect(oldCouncil.slug).toMatch(/^conseil-ancien-format(-\d+)?$/)
    const none = (await suite.app.inject({ url: `/api/public/councils/${oldCouncil.slug}/projects` })).json()
    expect(none.projects).toEqual([])
  })
})
