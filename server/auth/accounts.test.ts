import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { CloseCode } from '../../shared/collab/close-codes.ts'
import { closed, openRaw } from '../collab/testing/clients.ts'
import { readConfig } from '../config.ts'
import { buildTestApp, injectAs, sessionCookieOf, signUp } from '../testing/app.ts'
import { liveApp, suiteApp } from '../testing/live-app.ts'
import { idsWhere } from '../testing/row-ids.ts'
import { describeEachStore } from '../testing/stores.ts'
import { createWorkshop } from '../testing/workshops.ts'
import { passwordProblem } from './password-policy.ts'
import { hashToken } from './tokens.ts'

const PASSWORD = 'correct horse battery'

async function signUpAs(app: FastifyInstance, email: string, extra: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/api/auth/signup',
    payload: { email, password: PASSWORD, displayName: email.split('@')[0], ...extra },
  })
}

async function login(app: FastifyInstance, email: string, password = PASSWORD) {
  return app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } })
}

async function me(app: FastifyInstance, cookie: string) {
  return (await app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode
}

/** An administrator (first account of a council, sign-up open) and a colleague it invited. */
async function councilWithMember(app: FastifyInstance) {
  const admin = await signUp(app)
  const invite = await injectAs(app, 'POST', '/api/council/invites', admin)
  const email = `membre-${crypto.randomUUID().slice(0, 8)}@example.fr`
  const signup = await signUpAs(app, email, { inviteToken: invite.json().token })
  expect(signup.statusCode).toBe(201)
  return {
    admin,
    member: { email, cookie: sessionCookieOf(signup), userId: signup.json().userId as string },
  }
}

describe('KENLABOUR_SIGNUP', () => {
  it('is invite by default, open when asked, and refuses anything else at start', () => {
    expect(readConfig({}).signup).toBe('invite')
    expect(readConfig({ KENLABOUR_SIGNUP: 'open' }).signup).toBe('open')
    expect(() => readConfig({ KENLABOUR_SIGNUP: 'everyone' })).toThrow(/KENLABOUR_SIGNUP/)
  })
})

describe('password policy', () => {
  it('refuses short, blank and common passwords, and accepts a passphrase', () => {
    expect(passwordProblem('        ')).toBe('password_too_short')
    expect(passwordProblem(' a b c d e f ')).toBe('password_too_short')
    for (const common of ['password123', 'azertyuiop', '12345678', 'motdepasse', 'Soleil2024'])
      expect(passwordProblem(common), common).toBe('password_too_common')
    expect(passwordProblem('mathilde.leon', ['mathilde.leon@example.fr'])).toBe('password_too_common')
    expect(passwordProblem(PASSWORD)).toBeNull()
    expect(passwordProblem('un autre mot de passe')).toBeNull()
  })
})

describeEachStore('accounts an organisation runs ($name)', (target) => {
  const suite = suiteApp(target)

  it('in invite mode, lets only the first account sign up freely (as its council’s admin), then by invitation', async () => {
    const own = await target.open()
    const inviteApp = await buildTestApp(own, { config: { signup: 'invite' } })
    try {
      expect((await inviteApp.inject({ url: '/api/auth/signup-mode' })).json()).toEqual({
        mode: 'invite',
        invitationNeeded: false,
      })
      const first = await signUpAs(inviteApp, 'premiere@example.fr', { councilName: 'Conseil du Léon' })
      expect(first.statusCode).toBe(201)
      const firstCookie = sessionCookieOf(first)
      const council = await inviteApp.inject({ url: '/api/council', headers: { cookie: firstCookie } })
      expect(council.json().members).toEqual([
        expect.objectContaining({ email: 'premiere@example.fr', role: 'admin' }),
      ])
      expect((await inviteApp.inject({ url: '/api/auth/signup-mode' })).json()).toEqual({
        mode: 'invite',
        invitationNeeded: true,
      })

      // A new address and a taken one get the same refusal, before any address is looked at.
      for (const email of ['nouvelle@example.fr', 'premiere@example.fr']) {
        const refused = await signUpAs(inviteApp, email)
        expect(refused.statusCode, email).toBe(403)
        expect(refused.json().error.code).toBe('signup_invite_only')
        expect(refused.cookies.find((c) => c.name === 'kenlabour_session')).toBeUndefined()
      }
      expect(await own.db.selectFrom('users').select('id').execute()).toHaveLength(1)

      const invite = await inviteApp.inject({
        method: 'POST',
        url: '/api/council/invites',
        headers: { cookie: firstCookie },
      })
      const invited = await signUpAs(inviteApp, 'invitee@example.fr', { inviteToken: invite.json().token })
      expect(invited.statusCode).toBe(201)
      const members = await inviteApp.inject({ url: '/api/council', headers: { cookie: firstCookie } })
      expect(members.json().members.map((m: { role: string }) => m.role)).toEqual(['admin', 'member'])
    } finally {
      await inviteApp.close()
      await own.close()
    }
  })

  it('in invite mode, lets exactly one of six simultaneous first sign-ups through', async () => {
    const own = await target.open()
    const inviteApp = await buildTestApp(own, { config: { signup: 'invite' } })
    try {
      const answers = await Promise.all(
        [...Array(6).keys()].map((i) => signUpAs(inviteApp, `premier-${i}@example.fr`)),
      )
      expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 403, 403, 403, 403, 403])
      expect(await own.db.selectFrom('users').select('role').execute()).toEqual([{ role: 'admin' }])
    } finally {
      await inviteApp.close()
      await own.close()
    }
  })

  it('in open mode, says so, and every new account administers the council it creates', async () => {
    expect((await suite.app.inject({ url: '/api/auth/signup-mode' })).json()).toEqual({
      mode: 'open',
      invitationNeeded: false,
    })
    const a = await signUp(suite.app)
    const council = await suite.app.inject({ url: '/api/council', headers: { cookie: a.cookie } })
    expect(council.json().members).toEqual([expect.objectContaining({ id: a.userId, role: 'admin' })])
  })

  it('refuses eight spaces and common passwords at sign-up with their own codes', async () => {
    const spaces = await suite.app.inject({
      method: 'POST',
      url: '/api/auth/signup',
      payload: { email: 'spaces@example.fr', password: '        ', displayName: 'Espaces' },
    })
    expect(spaces.statusCode).toBe(400)
    expect(spaces.json().error).toMatchObject({
      code: 'password_too_short',
      field: 'password',
      details: { min: 8 },
    })
    const common = await suite.app.inject({
      method: 'POST',
      url: '/api/auth/signup',
      payload: { email: 'common@example.fr', password: 'password123', displayName: 'Commun' },
    })
    expect(common.statusCode).toBe(400)
    expect(common.json().error.code).toBe('password_too_common')
  })

  it('changes the password: the old one stops working, other sessions end, this one stays', async () => {
    const account = await signUp(suite.app)
    const other = sessionCookieOf(await login(suite.app, account.email))
    const wrong = await suite.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: account.cookie },
      payload: { currentPassword: 'not my password', newPassword: 'a brand new passphrase' },
    })
    expect(wrong.statusCode).toBe(403)
    expect(wrong.json().error.code).toBe('wrong_password')
    const weak = await suite.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: account.cookie },
      payload: { currentPassword: PASSWORD, newPassword: '        ' },
    })
    expect(weak.json().error).toMatchObject({ code: 'password_too_short', field: 'newPassword' })
    expect(await me(suite.app, other)).toBe(200)

    const changed = await suite.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: account.cookie },
      payload: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
    })
    expect(changed.statusCode).toBe(204)
    expect(await me(suite.app, account.cookie)).toBe(200)
    expect(await me(suite.app, other)).toBe(401)
    expect((await login(suite.app, account.email)).statusCode).toBe(401)
    expect((await login(suite.app, account.email, 'a brand new passphrase')).statusCode).toBe(200)
  })

  it('counts wrong current passwords as failed attempts on the account', async () => {
    const limited = await buildTestApp(suite.store, {
      failureLimits: { loginPerAccount: { max: 3, windowSeconds: 900 } },
    })
    try {
      const account = await signUp(limited)
      const change = (currentPassword: string) =>
        limited.inject({
          method: 'POST',
          url: '/api/auth/password',
          headers: { cookie: account.cookie },
          payload: { currentPassword, newPassword: 'a brand new passphrase' },
        })
      for (let i = 0; i < 3; i++) expect((await change(`guess number ${i}`)).statusCode).toBe(403)
      const refused = await change(PASSWORD)
      expect(refused.statusCode).toBe(429)
      expect(refused.json().error.code).toBe('too_many_failures')
      expect((await login(limited, account.email)).statusCode).toBe(429)
    } finally {
      await limited.close()
    }
  })

  it('needs an account for the password change and log out everywhere', async () => {
    for (const url of ['/api/auth/password', '/api/auth/logout-everywhere']) {
      const response = await suite.app.inject({
        method: 'POST',
        url,
        payload: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
      })
      expect(response.statusCode, url).toBe(401)
    }
  })

  it('logs out everywhere: every session of the account ends, another account’s stays', async () => {
    const account = await signUp(suite.app)
    const bystander = await signUp(suite.app)
    const second = sessionCookieOf(await login(suite.app, account.email))
    const response = await injectAs(suite.app, 'POST', '/api/auth/logout-everywhere', account)
    expect(response.statusCode).toBe(204)
    expect(response.cookies.find((c) => c.name === 'kenlabour_session')?.value).toBe('')
    expect(await me(suite.app, account.cookie)).toBe(401)
    expect(await me(suite.app, second)).toBe(401)
    expect(await me(suite.app, bystander.cookie)).toBe(200)
    const left = await idsWhere(suite.store.db, 'sessions', 'user_id', account.userId)
    expect(left).toEqual([])
  })

  it('lets only a council admin remove a member, of its own council, not itself', async () => {
    const { admin, member } = await councilWithMember(suite.app)
    const stranger = await signUp(suite.app)
    const byMember = await injectAs(suite.app, 'DELETE', `/api/council/members/${admin.userId}`, member)
    expect(byMember.statusCode).toBe(403)
    expect(byMember.json().error.code).toBe('council_admin_only')
    const self = await injectAs(suite.app, 'DELETE', `/api/council/members/${admin.userId}`, admin)
    expect(self.json().error.code).toBe('cannot_remove_self')
    const otherCouncil = await injectAs(
      suite.app,
      'DELETE',
      `/api/council/members/${member.userId}`,
      stranger,
    )
    expect(otherCouncil.statusCode).toBe(404)
    expect(await me(suite.app, member.cookie)).toBe(200)
  })

  it('removes a member: sessions end, it cannot log in, its records stay, its workshops pass to the admin', async () => {
    const { admin, member } = await councilWithMember(suite.app)
    const workshop = await createWorkshop(suite.app, member.cookie, { title: 'Atelier du membre' })
    const removed = await injectAs(suite.app, 'DELETE', `/api/council/members/${member.userId}`, admin)
    expect(removed.statusCode).toBe(204)
    expect(await me(suite.app, member.cookie)).toBe(401)
    const again = await login(suite.app, member.email)
    expect(again.statusCode).toBe(401)
    expect(again.json().error.code).toBe('invalid_credentials')
    const council = await suite.app.inject({ url: '/api/council', headers: { cookie: admin.cookie } })
    expect(council.json().members.map((m: { id: string }) => m.id)).toEqual([admin.userId])
    const kept = await suite.app.inject({
      url: `/api/workshops/${workshop.id}`,
      headers: { cookie: admin.cookie },
    })
    expect(kept.statusCode).toBe(200)
    // The workshop it ran alone passes to the administrator, who can run it.
    expect(kept.json().facilitators).toEqual([{ userId: admin.userId, displayName: admin.displayName }])
    const participants = await suite.app.inject({
      url: `/api/workshops/${workshop.id}/participants`,
      headers: { cookie: admin.cookie },
    })
    expect(participants.statusCode).toBe(200)
    const twice = await injectAs(suite.app, 'DELETE', `/api/council/members/${member.userId}`, admin)
    expect(twice.statusCode).toBe(404)
  })

  it('issues a one-time reset link (stored hashed) that sets a new password and ends every session', async () => {
    const { admin, member } = await councilWithMember(suite.app)
    const byMember = await injectAs(
      suite.app,
      'POST',
      `/api/council/members/${admin.userId}/reset-link`,
      member,
    )
    expect(byMember.json().error.code).toBe('council_admin_only')
    const link = await injectAs(suite.app, 'POST', `/api/council/members/${member.userId}/reset-link`, admin)
    expect(link.statusCode).toBe(201)
    const { token, path, expiresAt } = link.json()
    expect(path).toBe(`/mot-de-passe?jeton=${token}`)
    const hours = (new Date(expiresAt).getTime() - Date.now()) / 3_600_000
    expect(hours).toBeGreaterThan(23)
    expect(hours).toBeLessThanOrEqual(24)
    const rows = await idsWhere(suite.store.db, 'password_resets', 'user_id', member.userId)
    expect(rows).toEqual([hashToken(token)])

    expect((await suite.app.inject({ url: `/api/auth/password-reset/${token}` })).json()).toEqual({
      displayName: member.email.split('@')[0],
    })
    const weak = await suite.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      payload: { token, newPassword: 'azertyuiop' },
    })
    expect(weak.json().error.code).toBe('password_too_common')
    const reset = await suite.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      payload: { token, newPassword: 'le nouveau mot de passe du membre' },
    })
    expect(reset.statusCode).toBe(204)
    expect(await me(suite.app, member.cookie)).toBe(401)
    expect((await login(suite.app, member.email)).statusCode).toBe(401)
    expect((await login(suite.app, member.email, 'le nouveau mot de passe du membre')).statusCode).toBe(200)

    const reused = await suite.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      payload: { token, newPassword: 'encore un autre mot de passe' },
    })
    expect(reused.statusCode).toBe(404)
    expect(reused.json().error.code).toBe('reset_link_invalid')
    expect((await suite.app.inject({ url: `/api/auth/password-reset/${token}` })).statusCode).toBe(404)
  })

  it('refuses an expired reset link', async () => {
    const { admin, member } = await councilWithMember(suite.app)
    const link = await injectAs(suite.app, 'POST', `/api/council/members/${member.userId}/reset-link`, admin)
    const { token } = link.json()
    await suite.store.db
      .updateTable('password_resets')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', hashToken(token))
      .execute()
    const late = await suite.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      payload: { token, newPassword: 'le nouveau mot de passe du membre' },
    })
    expect(late.json().error.code).toBe('reset_link_invalid')
    expect((await login(suite.app, member.email)).statusCode).toBe(200)
  })
})

