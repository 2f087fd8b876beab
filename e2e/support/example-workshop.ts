import type { BrowserContext } from 'playwright-core'
import { connectClient, synced } from '../../server/collab/testing/clients.ts'
import { writeExampleBoard } from '../../server/projects/testing/example-board.ts'
import { clearShapes, example } from '../../server/projects/testing/example-workshop.ts'
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
