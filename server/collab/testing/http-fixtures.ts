import exampleContract from '../../demo/contract-example.json' with { type: 'json' }

/**
 * The usual cast of a board test, created over HTTP against a server in another process: a facilitator
 * account, a workshop on the example contract, a participant and an observer who joined it.
 */
export interface RemoteWorkshop {
  boardId: string
  workshopId: string
  facilitator: { cookie: string; userId: string; displayName: string }
  participant: { cookie: string; guestId: string; displayName: string }
  observer: { cookie: string; guestId: string; displayName: string }
  joinCode: string
  observerCode: string
}

function cookieOf(response: Response): string {
  const header = response.headers.getSetCookie().find((c) => c.startsWith('kenlabour_session='))
  if (!header) throw new Error(`no session cookie (${response.status})`)
  return header.split(';')[0]!
}

async function post(origin: string, path: string, body: unknown, cookie?: string): Promise<Response> {
  const response = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  })
  if (response.status >= 300) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`)
  return response
}

/** `facilitator`: reuse an account (signing up is rate-limited per address) instead of a new one. */
export async function remoteWorkshop(
  origin: string,
  facilitator?: { cookie: string; userId: string; displayName: string },
): Promise<RemoteWorkshop> {
  let facilitatorCookie: string
  let userId: string
  let displayName = 'Animatrice'
  if (facilitator) {
    facilitatorCookie = facilitator.cookie
    userId = facilitator.userId
    displayName = facilitator.displayName
  } else {
    const email = `f-${crypto.randomUUID().slice(0, 8)}@example.fr`
    const signup = await post(origin, '/api/auth/signup', {
      email,
      password: 'correct horse battery',
      displayName,
    })
    facilitatorCookie = cookieOf(signup)
    userId = ((await signup.json()) as { userId: string }).userId
  }
  const contract = (await (
    await post(origin, '/api/contracts', exampleContract, facilitatorCookie)
  ).json()) as {
    id: string
  }
  const workshop = (await (
    await post(origin, '/api/workshops', { title: 'Atelier', contractId: contract.id }, facilitatorCookie)
  ).json()) as { id: string; boardId: string; joinCode: string; observerCode: string }
  const join = (code: string, displayName: string) => joinGuest(origin, code, displayName)
  return {
    boardId: workshop.boardId,
    workshopId: workshop.id,
    facilitator: { cookie: facilitatorCookie, userId, displayName },
    participant: await join(workshop.joinCode, 'Participante'),
    observer: await join(workshop.observerCode, 'Observateur'),
    joinCode: workshop.joinCode,
    observerCode: workshop.observerCode,
  }
}

/** Joins a workshop as a new guest with a join or observer code; returns the guest's cookie and id. */
export async function joinGuest(origin: string, code: string, displayName: string) {
  const response = await post(origin, '/api/join', { code, displayName })
  const body = (await response.json()) as { guestId: string; displayName: string }
  return { cookie: cookieOf(response), guestId: body.guestId, displayName: body.displayName }
}