describeEachStore('accounts: live sockets end with their sessions ($name)', (target) => {
  const live = liveApp(target)

  async function socketOf(boardId: string, cookie: string) {
    const opened = await openRaw(`${live.origin.replace('http', 'ws')}/collab/${boardId}`, { cookie })
    if (!('socket' in opened)) throw new Error(`not upgraded: ${opened.status} ${opened.body}`)
    return opened.socket
  }

  it('closes the sockets of a removed member at once, and not the administrator’s', async () => {
    const { admin, member } = await councilWithMember(live.app)
    const workshop = await createWorkshop(live.app, member.cookie)
    const memberClosed = closed(await socketOf(workshop.boardId, member.cookie))
    const adminSocket = await socketOf(workshop.boardId, admin.cookie)
    const removed = await injectAs(live.app, 'DELETE', `/api/council/members/${member.userId}`, admin)
    expect(removed.statusCode).toBe(204)
    expect((await memberClosed).code).toBe(CloseCode.sessionEnded)
    const refused = await openRaw(`${live.origin.replace('http', 'ws')}/collab/${workshop.boardId}`, {
      cookie: member.cookie,
    })
    expect(refused).toMatchObject({ status: 401 })
    expect(adminSocket.readyState).toBe(adminSocket.OPEN)
    adminSocket.close()
  })

  it('closes the sockets of the other sessions on a password change, and every one on log out everywhere', async () => {
    const account = await signUp(live.app)
    const workshop = await createWorkshop(live.app, account.cookie)
    const other = sessionCookieOf(await login(live.app, account.email))
    const otherClosed = closed(await socketOf(workshop.boardId, other))
    const ownSocket = await socketOf(workshop.boardId, account.cookie)
    const changed = await injectAs(live.app, 'POST', '/api/auth/password', account, {
      currentPassword: PASSWORD,
      newPassword: 'a brand new passphrase',
    })
    expect(changed.statusCode).toBe(204)
    expect((await otherClosed).code).toBe(CloseCode.sessionEnded)
    expect(ownSocket.readyState).toBe(ownSocket.OPEN)

    const ownClosing = closed(ownSocket)
    const everywhere = await injectAs(live.app, 'POST', '/api/auth/logout-everywhere', account)
    expect(everywhere.statusCode).toBe(204)
    expect((await ownClosing).code).toBe(CloseCode.sessionEnded)
  })
})
