import type { BrowserContext } from 'playwright-core'
import type { ContractInput } from '../../shared/api/contracts.ts'
import type { BrowserRun } from './run.ts'

/**
 * A suite's council through the API: its members signed up (each browser context then holds the
 * session cookie) and its contracts.
 */

/** The password of the accounts the suites sign up. */
export const PASSWORD = 'correct horse battery'

/** An e-mail address no earlier run of the suite has taken: `<prefix>-<now>@example.fr`. */
export const uniqueEmail = (prefix: string) => `${prefix}-${Date.now()}@example.fr`

/** What a sign-up sends besides the password: a new council's name, or the invitation of an existing one. */
export interface Account {
  email: string
  displayName: string
  /** The new council's name (the server's default name without it). */
  councilName?: string
  /** Joins the council that made this invitation instead of founding one. */
  inviteToken?: string
}

/** Signs `context` up (POST /api/auth/signup with PASSWORD); answers the new account's id. */
export async function signUp(run: BrowserRun, context: BrowserContext, account: Account): Promise<string> {
  const { email, ...rest } = account
  const body = { email, password: PASSWORD, ...rest }
  return (await run.api<{ userId: string }>(context, 'POST', '/api/auth/signup', body)).userId
}

/** Signs `context` up as a new council's first member, who then creates `contract`; answers both ids. */
export async function signUpWithContract(
  run: BrowserRun,
  context: BrowserContext,
  account: Account,
  contract: ContractInput,
): Promise<{ userId: string; contractId: string }> {
  const userId = await signUp(run, context, account)
  const { id } = await run.api<{ id: string }>(context, 'POST', '/api/contracts', contract)
  return { userId, contractId: id }
}

/** The test territory's two priorities, each with one action. */
export const testPriorities: ContractInput['priorities'] = [
  { code: 'P1', title: 'Mobilités du quotidien', actions: [{ code: '1.1', title: 'Covoiturage rural' }] },
  { code: 'P2', title: 'Transition énergétique', actions: [{ code: '2.1', title: 'Rénovation' }] },
]

/** A small contract of the test territory over 2021-2027 (`title` says which suite it is for). */
export const testContract = (title: string, priorities = testPriorities): ContractInput => ({
  title,
  territory: 'Pays de test',
  period: '2021-2027',
  priorities,
})
