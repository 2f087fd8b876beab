import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { records } from '../../../shared/board/document.ts'
import type { ProjectRecord } from '../../../shared/projects/record.ts'
import { imageAssetRecord, imageRecord } from '../../collab/review/testing/records.ts'
import { eventually } from '../../collab/testing/clients.ts'
import {
  type ConversionBody,
  convert,
  example,
  exampleWorkshop,
} from '../../projects/testing/example-workshop.ts'
import { injectAs, inviteMember, signUp } from '../../testing/app.ts'
import { createWorkshop, joinAsGuest } from '../../testing/workshops.ts'

/** A 1×1 PNG. */
export const onePixelPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

function expectStatus(response: LightMyRequestResponse, status: number, what: string) {
  if (response.statusCode !== status) throw new Error(`${what}: ${response.statusCode} ${response.body}`)
}

/**
 * A council with something in every table an archive carries: an administrator, a member and a removed
 * member; the example workshop converted into project records (snapshot, provenance, history, a guest's
 * idea, an uploaded image on the board, a record edited with a carrier and partners) and saved as a
 * template; a workshop in silent writing with a guest's private idea and an erased guest; a later
 * workshop that took up an idea left waiting; and a workshop whose board nobody opened.
 */
export async function councilWithConvertedWorkshop(app: FastifyInstance) {
  const admin = await signUp(app, { councilName: 'Conseil de développement du Léon' })
  const member = await inviteMember(app, admin.cookie)
  const leaver = await inviteMember(app, admin.cookie)
  expectStatus(
    await injectAs(app, 'DELETE', `/api/council/members/${leaver.userId}`, admin),
    204,
    'remove member',
  )

  const { contract, workshop } = await exampleWorkshop(app, admin)
  const guest = await joinAsGuest(app, workshop.joinCode, 'Maïwenn')
  const zone = example.zones[0]!
  const idea = await injectAs(app, 'POST', `/api/boards/${workshop.boardId}/ideas`, guest, {
    text: 'Une navette entre les bourgs',
    priorityCode: zone.priorityCode,
    actionCode: zone.actionCode,
  })
  expectStatus(idea, 201, 'guest idea')

  const uploaded = await app.inject({
    method: 'POST',
    url: `/api/boards/${workshop.boardId}/assets`,
    headers: { cookie: admin.cookie, 'content-type': 'image/png' },
    payload: onePixelPng,
  })
  expectStatus(uploaded, 201, 'upload')
  const image = uploaded.json() as { assetId: string; src: string }
  await app.liveBoards.change(workshop.boardId, (doc) => {
    records(doc).set(`asset:${image.assetId}`, imageAssetRecord(`asset:${image.assetId}`, image.src))
    records(doc).set('shape:photo', imageRecord('shape:photo', `asset:${image.assetId}`))
  })

  const converted = await convert(app, admin.cookie, workshop.id)
  expectStatus(converted, 201, 'convert')
  const conversion = converted.json() as ConversionBody
  const first = conversion.projects[0]!
  const edited = await injectAs(app, 'PATCH', `/api/projects/${first.id}`, member, {
    version: first.version,
    status: 'in_instruction',
    carrier: { name: 'Commune de Plouguerneau', type: 'collectivite' },
    partners: [{ name: 'Café des Abers', type: 'association', role: 'Gestion du café' }],
    budget: 18500.5,
    fundingSources: [{ name: 'Région Bretagne', amount: 9000, secured: true }],
    summary: `Voir aussi la fiche /projets/${conversion.projects[1]!.id}`,
  })
  expectStatus(edited, 200, 'edit record')
  // Follow-up in pairs: a member and the partner actor follow the record, with a next step and support.
  const cafe = (
    (await app.inject({ url: '/api/actors', headers: { cookie: member.cookie } })).json().actors as {
      id: string
      name: string
    }[]
  ).find((a) => a.name === 'Café des Abers')!
  const followed = await injectAs(app, 'PATCH', `/api/projects/${first.id}`, member, {
    version: (edited.json() as ProjectRecord).version,
    referents: [
      { userId: member.userId, role: 'élue référente' },
      { actorId: cafe.id, role: 'pôle ESS' },
    ],
    supportKinds: ['guarantee', 'premises'],
    smallStructure: true,
    nextStep: 'Comité de garantie',
    nextStepDate: '2027-01-15',
  })
  expectStatus(followed, 200, 'follow-up')

  // Silent writing: a guest's idea kept on the server's private side.
  const silent = await createWorkshop(app, admin.cookie, {
    contractId: contract.id,
    title: 'Écriture silencieuse',
  })
  expectStatus(
    await app.inject({
      method: 'PATCH',
      url: `/api/workshops/${silent.id}`,
      headers: { cookie: admin.cookie },
      payload: { privateIdeation: true },
    }),
    200,
    'silent writing',
  )
  const writer = await joinAsGuest(app, silent.joinCode, 'Gwenaëlle')
  expectStatus(
    await app.inject({
      method: 'POST',
      url: `/api/boards/${silent.boardId}/ideas`,
      headers: { cookie: writer.cookie },
      payload: { text: 'Idée gardée pour moi' },
    }),
    201,
    'private idea',
  )
  await waitForRows(app, silent.boardId)

  const unopened = await createWorkshop(app, admin.cookie, {
    contractId: contract.id,
    title: 'Jamais ouvert',
  })

  // The converted workshop saved as a template.
  const template = await app.inject({
    method: 'POST',
    url: `/api/workshops/${workshop.id}/template`,
    headers: { cookie: admin.cookie },
    payload: { title: 'Modèle mobilités' },
  })
  expectStatus(template, 201, 'template')

  // A later workshop takes up an idea left waiting at the conversion (archived ideas, a linked card).
  const later = await createWorkshop(app, admin.cookie, { contractId: contract.id, title: 'La suite' })
  const waiting = await app.inject({
    url: `/api/contracts/${contract.id}/waiting-ideas`,
    headers: { cookie: admin.cookie },
  })
  expectStatus(waiting, 200, 'waiting ideas')
  const waitingIdea = (waiting.json() as { priorities: { ideas: { id: string }[] }[] }).priorities.flatMap(
    (p) => p.ideas,
  )[0]!
  const carried = await app.inject({
    method: 'POST',
    url: `/api/workshops/${later.id}/waiting-ideas`,
    headers: { cookie: admin.cookie },
    payload: { ideaIds: [waitingIdea.id] },
  })
  expectStatus(carried, 201, 'carry a waiting idea')

  // A call for projects with its review grid, and an application to it (a record with answers, a hashed
  // private-link token and a carrier).
  const call = await injectAs(app, 'POST', '/api/calls', admin, {
    contractId: contract.id,
    title: 'Appel à projets Tiers-lieux',
    description: 'Des lieux partagés dans chaque commune.',
    kind: 'call',
    priorityCodes: ['P1'],
    actionCodes: ['1.1'],
    opensAt: new Date(Date.now() - 86_400_000).toISOString(),
    closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    questions: [
      { id: 'public', label: 'Quel public ?', type: 'long', required: true },
      { id: 'stage', label: 'Stade', type: 'choice', required: false, choices: ['Idée', 'Lancé'] },
    ],
    criteria: [{ id: 'impact', label: 'Impact', weight: 2 }],
  })
  expectStatus(call, 201, 'call')
  const application = await app.inject({
    method: 'POST',
    url: `/api/public/calls/${call.json().id}/applications`,
    payload: {
      carrier: { name: 'Association Ti Kreiz', kind: 'association', email: 'contact@tikreiz.example' },
      title: 'Un tiers-lieu à Lannilis',
      summary: 'Atelier partagé et café.',
      answers: { public: 'Les habitants', stage: 'Idée' },
      budget: 12_000,
    },
  })
  expectStatus(application, 201, 'application')

  // A guest erased on request: the audit line stays.
  const erased = await joinAsGuest(app, silent.joinCode, 'Ninnog Quéméner')
  expectStatus(
    await app.inject({
      method: 'POST',
      url: '/api/council/erasure',
      headers: { cookie: admin.cookie },
      payload: { guestId: erased.guestId },
    }),
    200,
    'erasure',
  )

  return {
    admin,
    member,
    leaver,
    contract,
    workshop,
    guest,
    image,
    conversion,
    edited: followed.json() as ProjectRecord,
    silent,
    writer,
    unopened,
    template: template.json() as { id: string },
    later,
    waitingIdeaId: waitingIdea.id,
    call: call.json() as { id: string },
    application: application.json() as { projectId: string; editToken: string },
  }
}

