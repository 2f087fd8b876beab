import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { axeViolations, formatViolations } from './support/axe.ts'
import { screenshot } from './support/index.ts'
import { browserRun } from './support/run.ts'

/**
 * Accounts an organisation runs, in the browser, on a server with KENLABOUR_SIGNUP=invite (the default):
 * the first account signs up freely; a visitor without an invitation is told sign-up is by invitation;
 * an invited colleague joins; the administrator hands over a reset link that the colleague uses; the
 * administrator changes its password with the keyboard, removes the colleague (confirmed) and logs out of
 * every device. Screenshots: e2e/artifacts/accounts-*.png.
 */

const run = browserRun({ KENLABOUR_SIGNUP: 'invite' })
const open = () => run.person({ ignore: [] })

async function status(page: Page, path: string) {
  return page.evaluate(async (url) => (await fetch(url)).status, path)
}

describe('accounts in the browser (invite mode)', () => {
  it('runs invitations, reset links, password change, removal and log out everywhere', async () => {
    // The instance's first account signs up freely.
    const admin = await open()
    await admin.page.goto('/inscription')
    await admin.page.getByLabel('Votre nom').fill('Annaïg Le Gall')
    await admin.page.getByLabel('Adresse e-mail').fill('annaig@cd-leon.example.fr')
    await admin.page.getByLabel('Mot de passe').fill('un mot de passe solide')
    await admin.page.getByLabel('Nom du conseil').fill('Conseil de développement du Léon')
    await admin.page.getByRole('button', { name: 'Créer le compte' }).click()
    await admin.page.getByRole('heading', { name: 'Tableau de bord' }).waitFor()

    // Anyone else without an invitation is told so, and gets no form.
    const visitor = await open()
    await visitor.page.goto('/inscription')
    await visitor.page.getByRole('heading', { name: 'Inscription sur invitation' }).waitFor()
    expect(await visitor.page.getByRole('button', { name: 'Créer le compte' }).count()).toBe(0)
    await screenshot(visitor.page, 'accounts-01-invite-only')

    // The administrator invites a colleague, who signs up with the link.
    await admin.page.goto('/conseil')
    await admin.page.getByRole('button', { name: "Créer un lien d'invitation" }).click()
    const inviteUrl = await admin.page.getByLabel("Lien d'invitation").inputValue()
    await visitor.page.goto(inviteUrl)
    await visitor.page.getByText('Vous rejoignez le conseil « Conseil de développement du Léon ».').waitFor()
    await visitor.page.getByLabel('Votre nom').fill('Yann Kerbrat')
    await visitor.page.getByLabel('Adresse e-mail').fill('yann@cd-leon.example.fr')
    await visitor.page.getByLabel('Mot de passe').fill('        ')
    await visitor.page.getByRole('button', { name: 'Créer le compte' }).click()
    await visitor.page.getByText('Mot de passe trop court').waitFor()
    await visitor.page.getByLabel('Mot de passe').fill('la mer est calme ce matin')
    await visitor.page.getByRole('button', { name: 'Créer le compte' }).click()
    await visitor.page.getByRole('heading', { name: 'Tableau de bord' }).waitFor()

    // A reset link for the colleague, handed over; using it ends the colleague's sessions.
    await admin.page.reload()
    await admin.page.getByRole('button', { name: 'Lien de réinitialisation pour Yann Kerbrat' }).click()
    const resetUrl = await admin.page
      .getByLabel(/Lien de réinitialisation du mot de passe de Yann Kerbrat/)
      .inputValue()
    expect(resetUrl).toMatch(/\/mot-de-passe\?jeton=[a-z2-7]{32}$/)
    await screenshot(admin.page, 'accounts-02-council-admin')
    expect(formatViolations(await axeViolations(admin.page))).toEqual([])

    const elsewhere = await open()
    await elsewhere.page.goto(resetUrl)
    await elsewhere.page.getByText('Nouveau mot de passe pour Yann Kerbrat.').waitFor()
    await elsewhere.page
      .getByLabel('Nouveau mot de passe', { exact: false })
      .first()
      .fill('un tout nouveau secret marin')
    await elsewhere.page
      .getByLabel('Nouveau mot de passe, une seconde fois')
      .fill('un tout nouveau secret marin')
    await screenshot(elsewhere.page, 'accounts-03-reset')
    expect(formatViolations(await axeViolations(elsewhere.page))).toEqual([])
    await elsewhere.page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click()
    await elsewhere.page.getByText('Mot de passe enregistré.').waitFor()
    expect(await status(visitor.page, '/api/auth/me')).toBe(401)
    await elsewhere.page.goto('/connexion')
    await elsewhere.page.getByLabel('Adresse e-mail').fill('yann@cd-leon.example.fr')
    await elsewhere.page.getByLabel('Mot de passe').fill('un tout nouveau secret marin')
    await elsewhere.page.getByRole('button', { name: 'Se connecter' }).click()
    await elsewhere.page.getByRole('heading', { name: 'Tableau de bord' }).waitFor()

    // The administrator changes its password with the keyboard only.
    await admin.page.getByLabel('Mot de passe actuel').focus()
    await admin.page.keyboard.type('un mot de passe solide')
    await admin.page.keyboard.press('Tab')
    await admin.page.keyboard.type('une autre phrase bien longue')
    await admin.page.keyboard.press('Tab')
    await admin.page.keyboard.type('une autre phrase bien longue')
    await admin.page.keyboard.press('Enter')
    await admin.page.getByText('Mot de passe changé. Vos autres sessions ont été fermées.').waitFor()

    // Removal, confirmed: the colleague's session ends at once and the list no longer names it.
    await admin.page.getByRole('button', { name: 'Retirer Yann Kerbrat du conseil' }).click()
    await admin.page.getByRole('button', { name: 'Oui, retirer' }).click()
    await admin.page.getByText('yann@cd-leon.example.fr').waitFor({ state: 'detached' })
    expect(await admin.page.getByRole('button', { name: 'Retirer Yann Kerbrat du conseil' }).count()).toBe(0)
    expect(await status(elsewhere.page, '/api/auth/me')).toBe(401)

    // Log out everywhere: back to the log-in page, the session gone.
    await admin.page.getByRole('button', { name: 'Se déconnecter de tous les appareils' }).click()
    await admin.page.waitForURL('**/connexion')
    expect(await status(admin.page, '/api/auth/me')).toBe(401)

    for (const { watch } of [admin, visitor, elsewhere]) expect(watch.problems).toEqual([])
  })
})
