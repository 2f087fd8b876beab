import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { records } from '../../shared/board/document.ts'
import type { ProjectRecord } from '../../shared/projects/record.ts'
import { issuePasswordReset } from '../auth/account-routes.ts'
import { connectClient, synced, type TestClient, waitFor } from '../collab/testing/clients.ts'
import type { Store } from '../db/connect.ts'
import { buildTestApp, sessionCookieOf } from '../testing/app.ts'
import { liveApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { joinAsGuest } from '../testing/workshops.ts'
import { type CouncilArchive, exportCouncil, readableDocument } from './export.ts'
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, type Manifest } from './format.ts'
import { ArchiveError, ImportFailedError, type ImportResult, importCouncil } from './import.ts'
import { jsonOf, rezip, text, unzip } from './testing/archive-files.ts'
import { archivedTables, councilWithConvertedWorkshop, onePixelPng, rowCounts } from './testing/council.ts'

const NEW_PASSWORD = 'une phrase de passe toute neuve'

/** The records a live client holds. */
const cardsOf = (client: TestClient) => [...records(client.doc).map.values()].map((entry) => entry.val)

/**
 * A council with a converted workshop goes out as an archive and comes back into other stores: into a
 * fresh one (the same data, byte for byte once the export time is set aside, and the boards open live),
 * twice into one store (the second copy gets new ids everywhere, and the two live side by side), and
 * damaged or wrong archives are refused before anything is written.
 */