/** Waits until the private side of a board (written behind, within 50 ms) holds its private idea. */
function waitForRows(app: FastifyInstance, boardId: string) {
  return eventually(
    () =>
      app.store.db
        .selectFrom('private_ideas')
        .select('id')
        .where('board_id', '=', boardId)
        .executeTakeFirst(),
    10_000,
    'the private idea stored',
  )
}

/** The tables the council archive carries (archive.test.ts checks that every other table is named as left out). */
export const archivedTables = [
  'councils',
  'users',
  'contracts',
  'workshops',
  'workshop_facilitators',
  'guests',
  'boards',
  'board_votes',
  'shape_authors',
  'private_ideas',
  'board_assets',
  'board_snapshots',
  'projects',
  'actors',
  'project_actors',
  'project_referents',
  'project_history',
  'workshop_templates',
  'calls',
  'archived_ideas',
  'idea_links',
  'erasures',
] as const

/** Every table's row count: what a refused import must leave as it was. */
export async function rowCounts(app: { store: { db: FastifyInstance['store']['db'] } }) {
  // The archived tables, and the board log an import folds into the boards' state.
  const tables = [...archivedTables, 'board_updates'] as const
  const counts: Record<string, number> = {}
  for (const table of tables) {
    const row = await app.store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    counts[table] = Number(row.n)
  }
  return counts
}
