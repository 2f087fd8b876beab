import type { FastifyInstance } from 'fastify'
import JSZip from 'jszip'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseCsv } from '../projects/testing/csv-parse.ts'
import { squeeze } from '../projects/testing/read-export.ts'
import { signUp } from '../testing/app.ts'
import { hostileCorpus } from '../testing/hostile-text.ts'
import { suiteApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { createWorkshop, joinAsGuest } from '../testing/workshops.ts'
import { applicationsToCsv, applicationsToDocx } from './review-exports.ts'
import {
  apply,
  councilWithCall,
  hostileChoice,
  insertPlainRecord,
  reviewQuestions,
} from './testing/review-fixture.ts'

/** Control characters no document should carry (tab and line feed aside). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const controlCharacter = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/

/** A DOCX's text read from its XML with JSZip: one line per paragraph, entities decoded. */
async function docxParagraphs(bytes: Buffer): Promise<{ xml: string; text: string }> {
  const zip = await JSZip.loadAsync(bytes)
  const xml = await zip.file('word/document.xml')!.async('string')
  const decode = (s: string) =>
    s
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&quot;', '"')
      .replaceAll('&apos;', "'")
      .replaceAll('&amp;', '&')
  const text = xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1]!)).join(''))
    .filter(Boolean)
    .join('\n')
  return { xml, text }
}

const hostile = hostileCorpus.filter((h) => !h.refused && h.text.length < 1000)

