import type { BrowserContext } from 'playwright-core'
import { connectClient, synced } from '../../server/collab/testing/clients.ts'
import { writeExampleBoard } from '../../server/projects/testing/example-board.ts'
import { clearShapes, example, exampleContract } from '../../server/projects/testing/example-workshop.ts'
import type { ProjectRecord } from '../../shared/projects/record.ts'
import { type Account, signUpWithContract } from './council.ts'
import { type BrowserRun, eventually } from './run.ts'

/**
 * A workshop on `contractId` whose board holds the example workshop (zones, clusters, ideas), written
 * through the collaboration server by a real y-websocket client with `context`'s session, the cards
 * credited to `author`. Waits until the server holds its three clusters.
 */
export async function exampleBoardWorkshop(
  run: BrowserRun,
  context: BrowserContext,
  options: { title: string; contractId: string; author: { id: string; name: string } },
): Promise<{ id: string; boardId: string }> {
  const api = <T>(method: string, path: string, data?: unknown) => run.api<T>(context, method, path, data)
  const workshop = await api<{ id: string; boardId: string }>('POST', '/api/workshops', {
    title: options.title,
    contractId: options.contractId,
  })
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
  const client = connectClient(run.server.url, workshop.boardId, cookie, {
    headers: { origin: run.server.url },
  })
  await synced(client)
  clearShapes(client.doc)
  writeExampleBoard(client.doc, example, 'ex', { votes: false, author: options.author })
  await eventually(async () => {
    const snapshot = await api<{ records: { typeName: string; type?: string }[] }>(
      'GET',
      `/api/boards/${workshop.boardId}/snapshot`,
    )
    return snapshot.records.filter((r) => r.type === 'cluster').length === 3
  }, 'the board holds the example')
  client.destroy()
  return workshop
}

/**
 * A new council that held the example workshop and converted it: `context` signs up with `account`,
 * creates the example contract, gets a workshop titled `title` whose board holds the example (cards
 * credited to the account) and converts it. Answers the account, the contract and the records made.
 */
export async function convertedExampleWorkshop(
  run: BrowserRun,
  context: BrowserContext,
  options: { account: Account; title: string },
): Promise<{ userId: string; contractId: string; projects: ProjectRecord[] }> {
  const { account, title } = options
  const { userId, contractId } = await signUpWithContract(run, context, account, exampleContract)
  const author = { id: userId, name: account.displayName }
  const workshop = await exampleBoardWorkshop(run, context, { title, contractId, author })
  const { projects } = await run.api<{ projects: ProjectRecord[] }>(
    context,
    'POST',
    `/api/workshops/${workshop.id}/convert`,
  )
  return { userId, contractId, projects }
}