describeEachStore('council archive: export and import ($name)', (target) => {
  let source: Store
  let sourceApp: FastifyInstance
  let fixture: Awaited<ReturnType<typeof councilWithConvertedWorkshop>>
  let archive: CouncilArchive
  let files: Map<string, Uint8Array>
  // Where the archive goes: another store, with a server listening for live clients.
  const destination = liveApp(target)
  let first: ImportResult
  const exportedAt = new Date('2027-01-15T09:30:00.000Z')

  beforeAll(async () => {
    source = await target.open()
    sourceApp = await buildTestApp(source)
    fixture = await councilWithConvertedWorkshop(sourceApp)
    archive = (await exportCouncil(source.db, fixture.admin.councilId, {
      instanceVersion: '0.1.0-test',
      now: exportedAt,
    }))!
    files = await unzip(archive.bytes)
  })
  afterAll(async () => {
    await sourceApp?.close()
    await source?.close()
  })

  /** Signs an imported member in, after the reset link an operator or administrator would hand over. */
  async function signInImported(userId: string): Promise<string> {
    const link = await issuePasswordReset(destination.store.db, userId, null)
    const reset = await destination.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      payload: { token: link.token, newPassword: NEW_PASSWORD },
    })
    expect(reset.statusCode, reset.body).toBe(204)
    const user = await destination.store.db
      .selectFrom('users')
      .select('email')
      .where('id', '=', userId)
      .executeTakeFirstOrThrow()
    const login = await destination.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: NEW_PASSWORD },
    })
    expect(login.statusCode, login.body).toBe(200)
    return sessionCookieOf(login)
  }

  it('holds the whole council, listed in a versioned manifest, without any secret', async () => {
    const manifest = jsonOf(files, 'manifest.json') as Manifest
    expect(manifest).toMatchObject({
      format: ARCHIVE_FORMAT,
      version: ARCHIVE_VERSION,
      exportedAt: exportedAt.toISOString(),
      instance: { software: 'kenlabour', version: '0.1.0-test' },
      council: { id: fixture.admin.councilId, name: 'Conseil de développement du Léon' },
      counts: {
        members: 3,
        contracts: 1,
        workshops: 4,
        boards: 4,
        boardDocuments: 3,
        templates: 1,
        ideaLinks: 1,
        erasures: 1,
        images: 1,
        snapshots: 1,
        projects: fixture.conversion.projects.length + 1,
        actors: 3,
        projectActors: 3,
        calls: 1,
        projectReferents: 2,
      },
    })
    expect(manifest.instance.schema).toMatch(/^\d{4}-\d{2}-\d{2}-\d{4}-/)
    expect(manifest.counts.archivedIdeas).toBeGreaterThan(0)
    // The manifest lists every other file, and nothing else.
    expect(manifest.files.map((f) => f.path).sort()).toEqual(
      [...files.keys()].filter((p) => p !== 'manifest.json').sort(),
    )

    const members = jsonOf(files, 'members.json') as {
      email: string
      role: string
      removedAt: string | null
    }[]
    expect(members.map((m) => m.role).sort()).toEqual(['admin', 'member', 'member'])
    expect(members.filter((m) => m.removedAt !== null)).toHaveLength(1)
    // No password hash, session, invitation or reset link: neither their columns nor their values.
    const everything = [...files.values()]
      .map((content) => Buffer.from(content).toString('latin1'))
      .join('\n')
    expect(everything).not.toMatch(/argon2|password_?hash|passwordHash/i)
    const secrets = [
      ...(await source.db.selectFrom('sessions').select('id').execute()).map((r) => r.id),
      ...(await source.db.selectFrom('council_invites').select('id').execute()).map((r) => r.id),
      ...(await source.db.selectFrom('password_resets').select('id').execute()).map((r) => r.id),
    ]
    expect(secrets.length).toBeGreaterThan(0)
    for (const secret of secrets) expect(everything).not.toContain(secret)

    // Boards: the Yjs state and the same document as JSON; the board nobody opened has neither.
    const boards = jsonOf(files, 'boards.json') as { id: string; hasDocument: boolean; authors: unknown[] }[]
    const main = boards.find((b) => b.id === fixture.workshop.boardId)!
    expect(main.hasDocument).toBe(true)
    expect(main.authors.length).toBeGreaterThan(0)
    expect(boards.find((b) => b.id === fixture.unopened.boardId)!.hasDocument).toBe(false)
    expect(files.has(`boards/${fixture.unopened.boardId}/state.yjs`)).toBe(false)
    const document = jsonOf(files, `boards/${fixture.workshop.boardId}/document.json`)
    expect(document).toEqual(readableDocument(files.get(`boards/${fixture.workshop.boardId}/state.yjs`)!))
    const texts = Object.values(document.records as Record<string, any>).map((r) => r.props?.text)
    expect(texts).toContain('Une navette entre les bourgs')
    expect(document.records[`asset:${fixture.image.assetId}`].props.src).toBe(fixture.image.src)
    expect(files.get(`boards/${fixture.workshop.boardId}/images/${fixture.image.assetId}.png`)).toEqual(
      new Uint8Array(onePixelPng),
    )
    const silentBoard = boards.find((b) => b.id === fixture.silent.boardId) as any
    expect(silentBoard.privateIdeas.map((i: any) => i.record.props.text)).toEqual(['Idée gardée pour moi'])

    // Records, their history and actors, and the documents made from them.
    const history = jsonOf(files, 'project-history.json') as { field: string; source: string }[]
    expect(history.filter((h) => h.source === 'conversion').length).toBeGreaterThan(0)
    expect(history.map((h) => h.field)).toEqual(expect.arrayContaining(['created', 'carrier', 'budget']))
    // Who follows the edited record, and its follow-up fields.
    expect(jsonOf(files, 'project-referents.json')).toEqual([
      {
        projectId: fixture.edited.id,
        userId: fixture.member.userId,
        actorId: null,
        role: 'élue référente',
        position: 0,
      },
      {
        projectId: fixture.edited.id,
        userId: null,
        actorId: fixture.edited.referents[1]!.actorId,
        role: 'pôle ESS',
        position: 1,
      },
    ])
    expect((jsonOf(files, 'projects.json') as any[]).find((p) => p.id === fixture.edited.id)).toMatchObject({
      supportKinds: ['guarantee', 'premises'],
      smallStructure: true,
      nextStep: 'Comité de garantie',
      nextStepDate: '2027-01-15',
    })
    // The template, the ideas kept for later workshops (one taken up), and the erasure's audit line.
    expect(jsonOf(files, 'templates.json')).toMatchObject([
      { id: fixture.template.id, title: 'Modèle mobilités', sourceWorkshopId: fixture.workshop.id },
    ])
    const carried = (jsonOf(files, 'archived-ideas.json') as any[]).find(
      (i) => i.id === fixture.waitingIdeaId,
    )
    expect(carried).toMatchObject({
      workshopId: fixture.workshop.id,
      carriedTo: fixture.later.id,
      loose: true,
    })
    const laterBoard = boards.find((b) => b.id === fixture.later.boardId) as any
    expect(laterBoard.ideaLinks).toMatchObject([{ archivedIdeaId: fixture.waitingIdeaId }])
    expect(jsonOf(files, 'erasures.json')).toMatchObject([{ kind: 'guest', source: 'request', people: 1 }])
    // The erased guest's name is nowhere (as UTF-8 bytes read as Latin-1).
    expect(everything).not.toContain(Buffer.from('Ninnog Quéméner').toString('latin1'))
    expect(everything).not.toContain('Ninnog')

    expect(text(files.get('documents/fiches-projets.csv'))).toContain('Commune de Plouguerneau')
    expect(text(files.get(`documents/fiches/${fixture.edited.id}.md`))).toContain(fixture.edited.title)
  })

  it('imports into a fresh store: exported again, the archive is the same; boards open live, records and links hold', async () => {
    const before = await rowCounts(destination.app)
    first = await importCouncil(destination.store.db, archive.bytes)
    expect(first.remappedIds).toEqual([])
    expect(first.renamedEmails).toEqual([])
    expect(first.councilId).toBe(fixture.admin.councilId)
    const after = await rowCounts(destination.app)
    expect(after.councils - before.councils).toBe(1)
    expect(after.board_updates).toBe(before.board_updates)

    // Exported again (a day later): the same files, byte for byte, once the export's own time is set aside.
    const later = new Date(exportedAt.getTime() + 86_400_000)
    const again = (await exportCouncil(destination.store.db, first.councilId, {
      instanceVersion: '0.1.0-test',
      now: later,
    }))!
    const againFiles = await unzip(again.bytes)
    const normalise = (path: string, content: Uint8Array) => {
      if (path === 'manifest.json') {
        const manifest = JSON.parse(text(content)) as Manifest
        return {
          ...manifest,
          exportedAt: 'EXPORT',
          files: manifest.files.filter((f) => !f.path.endsWith('.md')),
        }
      }
      if (path.endsWith('.md')) return text(content).replace(/Document établi le .* avec Kenlabour/, 'EXPORT')
      return content
    }
    expect([...againFiles.keys()].sort()).toEqual([...files.keys()].sort())
    for (const [path, content] of files)
      expect(normalise(path, againFiles.get(path)!), path).toEqual(normalise(path, content))

    // An imported member has no usable password until given a reset link.
    const refused = await destination.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: fixture.admin.email, password: 'correct horse battery' },
    })
    expect(refused.statusCode).toBe(401)
    const cookie = await signInImported(fixture.admin.userId)

    // The board opens live with the same cards, the image included.
    const client = connectClient(destination.origin, fixture.workshop.boardId, cookie)
    destination.clients.push(client)
    await synced(client)
    const cards = cardsOf(client) as any[]
    expect(cards.map((r) => r.props?.text)).toContain('Une navette entre les bourgs')
    expect(cards.filter((r) => r.type === 'cluster')).toHaveLength(3)
    const image = await destination.app.inject({ url: fixture.image.src, headers: { cookie } })
    expect(image.statusCode).toBe(200)
    expect(new Uint8Array(image.rawPayload)).toEqual(new Uint8Array(onePixelPng))

    // Records with the same content and history; their snapshot and workshop links hold.
    const get = (app: FastifyInstance, url: string, as: string) =>
      app.inject({ url, headers: { cookie: as } })
    for (const record of fixture.conversion.projects) {
      const original = (await get(sourceApp, `/api/projects/${record.id}`, fixture.admin.cookie)).json()
      expect((await get(destination.app, `/api/projects/${record.id}`, cookie)).json()).toEqual(original)
      const historyOf = async (app: FastifyInstance, as: string) =>
        (await get(app, `/api/projects/${record.id}/history`, as))
          .json()
          .history.map(({ id: _, ...h }: any) => h)
      expect(await historyOf(destination.app, cookie)).toEqual(
        await historyOf(sourceApp, fixture.admin.cookie),
      )
      const board = await get(destination.app, `/api/projects/${record.id}/board`, cookie)
      expect(board.statusCode).toBe(200)
      expect(board.json().snapshotId).toBe(fixture.conversion.snapshotId)
    }
    const actors = await get(destination.app, '/api/actors', cookie)
    expect(
      actors
        .json()
        .actors.map((a: any) => a.name)
        .sort(),
    ).toEqual(['Association Ti Kreiz', 'Café des Abers', 'Commune de Plouguerneau'])

    // The call and its application: the council reads them, the carrier's private link still opens it.
    const call = await get(destination.app, `/api/calls/${fixture.call.id}`, cookie)
    expect(call.json()).toEqual(
      (await get(sourceApp, `/api/calls/${fixture.call.id}`, fixture.admin.cookie)).json(),
    )
    const applications = await get(destination.app, `/api/calls/${fixture.call.id}/applications`, cookie)
    expect(applications.json()).toMatchObject([
      { projectId: fixture.application.projectId, carrier: { name: 'Association Ti Kreiz' } },
    ])
    const carrier = await destination.app.inject({
      url: `/api/public/applications/${fixture.application.projectId}`,
      headers: { 'x-application-token': fixture.application.editToken },
    })
    expect(carrier.statusCode, carrier.body).toBe(200)
    expect(carrier.json()).toMatchObject({
      answers: { public: 'Les habitants', stage: 'Idée' },
      budget: 12_000,
    })

    // A workshop still open takes guests with its code; its board, never opened, is laid out now.
    const guest = await joinAsGuest(destination.app, fixture.unopened.joinCode, 'Nolwenn')
    const fresh = connectClient(destination.origin, fixture.unopened.boardId, guest.cookie)
    destination.clients.push(fresh)
    await synced(fresh)
    expect(cardsOf(fresh).some((r: any) => r.type === 'zone')).toBe(true)
  })

  it('imports the same archive again beside the first: new ids everywhere, both copies whole and independent', async () => {
    const second = await importCouncil(destination.store.db, archive.bytes)
    expect(second.councilId).not.toBe(first.councilId)
    const remapped = new Map(second.remappedIds)
    // Every id the archive holds was taken by the first copy.
    for (const id of [
      fixture.admin.councilId,
      fixture.admin.userId,
      fixture.contract.id,
      fixture.workshop.id,
      fixture.workshop.boardId,
      fixture.guest.guestId,
      fixture.image.assetId,
      fixture.conversion.snapshotId,
      fixture.template.id,
      fixture.waitingIdeaId,
      fixture.call.id,
      ...fixture.conversion.projects.map((p) => p.id),
    ])
      expect(remapped.has(id), id).toBe(true)
    expect(second.renamedEmails.map((r) => r.from).sort()).toEqual(
      [fixture.admin.email, fixture.member.email].sort(),
    )
    for (const { to } of second.renamedEmails) expect(to).toMatch(/^[^@]+\+imported-[0-9a-f]{8}@example\.fr$/)
    expect(second.replacedCodes.length).toBeGreaterThanOrEqual(2)

    // The second copy, exported, is the first one once its new ids, addresses and codes are mapped back;
    // and none of the first copy's ids is left anywhere in it, board documents included.
    const copy = (await exportCouncil(destination.store.db, second.councilId, {
      instanceVersion: '0.1.0-test',
      now: exportedAt,
    }))!
    const copyFiles = await unzip(copy.bytes)
    const back: [string, string][] = [
      ...second.remappedIds.map(([from, to]) => [to, from] as [string, string]),
      ...second.renamedEmails.map(({ from, to }) => [to, from] as [string, string]),
      ...second.replacedCodes.map(({ from, to }) => [to, from] as [string, string]),
      ...(second.renamedSlug ? [[second.renamedSlug.to, second.renamedSlug.from] as [string, string]] : []),
    ]
    const mapBack = (value: string) => back.reduce((out, [to, from]) => out.replaceAll(to, from), value)
    const readable = (path: string, content: Uint8Array) =>
      path.endsWith('.yjs')
        ? JSON.stringify(readableDocument(content))
        : path.endsWith('.png')
          ? ''
          : text(content)
    const oldIds = second.remappedIds.map(([from]) => from)
    const sortedJson = (value: unknown) =>
      Array.isArray(value) ? value.map((item) => JSON.stringify(item)).sort() : JSON.stringify(value)
    expect([...copyFiles.keys()].map(mapBack).sort()).toEqual([...files.keys()].sort())
    for (const [path, content] of copyFiles) {
      const original = files.get(mapBack(path))!
      const mine = readable(path, content)
      for (const id of oldIds) expect(mine.includes(id), `${path} still holds ${id}`).toBe(false)
      if (path === 'manifest.json') {
        const manifest = JSON.parse(mapBack(mine)) as Manifest
        expect(manifest.counts).toEqual(archive.manifest.counts)
        expect(manifest.council).toEqual(archive.manifest.council)
      } else if (path.endsWith('.png')) expect(content).toEqual(original)
      else if (path.endsWith('.json') && !path.endsWith('document.json')) {
        const copied = JSON.parse(mapBack(mine))
        const expected = JSON.parse(text(original))
        // The application's private link opens the first copy only: the second copy has no token hash.
        if (path === 'projects.json')
          for (const [records, hashed] of [
            [copied, false],
            [expected, true],
          ] as const)
            for (const record of records.filter((r: any) => r.callId)) {
              expect(typeof record.applicationTokenHash === 'string', path).toBe(hashed)
              delete record.applicationTokenHash
            }
        expect(sortedJson(copied), path).toEqual(sortedJson(expected))
      } else expect(mapBack(mine), path).toEqual(readable(path, original))
    }

    // Both copies live side by side: the second one's board opens with its own ids in its cards.
    const cookie = await signInImported(remapped.get(fixture.admin.userId)!)
    const boardId = remapped.get(fixture.workshop.boardId)!
    const client = connectClient(destination.origin, boardId, cookie)
    destination.clients.push(client)
    await synced(client)
    const cards = cardsOf(client) as any[]
    const guestIdea = cards.find((r) => r.props?.text === 'Une navette entre les bourgs')
    expect(guestIdea.props.authorId).toBe(remapped.get(fixture.guest.guestId))
    const guestRow = await destination.store.db
      .selectFrom('guests')
      .select('workshop_id')
      .where('id', '=', guestIdea.props.authorId)
      .executeTakeFirstOrThrow()
    expect(guestRow.workshop_id).toBe(remapped.get(fixture.workshop.id))
    const asset = cards.find((r) => r.typeName === 'asset')
    expect(asset.props.src).toBe(`/api/boards/${boardId}/assets/${remapped.get(fixture.image.assetId)}`)
    expect((await destination.app.inject({ url: asset.props.src, headers: { cookie } })).statusCode).toBe(200)

    // The second copy's later board links its card to the second copy's archived idea.
    const link = await destination.store.db
      .selectFrom('idea_links')
      .select('archived_idea_id')
      .where('board_id', '=', remapped.get(fixture.later.boardId)!)
      .executeTakeFirstOrThrow()
    expect(link.archived_idea_id).toBe(remapped.get(fixture.waitingIdeaId))
    const template = await destination.store.db
      .selectFrom('workshop_templates')
      .select(['council_id', 'source_workshop_id'])
      .where('id', '=', remapped.get(fixture.template.id)!)
      .executeTakeFirstOrThrow()
    expect(template).toEqual({
      council_id: second.councilId,
      source_workshop_id: remapped.get(fixture.workshop.id),
    })

    // Editing a record of the second copy leaves the first one's alone.
    const projectId = remapped.get(fixture.edited.id)!
    const record = (
      await destination.app.inject({ url: `/api/projects/${projectId}`, headers: { cookie } })
    ).json() as ProjectRecord
    expect(record.workshopId).toBe(remapped.get(fixture.workshop.id))
    expect(record.summary).toBe(
      `Voir aussi la fiche /projets/${remapped.get(fixture.conversion.projects[1]!.id)}`,
    )
    const edit = await destination.app.inject({
      method: 'PATCH',
      url: `/api/projects/${projectId}`,
      headers: { cookie },
      payload: { version: record.version, title: 'Seulement dans la seconde copie' },
    })
    expect(edit.statusCode, edit.body).toBe(200)
    const untouched = await destination.store.db
      .selectFrom('projects')
      .select('title')
      .where('id', '=', fixture.edited.id)
      .executeTakeFirstOrThrow()
    expect(untouched.title).toBe(fixture.edited.title)
    await waitFor(() => client.provider.synced, 1_000)
  })

  it('carries every table that holds a council’s data (a new table must be added to the archive or listed here)', async () => {
    const { rows } = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(source.db)
    // Each table is either carried (archivedTables, testing/council.ts) or named here.
    const notArchived = [
      // Secrets, worthless on another instance: sessions, invitations and reset links (by their hashes).
      'sessions',
      'council_invites',
      'password_resets',
      // Folded into each board's Yjs state.
      'board_updates',
      // The migrator's own.
      'kysely_migration',
      'kysely_migration_lock',
    ]
    expect(rows.map((r) => r.table_name).sort()).toEqual([...archivedTables, ...notArchived].sort())
  })

  it('refuses a wrong or damaged archive with its reason, and writes nothing', async () => {
    const before = await rowCounts(destination.app)
    const boardState = `boards/${fixture.workshop.boardId}/state.yjs`
    const projects = jsonOf(files, 'projects.json') as any[]
    const actors = jsonOf(files, 'actors.json') as any[]
    const cases: [string, Uint8Array | Promise<Uint8Array>, string, RegExp][] = [
      ['not a zip', new TextEncoder().encode('%PDF-1.7 pas une archive'), 'not_an_archive', /Not a zip/],
      [
        'no manifest',
        rezip(archive.bytes, {}, { manifest: () => undefined }),
        'not_an_archive',
        /No manifest/,
      ],
      [
        'another format',
        rezip(archive.bytes, {}, { manifest: (m) => ({ ...m, format: 'autre-chose' }) }),
        'wrong_format',
        /not kenlabour-council/,
      ],
      [
        'a newer version',
        rezip(archive.bytes, {}, { manifest: (m) => ({ ...m, version: ARCHIVE_VERSION + 1 }) }),
        'unsupported_version',
        /version 2 .* up to version 1/,
      ],
      [
        'a file changed after export',
        rezip(archive.bytes, { 'projects.json': JSON.stringify([...projects].reverse()) }),
        'damaged_file',
        /projects\.json is damaged/,
      ],
      [
        'a file missing',
        rezip(archive.bytes, { [boardState]: null }),
        'damaged_file',
        /state\.yjs is listed .* missing/,
      ],
      [
        'a board state that does not decode',
        rezip(archive.bytes, { [boardState]: new Uint8Array([1, 2, 3, 4, 5]) }, { restamp: true }),
        'invalid_content',
        /Yjs state of .* does not decode/,
      ],
      [
        'a field of the wrong kind',
        rezip(
          archive.bytes,
          { 'projects.json': JSON.stringify([{ ...projects[0], status: 'perdu' }, ...projects.slice(1)]) },
          { restamp: true },
        ),
        'invalid_content',
        /projects\.json: \/0\/status/,
      ],
      [
        'a NUL in a text',
        rezip(
          archive.bytes,
          { 'projects.json': JSON.stringify([{ ...projects[0], title: 'a\u0000b' }, ...projects.slice(1)]) },
          { restamp: true },
        ),
        'invalid_content',
        /projects\.json: 0\.title holds a character/,
      ],
      [
        'a link to nothing',
        rezip(
          archive.bytes,
          {
            'projects.json': JSON.stringify([
              { ...projects[0], workshopId: crypto.randomUUID() },
              ...projects.slice(1),
            ]),
          },
          { restamp: true },
        ),
        'inconsistent',
        /names workshop .* not in workshops\.json/,
      ],
    ]
    for (const [what, bytes, problem, message] of cases) {
      const refusal = await importCouncil(destination.store.db, await bytes).then(
        () => undefined,
        (error: unknown) => error,
      )
      expect(refusal, what).toBeInstanceOf(ArchiveError)
      expect((refusal as ArchiveError).problem, what).toBe(problem)
      expect((refusal as ArchiveError).message, what).toMatch(message)
    }

    // The store itself refuses (two actors of one name in a council): rolled back, nothing left of it.
    const twins = await rezip(
      archive.bytes,
      { 'actors.json': JSON.stringify([...actors, { ...actors[0], id: crypto.randomUUID() }]) },
      { restamp: true },
    )
    await expect(importCouncil(destination.store.db, twins)).rejects.toBeInstanceOf(ImportFailedError)
    expect(await rowCounts(destination.app)).toEqual(before)
  })
})
