import { expect, it } from 'vitest'
import { records } from '../../shared/board/document.ts'
import { connectClient, eventually, synced } from '../collab/testing/clients.ts'
import { addIdea } from '../projects/testing/example-board.ts'
import { inviteMember, signUp } from '../testing/app.ts'
import { liveApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { createWorkshop, joinAsGuest } from '../testing/workshops.ts'
import { jsonOf, unzip } from './testing/archive-files.ts'

/** GET /api/council/export: the archive for a council administrator, and for nobody else. */
describeEachStore('GET /api/council/export ($name)', (target) => {
  const live = liveApp(target)

  it('answers the administrator a zip of the council, with a board being edited as it is now', async () => {
    const admin = await signUp(live.app, { councilName: 'Conseil de développement du Trégor' })
    const workshop = await createWorkshop(live.app, admin.cookie)
    // Someone is on the board: its document is read live.
    const client = connectClient(live.origin, workshop.boardId, admin.cookie)
    live.clients.push(client)
    await synced(client)
    addIdea(client.doc, 'shape:fresh', 100, 100, {
      text: 'Écrite à l’instant',
      authorName: admin.displayName,
    })

    await eventually(
      () =>
        live.app.liveBoards.read(workshop.boardId, (doc) =>
          records(doc).has('shape:fresh') ? true : undefined,
        ),
      10_000,
      'the idea on the server',
    )

    const response = await live.app.inject({ url: '/api/council/export', headers: { cookie: admin.cookie } })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.headers['content-type']).toBe('application/zip')
    const today = new Date().toISOString().slice(0, 10)
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="kenlabour-conseil-de-developpement-du-tregor-${today}.zip"`,
    )
    expect(response.headers['cache-control']).toBe('no-store')
    const files = await unzip(new Uint8Array(response.rawPayload))
    expect(jsonOf(files, 'manifest.json')).toMatchObject({
      format: 'kenlabour-council',
      version: 1,
      council: { id: admin.councilId },
      counts: { members: 1, workshops: 1, boards: 1, boardDocuments: 1 },
    })
    const document = jsonOf(files, `boards/${workshop.boardId}/document.json`)
    expect(document.records['shape:fresh']?.props.text).toBe('Écrite à l’instant')
  })

  it('refuses a member (403 council_admin_only), a guest (403) and anyone signed out (401)', async () => {
    const admin = await signUp(live.app)
    const member = await inviteMember(live.app, admin.cookie)
    const workshop = await createWorkshop(live.app, admin.cookie)
    const guest = await joinAsGuest(live.app, workshop.joinCode)
    const asMember = await live.app.inject({ url: '/api/council/export', headers: { cookie: member.cookie } })
    expect(asMember.statusCode).toBe(403)
    expect(asMember.json().error.code).toBe('council_admin_only')
    const asGuest = await live.app.inject({ url: '/api/council/export', headers: { cookie: guest.cookie } })
    expect(asGuest.statusCode).toBe(403)
    expect(asGuest.json().error.code).toBe('forbidden')
    const anonymous = await live.app.inject({ url: '/api/council/export' })
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json().error.code).toBe('unauthorized')
  })
})