describeEachStore('exports of a call’s applications for the review ($name)', (target) => {
  const suite = suiteApp(target)
  let cookie: string
  let callId: string
  const ids: Record<string, string> = {}

  const get = (url: string, as = cookie) =>
    suite.app.inject({ method: 'GET', url, headers: as ? { cookie: as } : {} })
  async function review(app: FastifyInstance, id: string, body: Record<string, unknown>) {
    const version = (await get(`/api/projects/${id}`)).json().version
    const response = await app.inject({
      method: 'PATCH',
      url: `/api/projects/${id}`,
      headers: { cookie },
      payload: { version, review: body },
    })
    expect(response.statusCode, response.body).toBe(200)
  }

  beforeAll(async () => {
    const setup = await councilWithCall(suite.app)
    cookie = setup.member.cookie
    callId = setup.callId
    const { councilId } = setup.member
    const contractId = setup.contract.id
    ids.lannilis = await apply(suite.app, callId, {
      title: 'Tiers-lieu de Lannilis',
      summary: 'Un café, un atelier partagé.\n- une salle\n- un jardin',
      carrier: { name: 'Les Amis du Café', type: 'association' },
      email: 'amis@example.fr',
      budget: 185000.5,
      answers: { public: 'Habitants\net associations', jobs: 2.5, stage: 'Lancé' },
    })
    ids.garage = await apply(suite.app, callId, {
      title: 'Garage solidaire',
      carrier: { name: 'Roulons ensemble', type: 'entreprise' },
      budget: null,
      answers: { public: 'Personnes sans voiture', stage: 'Idée' },
    })
    ids.hostile = await apply(suite.app, callId, {
      title: '=HYPERLINK("http://evil.example","clic")',
      summary: hostile.map((h) => h.text).join('\n'),
      carrier: { name: "+cmd|'/C calc'!A0", type: 'citoyen' },
      email: '+cmd@example.fr',
      answers: {
        public: '<script>alert(1)</script>\u0007\u001b[31m',
        jobs: -3,
        stage: hostileChoice,
      },
    })
    // Not in the exports: a record of the council that answers no call, another council's application.
    await insertPlainRecord(suite.app, councilId, contractId, 'Idée d’atelier')
    const other = await councilWithCall(suite.app, 'Conseil voisin')
    await apply(suite.app, other.callId, {
      title: 'Candidature d’ailleurs',
    })

    await review(suite.app, ids.lannilis!, {
      scores: { impact: 4, ess: 3 },
      decision: 'retained',
      reason: 'Lieu attendu',
    })
    await review(suite.app, ids.garage!, { scores: { impact: 5, ess: 5 }, decision: 'retained' })
    await review(suite.app, ids.hostile!, {
      scores: { impact: 2 },
      decision: 'refused',
      reason: '-2+3 <b>hors</b> périmètre',
    })
  })

  it('gives the applications as CSV for a French spreadsheet, best score first, formulas neutralised', async () => {
    const response = await get(`/api/calls/${callId}/applications.csv`)
    expect(response.statusCode, response.body).toBe(200)
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename=".+\.csv"$/)
    expect(response.body.startsWith('\ufeff')).toBe(true)
    expect(response.body.endsWith('\r\n')).toBe(true)
    expect(response.body.replaceAll('\r\n', '\n')).not.toMatch(controlCharacter)
    const [header, ...rows] = parseCsv(response.body.slice(1))
    expect(header).toEqual([
      'Identifiant',
      'Titre',
      'Porteur',
      'Type de porteur',
      'Contact',
      'Priorité',
      'Budget prévisionnel (€)',
      'Déposée le',
      'Résumé',
      ...reviewQuestions.map((q) => q.label),
      'Note : Impact sur le territoire (poids 2)',
      'Note : Ancrage dans l’économie sociale et solidaire (poids 1)',
      'Note pondérée (sur 5)',
      'Décision',
      'Motif',
      'Statut',
    ])
    expect(rows.map((r) => r[0])).toEqual([ids.garage, ids.lannilis, ids.hostile])
    const column = (name: string) => header!.indexOf(name)
    const [garage, lannilis, bad] = rows as [string[], string[], string[]]
    expect(garage[column('Note pondérée (sur 5)')]).toBe('5,00')
    expect(lannilis).toEqual(
      expect.arrayContaining([
        'Tiers-lieu de Lannilis',
        'Les Amis du Café',
        'Association',
        'amis@example.fr',
      ]),
    )
    expect(lannilis[column('Priorité')]).toMatch(/^P1 – Renforcer/)
    expect(lannilis[column('Budget prévisionnel (€)')]).toBe('185000,50')
    expect(lannilis[column('Quel public visez-vous ?')]).toBe('Habitants\net associations')
    expect(lannilis[column('Emplois créés')]).toBe('2,5')
    expect(lannilis[column('Stade du projet')]).toBe('Lancé')
    expect(lannilis[column('Note : Impact sur le territoire (poids 2)')]).toBe('4')
    expect(lannilis[column('Note pondérée (sur 5)')]).toBe('3,67')
    expect(lannilis[column('Décision')]).toBe('Retenue')
    expect(lannilis[column('Motif')]).toBe('Lieu attendu')
    expect(lannilis[column('Statut')]).toBe('Candidature')
    expect(lannilis[column('Déposée le')]).toMatch(/^\d\d\/\d\d\/\d{4}$/)
    // The hostile application: not fully scored (no weighted score), refused with its reason.
    expect(bad[column('Note pondérée (sur 5)')]).toBe('')
    expect(bad[column('Note : Ancrage dans l’économie sociale et solidaire (poids 1)')]).toBe('')
    expect(bad[column('Décision')]).toBe('Refusée')
    expect(bad[column('Titre')]).toBe(`'=HYPERLINK("http://evil.example","clic")`)
    expect(bad[column('Porteur')]).toBe("'+cmd|'/C calc'!A0")
    expect(bad[column('Contact')]).toBe("'+cmd@example.fr")
    expect(bad[column('Stade du projet')]).toBe(`'${hostileChoice}`)
    expect(bad[column('Emplois créés')]).toBe("'-3")
    expect(bad[column('Motif')]).toBe("'-2+3 <b>hors</b> périmètre")
    expect(bad[column('Quel public visez-vous ?')]).toBe('<script>alert(1)</script>[31m')
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
    for (const h of hostile.filter((h) => h.text.trim() && !controlCharacter.test(h.text)))
      expect(bad[column('Résumé')]).toContain(h.text.replace(/\r\n?|[\u2028\u2029]/g, '\n'))
    expect(response.body).not.toContain('Candidature d’ailleurs')
    expect(response.body).not.toContain('Idée d’atelier')
  })

  it('gives one DOCX for the committee: a summary, then each application with its review', async () => {
    const response = await get(`/api/calls/${callId}/applications.docx`)
    expect(response.statusCode, response.body).toBe(200)
    expect(response.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    )
    const { xml, text } = await docxParagraphs(response.rawPayload)
    expect(xml).not.toMatch(controlCharacter)
    expect(text).toContain('APPEL À PROJETS · DOSSIER DU COMITÉ DE PROGRAMMATION')
    expect(text).toContain('Appel à projets Tiers-lieux 2027')
    expect(text).toContain('Candidatures : 3')
    // The summary table and the sections, best score first.
    const order = ['Garage solidaire', 'Tiers-lieu de Lannilis', '=HYPERLINK("http://evil.example","clic")']
    const synthese = text.indexOf('Synthèse')
    const firstSections = order.map((title) => text.indexOf(`\n${title}\n`, text.indexOf(`CANDIDATURE ·`)))
    expect(synthese).toBeGreaterThan(0)
    expect(firstSections.every((at) => at > synthese)).toBe(true)
    expect([...firstSections].sort((a, b) => a - b)).toEqual(firstSections)
    // One application read back: carrier, summary as a list, answers, budget, scores, decision.
    const lannilis = text.slice(firstSections[1], firstSections[2])
    for (const expected of [
      'Porteur : Les Amis du Café (Association)',
      'Priorité : P1 – Renforcer',
      'Un café, un atelier partagé.',
      'une salle',
      'Quel public visez-vous ?',
      'Emplois créés',
      '2,5',
      'Impact sur le territoire',
      'Note pondérée : 3,67 / 5',
      'Décision : Retenue',
      'Motif : Lieu attendu',
    ])
      expect(lannilis).toContain(expected)
    expect(squeeze(lannilis)).toContain(squeeze('Budget prévisionnel : 185 000,50 €'))
    const garage = text.slice(firstSections[0], firstSections[1])
    expect(garage).toContain('Budget prévisionnel : Non renseigné')
    expect(garage).toContain('Note pondérée : 5,00 / 5')
    const bad = text.slice(firstSections[2])
    expect(bad).toContain('Note pondérée : Non notée (1 critère sur 2)')
    expect(bad).toContain('Décision : Refusée')
    expect(bad).toContain('Motif : -2+3 <b>hors</b> périmètre')
    expect(bad).toContain('<script>alert(1)</script>[31m')
    expect(bad).toContain("+cmd|'/C calc'!A0")
    expect(text).not.toContain('Candidature d’ailleurs')
    expect(text).not.toContain('Idée d’atelier')
  })

  it('answers only the council’s members', async () => {
    const other = await signUp(suite.app, { councilName: 'Conseil curieux' })
    const workshop = await createWorkshop(suite.app, cookie)
    const guest = await joinAsGuest(suite.app, workshop.joinCode, 'Curieuse')
    for (const format of ['csv', 'docx']) {
      const url = `/api/calls/${callId}/applications.${format}`
      expect((await get(url, other.cookie)).statusCode).toBe(404)
      expect((await get(url, '')).statusCode).toBe(401)
      expect((await get(url, guest.cookie)).statusCode).toBe(403)
      expect((await get(`/api/calls/${crypto.randomUUID()}/applications.${format}`)).statusCode).toBe(404)
      expect((await get(`/api/calls/pas-un-id/applications.${format}`)).statusCode).toBe(400)
    }
  })
})

describe('exports of a call without applications', () => {
  const call = {
    title: 'AMI vide',
    kind: 'ami' as const,
    contractTitle: '',
    opensAt: '2027-01-01T00:00:00.000Z',
    closesAt: '2027-02-01T00:00:00.000Z',
    questions: [],
    criteria: [],
  }
  it('still gives a header row and a document that says so', async () => {
    expect(parseCsv(applicationsToCsv(call, []).slice(1))).toHaveLength(1)
    const { text } = await docxParagraphs(await applicationsToDocx(call, []))
    expect(text).toContain('APPEL À MANIFESTATION D’INTÉRÊT · DOSSIER DU COMITÉ DE PROGRAMMATION')
    expect(text).toContain('Aucune candidature.')
    expect(text).toContain('Critères (notés de 0 à 5) : Aucun critère')
  })
})
