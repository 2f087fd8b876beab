import type { BrowserContext } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { axeViolations, formatViolations } from './support/axe.ts'
import { browserRun, type Device, screenshot } from './support/index.ts'
import { expectInViewport } from './support/viewport.ts'

/**
 * Erasing a person in Chromium, on a desktop window and on a phone: an administrator erases a guest
 * from the workshop's participants list and a member from the council's list; the action and its
 * confirmation (what will happen, keep the ideas anonymously or remove them) lie inside the viewport.
 * And the privacy page is reached from the join page with the keyboard alone, filled from the instance's
 * settings. Screenshots: e2e/artifacts/erasure-*.png.
 */

const run = browserRun({
  KENLABOUR_RETENTION_MONTHS: '6',
  KENLABOUR_PRIVACY_CONTACT: 'dpo@cd-leon.example.fr',
  KENLABOUR_SIGNUP: 'open',
})

/** An administrator (their own council), a workshop with a guest who wrote an idea, and a member. */
async function council(admin: BrowserContext, device: Device) {
  const api = <T>(context: BrowserContext, method: string, path: string, data?: unknown) =>
    run.api<T>(context, method, path, data)
  const stamp = `${device}-${Date.now()}`
  await api(admin, 'POST', '/api/auth/signup', {
    email: `admin-${stamp}@example.fr`,
    password: 'correct horse battery',
    displayName: 'Annaïg Administratrice',
    councilName: 'Conseil de développement du Léon',
  })
  const contract = await api<{ id: string }>(admin, 'POST', '/api/contracts', {
    title: 'Contrat de partenariat 2021-2027',
    territory: 'Pays de Brest',
    period: '2021-2027',
    priorities: [{ code: 'P1', title: 'Mobilités', actions: [{ code: '1.1', title: 'Covoiturage' }] }],
  })
  const workshop = await api<{ id: string; boardId: string; joinCode: string }>(
    admin,
    'POST',
    '/api/workshops',
    {
      title: 'Atelier mobilités',
      contractId: contract.id,
    },
  )
  const guest = await run.browser.newContext({ baseURL: run.server.url })
  await api(guest, 'POST', '/api/join', { code: workshop.joinCode, displayName: 'Maëlys Participante' })
  await api(guest, 'POST', `/api/boards/${workshop.boardId}/ideas`, {
    text: 'Un bus de nuit',
    priorityCode: 'P1',
  })
  await guest.close()
  const invite = await api<{ token: string }>(admin, 'POST', '/api/council/invites')
  const colleague = await run.browser.newContext({ baseURL: run.server.url })
  await api(colleague, 'POST', '/api/auth/signup', {
    email: `membre-${stamp}@example.fr`,
    password: 'la mer est calme ce matin',
    displayName: 'Yann Membre',
    inviteToken: invite.token,
  })
  await colleague.close()
  return workshop
}

describe('erasing a person, and the privacy page', () => {
  for (const device of ['desktop', 'phone'] as const) {
    it(`erases a guest and a member with a confirmation in view (${device})`, async () => {
      const admin = await run.person({ device })
      const workshop = await council(admin.context, device)
      const { page } = admin

      // The participants list of the workshop: the action, then its confirmation.
      await page.goto(`/ateliers/${workshop.id}`)
      const row = page.getByRole('row', { name: /Maëlys Participante/ })
      const erase = row.getByRole('button', { name: 'Effacer cette personne' })
      await expectInViewport(page, erase, 'the erase action of the participants list')
      await erase.click()
      const dialog = page.getByRole('dialog', { name: 'Effacer Maëlys Participante de tout le conseil ?' })
      await expectInViewport(page, dialog, 'the confirmation')
      await expect.poll(() => dialog.getByText(/Participant·e anonyme/).isVisible()).toBe(true)
      const keep = dialog.getByRole('radio', { name: /Les garder, sans nom/ })
      expect(await keep.isChecked()).toBe(true)
      await expectInViewport(
        page,
        dialog.getByRole('radio', { name: /Les retirer aussi/ }),
        'the choice to remove',
      )
      const confirm = dialog.getByRole('button', { name: 'Effacer définitivement' })
      await expectInViewport(page, confirm, 'the confirm button')
      await screenshot(page, `erasure-${device}-01-guest-dialog`, { fullPage: false })
      expect(formatViolations(await axeViolations(page))).toEqual([])
      await confirm.click()
      await row.waitFor({ state: 'detached' })
      expect(await page.getByText('Maëlys Participante').count()).toBe(0)

      // The council's members: the same action for a member.
      await page.goto('/conseil')
      const member = page.locator('li', { hasText: 'Yann Membre' })
      const eraseMember = member.getByRole('button', { name: 'Effacer cette personne' })
      await expectInViewport(page, eraseMember, 'the erase action of the members list')
      await eraseMember.click()
      const memberDialog = page.getByRole('dialog', { name: 'Effacer Yann Membre de tout le conseil ?' })
      await expectInViewport(page, memberDialog, 'the member confirmation')
      await expect.poll(() => memberDialog.getByText(/ne permet plus de se connecter/).isVisible()).toBe(true)
      await screenshot(page, `erasure-${device}-02-member-dialog`, { fullPage: false })
      await memberDialog.getByRole('button', { name: 'Effacer définitivement' }).click()
      await member.waitFor({ state: 'detached' })
      expect(admin.watch.problems).toEqual([])
    })
  }

  it('reaches the privacy page from the join page with the keyboard (phone)', async () => {
    const visitor = await run.person({ device: 'phone' })
    const { page } = visitor
    await page.goto('/rejoindre')
    await page.getByRole('heading', { name: 'Rejoindre un atelier' }).waitFor()
    const link = page.getByRole('link', { name: /Vos données/ })
    await expectInViewport(page, link, 'the privacy link')
    // Tab through the page until the link has the focus, then follow it with Enter.
    let focused = false
    for (let i = 0; i < 30 && !focused; i++) {
      await page.keyboard.press('Tab')
      focused = await link.evaluate((element) => element === document.activeElement)
    }
    expect(focused).toBe(true)
    await page.keyboard.press('Enter')
    await page.waitForURL('**/confidentialite')
    await page.getByRole('heading', { name: 'Confidentialité et données personnelles' }).waitFor()
    await expect
      .poll(() => page.getByTestId('privacy-retention').textContent())
      .toMatch(/^6 mois après la clôture de l’atelier/)
    expect(await page.getByTestId('privacy-contact').textContent()).toBe(
      'Adressez votre demande à : dpo@cd-leon.example.fr',
    )
    await screenshot(page, 'erasure-phone-03-privacy')
    expect(formatViolations(await axeViolations(page))).toEqual([])
    expect(visitor.watch.problems).toEqual([])
  })
})
