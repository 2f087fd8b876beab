import exampleContract from '../../demo/contract-example.json' with { type: 'json' }

/**
 * The usual cast of a board test, created over HTTP against a server in another process: a facilitator
 * account, a workshop on the example contract, a participant and an observer who joined it.
 */
export interface RemoteWorkshop {
  boardId: string
  workshopId: string
  facilitator: { cookie: string; userId: string }
  participant: { cookie: string; guestId: string }
  observer: { cookie: string; guestId: string }
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

export async function remoteWorkshop(origin: string): Promise<RemoteWorkshop> {
  const email = `f-${crypto.randomUUID().slice(0, 8)}@example.fr`
  const signup = await post(origin, '/api/auth/signup', {
    email,
    password: 'correct horse battery',
    displayName: 'Animatrice',
  })
  const facilitatorCookie = cookieOf(signup)
  const { userId } = (await signup.json()) as { userId: string }
  const contract = (await (
    await post(origin, '/api/contracts', exampleContract, facilitatorCookie)
  ).json()) as {
    id: string
  }
  const workshop = (await (
    await post(origin, '/api/workshops', { title: 'Atelier', contractId: contract.id }, facilitatorCookie)
  ).json()) as { id: string; boardId: string; joinCode: string; observerCode: string }
  const join = async (code: string, displayName: string) => {
    const response = await post(origin, '/api/join', { code, displayName })
    const body = (await response.json()) as { guestId: string }
    return { cookie: cookieOf(response), guestId: body.guestId }
  }
  return {
    boardId: workshop.boardId,
    workshopId: workshop.id,
    facilitator: { cookie: facilitatorCookie, userId },
    participant: await join(workshop.joinCode, 'Participante'),
    observer: await join(workshop.observerCode, 'Observateur'),
  }
}
