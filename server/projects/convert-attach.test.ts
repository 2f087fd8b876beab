import { beforeAll, describe, expect, it } from 'vitest'
import type { SimilarRecords } from '../../shared/api/projects.ts'
import type { AttachedCluster } from '../../shared/projects/record.ts'
import { signUp } from '../testing/app.ts'
import { suiteApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { csvColumns } from './export/csv.ts'
import { parseCsv } from './testing/csv-parse.ts'
import { type ConversionBody, convert, example, exampleWorkshop } from './testing/example-workshop.ts'
import { docxText, flat, pdfText, squeeze } from './testing/read-export.ts'

describeEachStore('conversion: clusters resembling existing records ($name)', (target) => {
  const suite = suiteApp(target)

  const similar = (cookie: string, workshopId: string) =>
    suite.app.inject({
      method: 'GET',
      url: `/api/workshops/${workshopId}/conversion/similar`,
      headers: { cookie },
    })
  const convertWith = (
    cookie: string,
    workshopId: string,
    attach: { clusterId: string; projectId: string }[],
  ) =>
    suite.app.inject({
      method: 'POST',
      url: `/api/workshops/${workshopId}/convert`,
      headers: { cookie },
      payload: { attach },
    })
  const titles = example.zones.flatMap((zone) => zone.clusters.map((cluster) => cluster.title))

  describe('a council that already converted a workshop with the same clusters', () => {
    let account: Awaited<ReturnType<typeof signUp>>
    let first: ConversionBody
    let second: Awaited<ReturnType<typeof exampleWorkshop>>
    /** The earlier record a cluster of `second` was attached to. */
    let attachedTo: string

    beforeAll(async () => {
      account = await signUp(suite.app)
      const earlier = await exampleWorkshop(suite.app, account)
      const response = await convert(suite.app, account.cookie, earlier.workshop.id)
      expect(response.statusCode, response.body).toBe(201)
      first = response.json()
      second = await exampleWorkshop(suite.app, account)
    })

    it('proposes, for each cluster that would make a new record, the earlier record of the same title', async () => {
      const response = await similar(account.cookie, second.workshop.id)
      expect(response.statusCode, response.body).toBe(200)
      const body = response.json() as SimilarRecords
      expect(body.clusters.map((c) => c.clusterTitle).sort()).toEqual([...titles].sort())
      for (const cluster of body.clusters) {
        const earlier = first.projects.find((p) => p.title === cluster.clusterTitle)!
        expect(cluster.records[0]).toEqual({
          projectId: earlier.id,
          title: earlier.title,
          workshopTitle: example.title,
          similarity: 1,
        })
        expect(cluster.ideaCount).toBeGreaterThan(0)
      }
      // The workshop stays open: the proposal is read before converting.
      const workshop = await suite.app.inject({
        method: 'GET',
        url: `/api/workshops/${second.workshop.id}`,
        headers: { cookie: account.cookie },
      })
      expect(workshop.json().phase).not.toBe('closed')
    })

    it('refuses a choice naming an unknown record or a cluster not on the board (400 conversion_attach_invalid)', async () => {
      const proposal = (await similar(account.cookie, second.workshop.id)).json() as SimilarRecords
      const cluster = proposal.clusters[0]!
      for (const attach of [
        [{ clusterId: cluster.clusterId, projectId: 'no-such-record' }],
        [{ clusterId: 'no-such-cluster', projectId: cluster.records[0]!.projectId }],
      ]) {
        const response = await convertWith(account.cookie, second.workshop.id, attach)
        expect(response.statusCode, response.body).toBe(400)
        expect(response.json().error.code).toBe('conversion_attach_invalid')
      }
      const extra = await suite.app.inject({
        method: 'POST',
        url: `/api/workshops/${second.workshop.id}/convert`,
        headers: { cookie: account.cookie },
        payload: { attach: [{ clusterId: 'c' }] },
      })
      expect(extra.statusCode).toBe(400)
    })

    it('attaches a chosen cluster to the earlier record: its ideas in the provenance, a history line, no new record', async () => {
      const proposal = (await similar(account.cookie, second.workshop.id)).json() as SimilarRecords
      const cluster = proposal.clusters[0]!
      const targetId = cluster.records[0]!.projectId
      attachedTo = targetId
      const response = await convertWith(account.cookie, second.workshop.id, [
        { clusterId: cluster.clusterId, projectId: targetId },
      ])
      expect(response.statusCode, response.body).toBe(201)
      const body = response.json() as ConversionBody
      expect(body.created).toBe(titles.length - 1)
      expect(body.projects.map((p) => p.title)).not.toContain(cluster.clusterTitle)

      const record = await suite.app.inject({
        method: 'GET',
        url: `/api/projects/${targetId}`,
        headers: { cookie: account.cookie },
      })
      const attached = record.json().provenance.attached
      expect(attached).toHaveLength(1)
      expect(attached[0]).toMatchObject({
        workshopId: second.workshop.id,
        clusterId: cluster.clusterId,
        clusterTitle: cluster.clusterTitle,
      })
      expect(attached[0].ideas).toHaveLength(cluster.ideaCount)
      expect(record.json().version).toBe(2)
      // The attached ideas stay findable by later workshops (continuity), tied to the record.
      const archived = await suite.app.store.db
        .selectFrom('archived_ideas')
        .select('shape_id')
        .where('workshop_id', '=', second.workshop.id)
        .where('project_id', '=', targetId)
        .execute()
      expect(archived).toHaveLength(cluster.ideaCount)
      const history = await suite.app.inject({
        method: 'GET',
        url: `/api/projects/${targetId}/history`,
        headers: { cookie: account.cookie },
      })
      const lines = history.json().entries ?? history.json().history ?? history.json()
      const line = (lines as any[]).find((e) => e.field === 'provenance' && e.source === 'conversion')
      expect(line, history.body).toBeDefined()
      expect(line.newValue.attached[0].clusterId).toBe(cluster.clusterId)

      // Re-converting without a choice keeps the attachment: still no record for that cluster, no new line.
      const again = await convert(suite.app, account.cookie, second.workshop.id)
      expect(again.statusCode, again.body).toBe(201)
      expect((again.json() as ConversionBody).created).toBe(0)
      expect((again.json() as ConversionBody).projects.map((p) => p.title)).not.toContain(
        cluster.clusterTitle,
      )
      const after = await suite.app.inject({
        method: 'GET',
        url: `/api/projects/${targetId}`,
        headers: { cookie: account.cookie },
      })
      expect(after.json().provenance.attached).toHaveLength(1)
      expect(after.json().version).toBe(2)
      // And the proposal no longer lists a cluster already placed.
      const left = (await similar(account.cookie, second.workshop.id)).json() as SimilarRecords
      expect(left.clusters).toEqual([])
    })

    it('every export of the record shows the attached ideas: workshop, text, author and dots', async () => {
      const record = (
        await suite.app.inject({ url: `/api/projects/${attachedTo}`, headers: { cookie: account.cookie } })
      ).json() as { title: string; provenance: { attached: AttachedCluster[] } }
      const [group] = record.provenance.attached
      expect(group!.ideas.length).toBeGreaterThan(0)
      const expected = [
        `de l’atelier « ${group!.workshopTitle} », rattaché le`,
        ...group!.ideas.map((i) => `${i.text} ${i.authorName} ${i.dots}`),
      ]
      const download = (url: string) => suite.app.inject({ url, headers: { cookie: account.cookie } })
      const read = {
        md: async (bytes: Buffer) => flat(bytes.toString('utf8').replace(/ ?\| ?/g, ' ')),
        docx: async (bytes: Buffer) => flat(await docxText(bytes)),
        pdf: async (bytes: Buffer) => flat((await pdfText(bytes)).text),
      }
      for (const [format, text] of Object.entries(read)) {
        const response = await download(`/api/projects/${attachedTo}/export?format=${format}`)
        expect(response.statusCode, response.body).toBe(200)
        const content = await text(response.rawPayload)
        for (const line of expected)
          if (format === 'pdf') expect(squeeze(content), `${format}: ${line}`).toContain(squeeze(line))
          else expect(content, `${format}: ${line}`).toContain(flat(line))
      }
      const csv = parseCsv((await download('/api/projects/export.csv')).body.slice(1))
      const row = csv.find((r) => r[csvColumns.indexOf('Identifiant')] === attachedTo)!
      expect(row[csvColumns.indexOf('Idées rattachées')]!.split('\n')).toEqual(
        group!.ideas.map(
          (i) =>
            `Atelier « ${group!.workshopTitle} » : ${i.text} (${i.authorName}, ${i.dots} gommette${i.dots > 1 ? 's' : ''})`,
        ),
      )
    })
  })

  it('never proposes nor accepts another council’s records', async () => {
    const one = await signUp(suite.app)
    const converted = (
      await convert(suite.app, one.cookie, (await exampleWorkshop(suite.app, one)).workshop.id)
    ).json()
    const other = await signUp(suite.app)
    const theirs = await exampleWorkshop(suite.app, other)
    const response = await similar(other.cookie, theirs.workshop.id)
    expect(response.statusCode, response.body).toBe(200)
    expect((response.json() as SimilarRecords).clusters).toEqual([])
    const proposal = (await similar(one.cookie, theirs.workshop.id)).statusCode
    expect(proposal).toBe(404)
    const clusterId = converted.projects[0].clusterId
    const attach = await convertWith(other.cookie, theirs.workshop.id, [
      { clusterId, projectId: converted.projects[0].id },
    ])
    expect(attach.statusCode, attach.body).toBe(400)
    expect(attach.json().error.code).toBe('conversion_attach_invalid')
  })

  it('without a choice, conversion is unchanged: a new record per cluster even when similar ones exist', async () => {
    const account = await signUp(suite.app)
    await convert(suite.app, account.cookie, (await exampleWorkshop(suite.app, account)).workshop.id)
    const second = await exampleWorkshop(suite.app, account)
    const response = await convert(suite.app, account.cookie, second.workshop.id)
    expect(response.statusCode, response.body).toBe(201)
    const body = response.json() as ConversionBody
    expect(body.created).toBe(titles.length)
    expect(body.projects.map((p) => p.title).sort()).toEqual([...titles].sort())
    expect(body.projects.every((p) => p.provenance.attached === undefined)).toBe(true)
  })
})
