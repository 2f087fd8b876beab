import type { TLRecord } from '@tldraw/tlschema'
import type { LightMyRequestResponse } from 'fastify'
import { expect, it } from 'vitest'
import type { Template, TemplateFile, TemplateSummary } from '../../shared/api/templates.ts'
import { readLiveState, records } from '../../shared/board/document.ts'
import { clusterRecord, defaultShapeRecord, ideaRecord } from '../collab/review/testing/records.ts'
import { eventually, type TestClient } from '../collab/testing/clients.ts'
import { signUp } from '../testing/app.ts'
import { liveApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { createContract, createWorkshop, joinAsGuest, type WorkshopBody } from '../testing/workshops.ts'

/*
 * Workshop templates end to end on the real server: a workshop's live board saved as a template, a new
 * workshop started from it on another contract and read back by a real y-websocket client, the file
 * round trip, the built-in templates, duplication, who may do what, and bad files.
 */

const frame = (id: string, fields: Record<string, unknown> = {}) =>
  ({
    ...defaultShapeRecord(id, 'geo'),
    type: 'frame',
    x: -1200,
    y: 0,
    index: 'b10',
    ...fields,
    props: { w: 900, h: 700, name: 'Déroulé', color: 'black' },
  }) as unknown as TLRecord

const arrowRecord = (id: string) =>
  ({
    ...defaultShapeRecord(id, 'geo'),
    type: 'arrow',
    x: -300,
    y: 100,
    index: 'b30',
    props: {
      kind: 'arc',
      labelColor: 'black',
      color: 'black',
      fill: 'none',
      dash: 'draw',
      size: 'm',
      arrowheadStart: 'none',
      arrowheadEnd: 'arrow',
      font: 'draw',
      start: { x: 0, y: 0 },
      end: { x: 200, y: 0 },
      bend: 0,
      richText: { type: 'doc', content: [{ type: 'paragraph' }] },
      labelPosition: 0.5,
      scale: 1,
      elbowMidPoint: 0.5,
    },
  }) as unknown as TLRecord

const arrowBinding = (id: string, fromId: string, toId: string, terminal: 'start' | 'end') =>
  ({
    id,
    typeName: 'binding',
    type: 'arrow',
    fromId,
    toId,
    meta: {},
    props: { terminal, normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false, snap: 'none' },
  }) as unknown as TLRecord

type Shape = TLRecord & { type: string; parentId: string; x: number; y: number; props: any }
const shapesOf = (client: TestClient) =>
  [...records(client.doc).map.values()]
    .map((entry) => entry.val)
    .filter((r) => r.typeName === 'shape') as Shape[]

/** The titles of the zones among `shapes`, sorted. */
const zoneTitles = (shapes: Shape[]) =>
  shapes
    .filter((s) => s.type === 'zone')
    .map((z) => z.props.title)
    .sort()

describeEachStore('workshop templates ($name)', (target) => {
  const live = liveApp(target)

  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    cookie?: string,
    payload?: unknown,
  ): Promise<LightMyRequestResponse> =>
    live.app.inject({
      method,
      url,
      headers: cookie ? { cookie } : {},
      ...(payload === undefined ? {} : { payload: payload as object }),
    })

  /** A workshop with zones P1, action 1.2 and P2, annotations, an idea and a cluster, and settings. */
  async function preparedWorkshop() {
    const facilitator = await signUp(live.app)
    const workshop = await createWorkshop(live.app, facilitator.cookie, {
      zones: [{ priorityCode: 'P1' }, { priorityCode: 'P1', actionCode: '1.2' }, { priorityCode: 'P2' }],
    })
    const patch = await call('PATCH', `/api/workshops/${workshop.id}`, facilitator.cookie, {
      vote: { dotsPerParticipant: 3, target: 'clusters' },
      privateIdeation: true,
    })
    expect(patch.statusCode, patch.body).toBe(200)
    const f = await live.connectSynced(workshop.boardId, facilitator.cookie)
    const board = records(f.doc)
    board.set(
      'shape:consigne' as never,
      defaultShapeRecord('shape:consigne', 'text', { x: -600, y: 0, index: 'b20' }),
    )
    board.set('shape:cadre', frame('shape:cadre'))
    board.set(
      'shape:dans-cadre',
      defaultShapeRecord('shape:dans-cadre', 'geo', { parentId: 'shape:cadre', x: 20, y: 40, index: 'a1' }),
    )
    board.set('shape:groupe', clusterRecord('shape:groupe'))
    board.set(
      'shape:idee',
      ideaRecord('shape:idee', { authorId: facilitator.userId, authorName: facilitator.displayName }),
    )
    // Arrows: one from the P1 zone to the instruction (both kept), one to the idea (its binding stays behind).
    board.set('shape:fleche', arrowRecord('shape:fleche'))
    board.set('binding:debut', arrowBinding('binding:debut', 'shape:fleche', 'shape:zone-P1', 'start'))
    board.set('binding:fin', arrowBinding('binding:fin', 'shape:fleche', 'shape:consigne', 'end'))
    board.set('shape:vers-idee', arrowRecord('shape:vers-idee'))
    board.set('binding:idee', arrowBinding('binding:idee', 'shape:vers-idee', 'shape:idee', 'end'))
    // The server holds them all (nothing refused) before the template is taken.
    await eventually(async () => {
      const snapshot = (
        await call('GET', `/api/boards/${workshop.boardId}/snapshot`, facilitator.cookie)
      ).json()
      const ids: string[] = (snapshot.records as TLRecord[]).map((r) => r.id)
      return ['shape:consigne', 'shape:cadre', 'shape:dans-cadre', 'shape:idee', 'binding:idee'].every((id) =>
        ids.includes(id),
      )
        ? true
        : undefined
    })
    expect(f.refused).toEqual([])
    return { facilitator, workshop }
  }

  async function saveTemplate(workshop: WorkshopBody, cookie: string) {
    const saved = await call('POST', `/api/workshops/${workshop.id}/template`, cookie, {
      title: 'Atelier par priorité',
      description: 'Notre déroulé habituel',
      agenda: [
        { phase: 'ideation', minutes: 12 },
        { phase: 'voting', minutes: 8 },
      ],
    })
    expect(saved.statusCode, saved.body).toBe(201)
    return saved.json() as Template
  }

  it('saves a workshop as a template: zones and layout, annotations, agenda, settings; no idea', async () => {
    const { facilitator, workshop } = await preparedWorkshop()
    const template = await saveTemplate(workshop, facilitator.cookie)
    expect(template).toMatchObject({
      title: 'Atelier par priorité',
      builtIn: false,
      sourceWorkshopId: workshop.id,
    })
    expect(template.content.zones.map((z) => [z.priorityCode, z.actionCode])).toEqual(
      expect.arrayContaining([
        ['P1', ''],
        ['P1', '1.2'],
        ['P2', ''],
      ]),
    )
    expect(template.content.zones).toHaveLength(3)
    expect(template.content.zones.every((z) => z.w === 1400 && z.h === 1000)).toBe(true)
    const annotationIds = template.content.annotations.map((a) => a.id).sort()
    expect(annotationIds).toEqual([
      'binding:debut',
      'binding:fin',
      'shape:cadre',
      'shape:consigne',
      'shape:dans-cadre',
      'shape:fleche',
      'shape:vers-idee',
    ])
    expect(template.content.agenda).toEqual([
      { phase: 'ideation', minutes: 12 },
      { phase: 'voting', minutes: 8 },
    ])
    expect(template.content.settings).toEqual({
      dotsPerParticipant: 3,
      voteTarget: 'clusters',
      privateIdeation: true,
      anonymous: false,
      ideasInClustering: true,
    })
    // Read back, listed first among the built-in ones.
    const read = await call('GET', `/api/templates/${template.id}`, facilitator.cookie)
    expect(read.json()).toEqual(template)
    const list = (await call('GET', '/api/templates', facilitator.cookie)).json() as TemplateSummary[]
    expect(list[0]).toMatchObject({ id: template.id, annotationCount: 5, builtIn: false })
    expect(list.filter((t) => t.builtIn).map((t) => t.title)).toEqual(
      expect.arrayContaining([
        'Priorités du contrat',
        'Émergence de projets par fiche-action',
        'Évaluation d’un dispositif',
        'Contract priorities',
      ]),
    )
  })

  it('lists the built-in templates in the language asked (`?lang=`), the council’s own in any language', async () => {
    const facilitator = await signUp(live.app)
    // The council's own template in English: an English built-in taken as a file and imported.
    const file = await call('GET', '/api/templates/builtin-contract-priorities/export', facilitator.cookie)
    const own = (
      await call('POST', '/api/templates/import', facilitator.cookie, JSON.parse(file.body))
    ).json()
    expect(own.lang).toBe('en')
    const list = async (query: string) => {
      const answer = await call('GET', `/api/templates${query}`, facilitator.cookie)
      expect(answer.statusCode, answer.body).toBe(200)
      return answer.json() as TemplateSummary[]
    }
    const builtIns = (templates: TemplateSummary[]) =>
      templates
        .filter((t) => t.builtIn)
        .map((t) => `${t.lang}:${t.title}`)
        .sort()
    for (const lang of ['fr', 'en'] as const) {
      const templates = await list(`?lang=${lang}`)
      expect(templates[0]).toMatchObject({ id: own.id, builtIn: false })
      expect(builtIns(templates).length).toBe(3)
      expect(templates.filter((t) => t.builtIn).every((t) => t.lang === lang)).toBe(true)
    }
    expect(builtIns(await list('?lang=fr'))).toEqual([
      'fr:Priorités du contrat',
      'fr:Émergence de projets par fiche-action',
      'fr:Évaluation d’un dispositif',
    ])
    // Without `lang`, every built-in one: both languages.
    const all = await list('')
    expect(new Set(all.filter((t) => t.builtIn).map((t) => t.lang))).toEqual(new Set(['fr', 'en']))
    expect(builtIns(all).length).toBe(6)
    // Another language is a bad request, not an empty list.
    const german = await call('GET', '/api/templates?lang=de', facilitator.cookie)
    expect(german.statusCode).toBe(400)
    expect(german.json().error.code).toBeTruthy()
  })

  it('starts a workshop from it on another contract: mapped zones, annotations, agenda, no idea, codes reported', async () => {
    const { facilitator, workshop } = await preparedWorkshop()
    const template = await saveTemplate(workshop, facilitator.cookie)
    // Another contract of the council: P1 (with other titles and no action 1.2) and P4; no P2.
    const other = await createContract(live.app, facilitator.cookie, {
      title: 'Contrat de la vallée',
      territory: 'Vallée',
      period: '2027-2032',
      priorities: [
        { code: 'P1', title: 'Eau et rivières', actions: [{ code: '1.1', title: 'Zones humides' }] },
        { code: 'P4', title: 'Tourisme', actions: [] },
      ],
    })
    const created = await call('POST', '/api/workshops', facilitator.cookie, {
      title: 'Atelier de la vallée',
      contractId: other.id,
      templateId: template.id,
    })
    expect(created.statusCode, created.body).toBe(201)
    const fresh = created.json()
    expect(fresh.template).toEqual({ id: template.id, title: template.title, missingCodes: ['1.2', 'P2'] })
    expect(fresh.startZones).toEqual([{ priorityCode: 'P1', actionCode: '' }])
    expect(fresh.state.agenda).toEqual(template.content.agenda)
    expect(fresh.state.vote).toMatchObject({ dotsPerParticipant: 3, target: 'clusters' })
    expect(fresh.state.privateIdeation).toBe(true)

    // What a participant's live board holds.
    const participant = await joinAsGuest(live.app, fresh.joinCode)
    const client = await live.connectSynced(fresh.boardId, participant.cookie)
    const shapes = shapesOf(client)
    const zones = shapes.filter((s) => s.type === 'zone')
    // P1 mapped with this contract's title; 1.2 and P2 free-titled, keeping the first contract's titles.
    const savedTitle = (code: string) =>
      template.content.zones.find((z) => (z.actionCode || z.priorityCode) === code)!.title
    expect(zones.map((z) => [z.props.priorityCode, z.props.actionCode, z.props.title]).sort()).toEqual(
      [
        ['P1', '', 'P1 — Eau et rivières'],
        ['', '', savedTitle('1.2')],
        ['', '', savedTitle('P2')],
      ].sort(),
    )
    expect(savedTitle('P2')).toMatch(/^P2 — \S/)
    expect(savedTitle('1.2')).toMatch(/^1\.2 — \S/)
    // Layout kept: each zone where it was on the first board.
    for (const zone of template.content.zones) {
      const drawn = zones.find((z) => z.id === zone.id)!
      expect([drawn.x, drawn.y, drawn.props.w, drawn.props.h]).toEqual([zone.x, zone.y, zone.w, zone.h])
    }
    expect(shapes.map((s) => s.id)).toEqual(
      expect.arrayContaining(['shape:consigne', 'shape:cadre', 'shape:dans-cadre']),
    )
    expect(shapes.find((s) => s.id === 'shape:dans-cadre')!.parentId).toBe('shape:cadre')
    // The arrow still runs from the (mapped) P1 zone to the instruction.
    const bindings = [...records(client.doc).map.values()]
      .map((entry) => entry.val as TLRecord & { fromId?: string; toId?: string })
      .filter((r) => r.typeName === 'binding')
    expect(bindings.map((b) => [b.id, b.fromId, b.toId]).sort()).toEqual([
      ['binding:debut', 'shape:fleche', 'shape:zone-P1'],
      ['binding:fin', 'shape:fleche', 'shape:consigne'],
    ])
    expect(shapes.filter((s) => s.type === 'idea' || s.type === 'cluster')).toEqual([])
    expect(readLiveState(client.doc).agenda).toEqual(template.content.agenda)
  })

  it('starts a built-in template: one zone per priority of the contract, the instructions, the agenda', async () => {
    const facilitator = await signUp(live.app)
    const contract = await createContract(live.app, facilitator.cookie)
    const builtIn = (
      await call('GET', '/api/templates/builtin-priorites-du-contrat', facilitator.cookie)
    ).json()
    expect(builtIn).toMatchObject({ builtIn: true, lang: 'fr', content: { zonesFromContract: 'priorities' } })
    const created = await call('POST', '/api/workshops', facilitator.cookie, {
      title: 'Atelier priorités',
      contractId: contract.id,
      templateId: 'builtin-priorites-du-contrat',
    })
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json().template.missingCodes).toEqual([])
    const client = await live.connectSynced(created.json().boardId, facilitator.cookie)
    const shapes = shapesOf(client)
    expect(zoneTitles(shapes)).toEqual(contract.priorities.map((p) => `${p.code} — ${p.title}`).sort())
    expect(shapes.find((s) => s.type === 'text')?.props.richText.content[0].content[0].text).toBe('Consigne')
    expect(readLiveState(client.doc).agenda?.map((s) => s.phase)).toEqual([
      'ideation',
      'clustering',
      'voting',
    ])
  })

  it('travels as a versioned file: exported, imported in another council, the same template', async () => {
    const { facilitator, workshop } = await preparedWorkshop()
    const template = await saveTemplate(workshop, facilitator.cookie)
    const exported = await call('GET', `/api/templates/${template.id}/export`, facilitator.cookie)
    expect(exported.statusCode).toBe(200)
    expect(exported.headers['content-disposition']).toMatch(
      /attachment; filename="modele-atelier-par-priorite\.json"/,
    )
    const file = exported.json() as TemplateFile
    expect(file).toMatchObject({ format: 'kenlabour-template', version: 1 })
    const elsewhere = await signUp(live.app)
    const imported = await call('POST', '/api/templates/import', elsewhere.cookie, JSON.parse(exported.body))
    expect(imported.statusCode, imported.body).toBe(201)
    const copy = imported.json() as Template
    expect(copy.id).not.toBe(template.id)
    expect(copy).toMatchObject({
      title: template.title,
      description: template.description,
      sourceWorkshopId: null,
    })
    expect(copy.content).toEqual(template.content)
    // And usable there, on that council's own contract.
    const contract = await createContract(live.app, elsewhere.cookie)
    const started = await call('POST', '/api/workshops', elsewhere.cookie, {
      title: 'Importé',
      contractId: contract.id,
      templateId: copy.id,
    })
    expect(started.statusCode, started.body).toBe(201)
    expect(started.json().template.missingCodes).toEqual([])
    // A built-in one exports too.
    const builtIn = await call('GET', '/api/templates/builtin-scheme-evaluation/export', elsewhere.cookie)
    expect(builtIn.json()).toMatchObject({ format: 'kenlabour-template', template: { lang: 'en' } })
  })

  it('duplicates a workshop: same zones, annotations and settings, no idea, new codes', async () => {
    const { facilitator, workshop } = await preparedWorkshop()
    const answer = await call('POST', `/api/workshops/${workshop.id}/duplicate`, facilitator.cookie, {})
    expect(answer.statusCode, answer.body).toBe(201)
    const copy = answer.json() as WorkshopBody
    expect(copy).toMatchObject({ title: `${workshop.title} (copie)`, contractId: workshop.contractId })
    expect(copy.id).not.toBe(workshop.id)
    expect(copy.joinCode).not.toBe(workshop.joinCode)
    expect(copy.observerCode).not.toBe(workshop.observerCode)
    expect(copy.state).toMatchObject({
      privateIdeation: true,
      vote: { dotsPerParticipant: 3, target: 'clusters' },
    })
    const client = await live.connectSynced(copy.boardId, facilitator.cookie)
    const shapes = shapesOf(client)
    expect(zoneTitles(shapes)).toEqual(
      ['P1 — ', '1.2 — ', 'P2 — ']
        .map(
          (prefix) => shapes.find((s) => s.type === 'zone' && s.props.title.startsWith(prefix))!.props.title,
        )
        .sort(),
    )
    expect(shapes.filter((s) => s.type === 'zone').every((z) => z.props.priorityCode !== '')).toBe(true)
    expect(shapes.map((s) => s.id)).toEqual(
      expect.arrayContaining(['shape:consigne', 'shape:cadre', 'shape:dans-cadre']),
    )
    expect(shapes.filter((s) => s.type === 'idea' || s.type === 'cluster')).toEqual([])
    const bare = await call('POST', `/api/workshops/${workshop.id}/duplicate`, facilitator.cookie)
    expect(bare.statusCode, bare.body).toBe(201)
    expect(bare.json().title).toBe(`${workshop.title} (copie)`)
    const named = await call('POST', `/api/workshops/${workshop.id}/duplicate`, facilitator.cookie, {
      title: 'Session 2',
    })
    expect(named.json().title).toBe('Session 2')
  })

  it('keeps templates within the council: another council 404, guests 403, no session 401', async () => {
    const { facilitator, workshop } = await preparedWorkshop()
    const template = await saveTemplate(workshop, facilitator.cookie)
    const stranger = await signUp(live.app)
    const strangerContract = await createContract(live.app, stranger.cookie)
    for (const [method, url, payload] of [
      ['GET', `/api/templates/${template.id}`, undefined],
      ['GET', `/api/templates/${template.id}/export`, undefined],
      ['DELETE', `/api/templates/${template.id}`, undefined],
      ['POST', `/api/workshops/${workshop.id}/template`, { title: 'Vol' }],
      ['POST', `/api/workshops/${workshop.id}/duplicate`, {}],
      ['POST', '/api/workshops', { title: 'Vol', contractId: strangerContract.id, templateId: template.id }],
    ] as const) {
      const answer = await call(method, url, stranger.cookie, payload)
      expect(answer.statusCode, `${method} ${url}`).toBe(404)
      expect(answer.json().error.code).toBe('not_found')
    }
    expect(
      ((await call('GET', '/api/templates', stranger.cookie)).json() as TemplateSummary[]).every(
        (t) => t.builtIn,
      ),
    ).toBe(true)
    const guest = await joinAsGuest(live.app, workshop.joinCode)
    for (const [method, url, payload] of [
      ['GET', '/api/templates', undefined],
      ['GET', `/api/templates/${template.id}`, undefined],
      ['POST', `/api/workshops/${workshop.id}/template`, { title: 'Invité' }],
      ['POST', `/api/workshops/${workshop.id}/duplicate`, {}],
    ] as const) {
      expect((await call(method, url, guest.cookie, payload)).statusCode, `guest ${method} ${url}`).toBe(403)
      expect((await call(method, url, undefined, payload)).statusCode, `anyone ${method} ${url}`).toBe(401)
    }
    // The council's own: deleted once, then gone; a built-in one is not deleted.
    expect(
      (await call('DELETE', '/api/templates/builtin-scheme-evaluation', facilitator.cookie)).json().error
        .code,
    ).toBe('built_in_template')
    expect((await call('DELETE', `/api/templates/${template.id}`, facilitator.cookie)).statusCode).toBe(204)
    expect((await call('GET', `/api/templates/${template.id}`, facilitator.cookie)).statusCode).toBe(404)
  })

  it('refuses bad template files with 400 and a code saying why', async () => {
    const facilitator = await signUp(live.app)
    const good = (
      await call('GET', '/api/templates/builtin-evaluation-d-un-dispositif/export', facilitator.cookie)
    ).json()
    const cases: [string, unknown, string, string?][] = [
      ['another format', { ...good, format: 'miro-board' }, 'template_format', 'format'],
      ['a later version', { ...good, version: 2 }, 'template_version', 'version'],
      [
        'a zone without size',
        {
          ...good,
          template: {
            ...good.template,
            content: { ...good.template.content, zones: [{ ...good.template.content.zones[0], w: 0 }] },
          },
        },
        'invalid_template',
        'template.content.zones.0.w',
      ],
      [
        'a colour tldraw does not know',
        {
          ...good,
          template: {
            ...good.template,
            content: {
              ...good.template.content,
              zones: [{ ...good.template.content.zones[0], color: 'gold' }],
            },
          },
        },
        'invalid_template',
        'template.content.zones.0',
      ],
      [
        'an idea among the annotations',
        {
          ...good,
          template: {
            ...good.template,
            content: {
              ...good.template.content,
              annotations: [ideaRecord('shape:x', { authorId: 'a', authorName: 'A' })],
            },
          },
        },
        'invalid_template',
        'template.content.annotations.0',
      ],
      [
        'an annotation inside a missing frame',
        {
          ...good,
          template: {
            ...good.template,
            content: {
              ...good.template.content,
              annotations: [defaultShapeRecord('shape:x', 'text', { parentId: 'shape:absent' })],
            },
          },
        },
        'invalid_template',
        'template.content.annotations.0',
      ],
      ['no file at all', {}, 'invalid_input'],
    ]
    for (const [what, payload, code, field] of cases) {
      const answer = await call('POST', '/api/templates/import', facilitator.cookie, payload)
      expect(answer.statusCode, what).toBe(400)
      expect(answer.json().error.code, what).toBe(code)
      if (field) expect(answer.json().error.field, what).toBe(field)
    }
    // The good one passes.
    expect((await call('POST', '/api/templates/import', facilitator.cookie, good)).statusCode).toBe(201)
  })
})
