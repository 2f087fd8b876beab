import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { lowContrastTexts, screenshot } from './support/index.ts'
import { browserRun } from './support/run.ts'

const CONTRACT_FILE = join(import.meta.dirname, 'fixtures', 'contract-example.json')
const CONTRACT_TITLE = 'Contrat de partenariat Europe – Région – Pays (exemple)'
const WORKSHOP_TITLE = 'Atelier mobilités et services – Lesneven'

/**
 * The foundation's path through a real browser, on a real server with an empty embedded database:
 * a council member signs up, imports the example contract, creates a workshop from two of its
 * priorities; a participant opens the join link in another browser (a phone), joins with a name,
 * lands on the board's phone page and opens the canvas from there. Screenshots of each step go to
 * e2e/artifacts/foundation-*.png.
 */
describe('foundation: sign up, contract, workshop, guest join', () => {
  const run = browserRun()

  async function open(device: 'desktop' | 'phone'): Promise<{ page: Page; problems: string[] }> {
    const { page, watch } = await run.person({ device, ignore: [] })
    return { page, problems: watch.problems }
  }

  it('takes a council member from sign-up to a workshop, and a guest from the join link to the board', async () => {
    // 1. Landing page: French by default, a skip link first in the tab order.
    const member = await open('desktop')
    const page = member.page
    const scripts: string[] = []
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname)
    })
    await page.goto('/')
    await page.getByRole('heading', { level: 1 }).waitFor()
    expect(await page.getAttribute('html', 'lang')).toBe('fr')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Aller au contenu')
    await screenshot(page, 'foundation-01-landing')
    expect(await lowContrastTexts(page)).toEqual([])

    // 2. Sign up: the first account creates its council.
    await page.getByRole('link', { name: 'Créer un compte' }).first().click()
    await page.waitForURL('**/inscription')
    await page.getByLabel('Votre nom').fill('Annaïg Le Gall')
    await page.getByLabel('Adresse e-mail').fill('annaig@cd-leon.example.fr')
    await page.getByLabel('Mot de passe').fill('un mot de passe solide')
    await page.getByLabel('Nom du conseil').fill('Conseil de développement du Léon')
    await screenshot(page, 'foundation-02-signup')
    expect(await lowContrastTexts(page)).toEqual([])
    await page.getByRole('button', { name: 'Créer le compte' }).click()
    await page.getByRole('heading', { name: 'Tableau de bord' }).waitFor()
    expect(await page.textContent('body')).toContain('Conseil : Conseil de développement du Léon')
    await screenshot(page, 'foundation-03-dashboard-empty')
    expect(await lowContrastTexts(page)).toEqual([])

    // 3. A contract from the example JSON file: the import fills the form, the member saves it.
    await page.getByRole('link', { name: 'Nouveau contrat' }).click()
    await page.waitForURL('**/contrats/nouveau')
    await page.getByLabel('Fichier JSON du contrat').setInputFiles(CONTRACT_FILE)
    await page.getByText('Contrat importé : 3 priorités, 9 fiches-actions').waitFor()
    expect(await page.getByLabel('Intitulé', { exact: false }).first().inputValue()).toBe(CONTRACT_TITLE)
    expect(await page.locator('fieldset.priority').count()).toBe(3)
    await screenshot(page, 'foundation-04-contract-imported')
    expect(await lowContrastTexts(page)).toEqual([])
    await page.setViewportSize({ width: 390, height: 844 })
    await page.locator('fieldset.priority').first().scrollIntoViewIfNeeded()
    await screenshot(page, 'foundation-04-contract-imported-phone', { fullPage: false })
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.getByRole('button', { name: 'Enregistrer le contrat' }).click()
    await page.waitForURL(/\/contrats\/[0-9a-f-]{36}$/)
    await page.getByRole('heading', { level: 1, name: CONTRACT_TITLE }).waitFor()
    expect(await page.locator('.priority-list > li').count()).toBe(3)
    await screenshot(page, 'foundation-05-contract')
    expect(await lowContrastTexts(page)).toEqual([])

    // 4. A workshop on priorities P1 and P2 only (P3 unticked).
    await page.getByRole('link', { name: 'Créer un atelier avec ce contrat' }).click()
    await page.waitForURL('**/ateliers/nouveau?contrat=*')
    await page.getByLabel("Titre de l'atelier").fill(WORKSHOP_TITLE)
    await page.getByLabel(/^P3 – /).waitFor()
    await page.getByLabel(/^P3 – /).uncheck()
    // And one fiche-action zone, besides its priority's.
    await page.getByLabel(/^1\.1 – /).check()
    await screenshot(page, 'foundation-06-workshop-form')
    expect(await lowContrastTexts(page)).toEqual([])
    await page.getByRole('button', { name: "Créer l'atelier" }).click()
    await page.waitForURL(/\/ateliers\/[0-9a-f-]{36}$/)
    await page.getByRole('heading', { level: 1, name: WORKSHOP_TITLE }).waitFor()
    await page.getByText('Zones de départ : P1, P2, P1 › 1.1').waitFor()
    const joinCode = (await page.getByTestId('join-code').textContent())!.trim()
    expect(joinCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    const joinLink = (await page.getByTestId('join-link').getAttribute('href'))!
    expect(joinLink).toBe(`${run.server.url}/j/${joinCode}`)
    expect(await page.textContent('body')).toContain('Zones de départ : P1, P2')
    await page.locator('img.qr').waitFor()
    await screenshot(page, 'foundation-07-workshop')
    expect(await lowContrastTexts(page)).toEqual([])
    await page.setViewportSize({ width: 390, height: 844 })
    await screenshot(page, 'foundation-07-workshop-phone')
    expect(await lowContrastTexts(page)).toEqual([])
    await page.setViewportSize({ width: 1280, height: 800 })

    // 5. The dashboard lists the workshop and the contract.
    await page.getByRole('navigation').getByRole('link', { name: 'Tableau de bord' }).click()
    await page.getByRole('link', { name: WORKSHOP_TITLE }).waitFor()
    await page.getByRole('link', { name: CONTRACT_TITLE }).waitFor()
    await screenshot(page, 'foundation-08-dashboard')
    expect(await lowContrastTexts(page)).toEqual([])
    // The pages so far never download the board (tldraw): it is a separate, lazily loaded chunk.
    expect(scripts.length).toBeGreaterThan(0)
    expect(scripts.filter((path) => /\/assets\/BoardPage-/.test(path))).toEqual([])

    // 6. A participant on a phone opens the join link (another browser context: no cookies shared).
    const guest = await open('phone')
    const phone = guest.page
    // The code in the link is typed in lower case without the dash, as people do when they copy it by hand.
    await phone.goto(`/j/${joinCode.replace('-', '').toLowerCase()}`)
    await phone.getByTestId('join-preview').waitFor()
    expect(await phone.getByTestId('join-preview').textContent()).toContain(WORKSHOP_TITLE)
    expect(await phone.getByLabel("Code de l'atelier").inputValue()).toBe(joinCode)
    await phone.getByLabel('Votre nom ou pseudonyme').fill('Camille')
    await screenshot(phone, 'foundation-09-join-phone')
    expect(await lowContrastTexts(phone)).toEqual([])
    await phone.getByRole('button', { name: 'Rejoindre' }).click()

    // 7. …and, being on a phone, lands on the phone page of the workshop's board as a participant
    // guest; its link opens the canvas.
    await phone.waitForURL(/\/poster\/[0-9a-f-]{36}$/)
    await phone.waitForFunction(
      (title) => document.title.includes(title) || document.body.textContent.includes(title),
      WORKSHOP_TITLE,
    )
    const guestMe = await phone.evaluate(() => fetch('/api/auth/me').then((r) => r.json()))
    expect(guestMe).toMatchObject({ kind: 'guest', displayName: 'Camille', role: 'participant' })
    await phone.locator('a[href^="/tableau/"]').click()
    await phone.waitForURL(/\/tableau\/[0-9a-f-]{36}$/)
    await phone.locator('.kb-board[data-board-ready="true"]').waitFor({ timeout: 60_000 })
    await screenshot(phone, 'foundation-10-board-phone')

    // The member's own session is untouched by the guest's join.
    const memberMe = await page.evaluate(() => fetch('/api/auth/me').then((r) => r.json()))
    expect(memberMe).toMatchObject({ kind: 'account', displayName: 'Annaïg Le Gall' })

    expect(member.problems).toEqual([])
    expect(guest.problems).toEqual([])
  })

  it('speaks English on request and keeps the choice', async () => {
    const { page, problems } = await open('desktop')
    await page.goto('/rejoindre')
    await page.getByRole('heading', { name: 'Rejoindre un atelier' }).waitFor()
    await page.getByLabel('Langue').selectOption('en')
    await page.getByRole('heading', { name: 'Join a workshop' }).waitFor()
    expect(await page.getAttribute('html', 'lang')).toBe('en')
    await page.reload()
    await page.getByRole('heading', { name: 'Join a workshop' }).waitFor()
    // An unknown code is said so, before anyone tries to join with it.
    await page.getByLabel('Workshop code').fill('ZZZZ-ZZZZ')
    await page.getByText('Unknown or revoked code').waitFor()
    await screenshot(page, 'foundation-11-join-english')
    expect(await lowContrastTexts(page)).toEqual([])
    expect(problems).toEqual([])
  })

  it('opens shared links directly, and tells a visitor with no session to join first', async () => {
    const { page, problems } = await open('phone')
    const response = await page.goto('/contrats/nouveau')
    expect(response?.status()).toBe(200)
    // A members' page sends a visitor to log in, and back afterwards.
    await page.waitForURL('**/connexion?suite=%2Fcontrats%2Fnouveau')
    await page.getByRole('heading', { name: 'Se connecter' }).waitFor()
    await screenshot(page, 'foundation-12-login-phone')
    expect(await lowContrastTexts(page)).toEqual([])
    const missing = await page.goto('/nimporte/quoi')
    expect(missing?.status()).toBe(200)
    await page.getByRole('heading', { name: 'Page introuvable' }).waitFor()
    expect(await lowContrastTexts(page)).toEqual([])
    // The contrast check does catch pale text (#aaa on white is 2.32:1).
    await page.evaluate(() => {
      const pale = document.createElement('p')
      pale.textContent = 'texte pâle'
      pale.style.color = '#aaaaaa'
      pale.style.background = '#ffffff'
      document.querySelector('main')!.append(pale)
    })
    expect(await lowContrastTexts(page)).toEqual([
      {
        text: 'texte pâle',
        ratio: 2.32,
        required: 4.5,
        color: 'rgb(170, 170, 170)',
        background: 'rgb(255, 255, 255)',
      },
    ])
    expect(problems).toEqual([])
  })

  it('invites a colleague into the council, revokes a join code, and lets a guest join with the keyboard only', async () => {
    const member = await open('desktop')
    const page = member.page
    const api = page.context().request
    const signup = await api.post('/api/auth/signup', {
      data: {
        email: 'yann@cd-pays.example.fr',
        password: 'un autre mot de passe',
        displayName: 'Yann Morvan',
        councilName: 'Conseil de développement du Pays de Morlaix',
      },
    })
    expect(signup.status()).toBe(201)
    const contract = await (
      await api.post('/api/contracts', { data: JSON.parse(await readFile(CONTRACT_FILE, 'utf8')) })
    ).json()
    const workshop = await (
      await api.post('/api/workshops', { data: { title: 'Atelier transition', contractId: contract.id } })
    ).json()

    // An invitation link, shown to copy.
    await page.goto('/conseil')
    await page
      .getByRole('heading', { level: 1, name: 'Conseil de développement du Pays de Morlaix' })
      .waitFor()
    await page.getByRole('button', { name: "Créer un lien d'invitation" }).click()
    const inviteUrl = await page.getByLabel("Lien d'invitation").inputValue()
    expect(inviteUrl).toMatch(new RegExp(`^${run.server.url}/inscription\\?invitation=.+`))
    await screenshot(page, 'foundation-13-council-invite')
    expect(await lowContrastTexts(page)).toEqual([])

    // The colleague signs up through it and lands in the same council, with its workshops.
    const colleague = await open('desktop')
    await colleague.page.goto(inviteUrl)
    await colleague.page
      .getByText('Vous rejoignez le conseil « Conseil de développement du Pays de Morlaix ».')
      .waitFor()
    expect(await colleague.page.getByLabel('Nom du conseil').count()).toBe(0)
    await colleague.page.getByLabel('Votre nom').fill('Nolwenn Kerbrat')
    await colleague.page.getByLabel('Adresse e-mail').fill('nolwenn@cd-pays.example.fr')
    await colleague.page.getByLabel('Mot de passe').fill('encore un mot de passe')
    await colleague.page.getByRole('button', { name: 'Créer le compte' }).click()
    await colleague.page.getByText('Conseil : Conseil de développement du Pays de Morlaix').waitFor()
    await colleague.page.getByRole('link', { name: 'Atelier transition' }).waitFor()
    await page.reload()
    await page.getByText('Nolwenn Kerbrat', { exact: true }).waitFor()

    // Yann makes her a co-facilitator from the workshop page; on the board she has the whole panel.
    await page.goto(`/ateliers/${workshop.id}`)
    await page
      .getByLabel('Ajouter à l’animation')
      .selectOption({ label: 'Nolwenn Kerbrat (nolwenn@cd-pays.example.fr)' })
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click()
    await page.getByRole('button', { name: 'Retirer Nolwenn Kerbrat de l’animation' }).waitFor()
    await screenshot(page, 'foundation-13b-co-facilitator')
    await colleague.page.goto(`/tableau/${workshop.boardId}`)
    await colleague.page.getByRole('heading', { name: 'Panneau d’animation' }).waitFor()

    // Revoking the join code: a new one replaces it, and the old one no longer opens anything.
    await page.goto(`/ateliers/${workshop.id}`)
    const oldCode = (await page.getByTestId('join-code').textContent())!.trim()
    page.once('dialog', (dialog) => void dialog.accept())
    await page.getByRole('button', { name: 'Révoquer ce code' }).first().click()
    await page.getByText('Code révoqué.').waitFor()
    const newCode = (await page.getByTestId('join-code').textContent())!.trim()
    expect(newCode).not.toBe(oldCode)
    expect(newCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/)

    // A guest with the keyboard only: Tab to the code field, type, Tab, type a name, Enter.
    const guest = await open('phone')
    const phone = guest.page
    await phone.goto(`/j/${oldCode}`)
    await phone.getByText('Code inconnu ou révoqué').waitFor()
    await phone.goto('/rejoindre')
    await phone.getByRole('heading', { name: 'Rejoindre un atelier' }).waitFor()
    for (let i = 0; i < 20; i++) {
      if (await phone.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name === 'code'))
        break
      await phone.keyboard.press('Tab')
    }
    await phone.keyboard.type(newCode.replace('-', ' ').toLowerCase())
    await phone.getByTestId('join-preview').waitFor()
    await phone.keyboard.press('Tab')
    expect(await phone.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe(
      'displayName',
    )
    await phone.keyboard.type('Maël')
    await phone.keyboard.press('Enter')
    // A phone lands on the phone page.
    await phone.waitForURL(`**/poster/${workshop.boardId}`)
    await screenshot(phone, 'foundation-14-keyboard-join')

    // Yann sees who is in the workshop, the attendance list to download, and removes Maël: her page
    // is told the board is closed to her.
    await page.goto(`/ateliers/${workshop.id}`)
    const row = page.getByRole('row', { name: /Maël/ })
    await row.waitFor()
    expect(
      await page.getByRole('link', { name: 'Télécharger la liste de présence (CSV)' }).getAttribute('href'),
    ).toBe(`/api/workshops/${workshop.id}/participants.csv`)
    await screenshot(page, 'foundation-15-participants')
    page.once('dialog', (dialog) => void dialog.accept())
    await page.getByRole('button', { name: 'Retirer Maël de l’atelier' }).click()
    await row.waitFor({ state: 'detached' })
    expect(await phone.evaluate(() => fetch('/api/auth/me').then((r) => r.status))).toBe(401)

    // Logging out from a members' page ends the session and leads to the landing page.
    await page.getByRole('button', { name: 'Se déconnecter' }).click()
    await page.waitForURL(`${run.server.url}/`)
    await page
      .getByRole('heading', { name: 'Des ateliers de co-construction, sur un tableau partagé' })
      .waitFor()
    expect(await page.evaluate(() => fetch('/api/auth/me').then((r) => r.status))).toBe(401)

    expect(member.problems).toEqual([])
    expect(colleague.problems).toEqual([])
    expect(guest.problems).toEqual([])
  })
})
