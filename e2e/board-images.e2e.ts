import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { screenshot, watchPage } from './support/index.ts'
import { BOARD_NOISE, browserRun, eventually } from './support/run.ts'

/**
 * Images on a board (issue 12, DESIGN.md "Images"), in Chromium against the real server: a facilitator
 * drops a picture on the board (the same call tldraw makes for a drop, a paste or the file picker); it
 * is uploaded to the board's asset route, lands for everyone with its asset, and the participant's
 * screen draws it from our server. A participant's dropped file goes nowhere. Screenshot:
 * e2e/artifacts/board-images-participant.png.
 */

const run = browserRun()
let boardId = ''
let facilitatorContext: BrowserContext
let participantContext: BrowserContext

async function openBoard(context: BrowserContext): Promise<{ page: Page; watch: { problems: string[] } }> {
  const page = await context.newPage()
  const watch = watchPage(page, BOARD_NOISE)
  await page.goto(`/tableau/${boardId}`)
  await page.locator('.kb-board[data-board-ready="true"]').waitFor({ timeout: 60_000 })
  await page.locator('.tl-shape[data-shape-type="zone"]').first().waitFor()
  return { page, watch }
}

/** Drops a 120×80 PNG drawn in the page at the centre of the view, as tldraw does for a real drop. */
function dropPicture(page: Page): Promise<void> {
  return page.evaluate(async () => {
    const canvas = document.createElement('canvas')
    canvas.width = 120
    canvas.height = 80
    const g = canvas.getContext('2d')!
    g.fillStyle = '#1864ab'
    g.fillRect(0, 0, 120, 80)
    g.fillStyle = '#ffd43b'
    g.beginPath()
    g.arc(60, 40, 25, 0, Math.PI * 2)
    g.fill()
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'))
    const editor = (window as any).kenlabourEditor
    await editor.putExternalContent({
      type: 'files',
      files: [new File([blob], 'plan.png', { type: 'image/png' })],
      point: editor.getViewportPageBounds().center,
    })
  })
}

/** The image shapes of the board and their assets' src, as a page's editor holds them. */
function images(page: Page): Promise<{ id: string; src: string | null }[]> {
  return page.evaluate(() => {
    const editor = (window as any).kenlabourEditor
    return editor
      .getCurrentPageShapes()
      .filter((shape: any) => shape.type === 'image')
      .map((shape: any) => ({ id: shape.id, src: editor.getAsset(shape.props.assetId)?.props.src ?? null }))
  })
}

beforeAll(async () => {
  const facilitator = (await run.person()).context
  facilitatorContext = facilitator
  await run.api(facilitator, 'POST', '/api/auth/signup', {
    email: `images-${Date.now()}@example.fr`,
    password: 'correct horse battery',
    displayName: 'Anne Animatrice',
  })
  const contract = await run.api<{ id: string }>(facilitator, 'POST', '/api/contracts', {
    title: 'Contrat de territoire',
    territory: 'Pays de Lorient',
    period: '2026-2028',
    priorities: [{ code: 'P1', title: 'Mobilités', actions: [{ code: '1.1', title: 'Covoiturage' }] }],
  })
  const workshop = await run.api<{ boardId: string; joinCode: string }>(
    facilitator,
    'POST',
    '/api/workshops',
    {
      title: 'Atelier images',
      contractId: contract.id,
    },
  )
  boardId = workshop.boardId
  const participant = (await run.person()).context
  participantContext = participant
  await run.api(participant, 'POST', '/api/join', {
    code: workshop.joinCode,
    displayName: 'Paul Participant',
  })
})

describe('images on the board', () => {
  it('a facilitator’s dropped picture is uploaded, reaches the participant and is drawn from our server', async () => {
    const facilitator = await openBoard(facilitatorContext)
    const participant = await openBoard(participantContext)

    const uploads: string[] = []
    participant.page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/assets')) uploads.push(request.url())
    })
    // A participant's drop goes nowhere: no upload, no image.
    // dropPicture waits for the board's drop handler to finish: an upload would be over by then.
    await dropPicture(participant.page)
    expect(uploads).toEqual([])
    expect(await images(participant.page)).toEqual([])

    await dropPicture(facilitator.page)
    const prefix = `/api/boards/${boardId}/assets/`
    const [mine] = await eventually(async () => {
      const list = await images(facilitator.page)
      return list.length === 1 && list[0]!.src ? list : null
    }, 'the image on the facilitator’s board')
    expect(mine!.src!.startsWith(prefix)).toBe(true)

    // The participant receives it (the live review kept it) and draws the file served by the server.
    await eventually(async () => {
      const list = await images(participant.page)
      return list.length === 1 && list[0]!.src === mine!.src
    }, 'the image on the participant’s board')
    await participant.page.evaluate((id) => {
      const editor = (window as any).kenlabourEditor
      editor.zoomToBounds(editor.getShapePageBounds(id), { targetZoom: 1.5, inset: 100 })
    }, mine!.id)
    const drawn = participant.page.locator(`.tl-shape[data-shape-type="image"] img`)
    await drawn.first().waitFor({ timeout: 15_000 })
    await eventually(
      () => drawn.first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 120),
      'the picture decoded',
    )
    expect(await drawn.first().getAttribute('src')).toBe(mine!.src)
    await screenshot(participant.page, 'board-images-participant')

    // A GIF renamed .png: the server refuses it by its bytes, the facilitator reads why, nothing lands.
    await facilitator.page.evaluate(async () => {
      const editor = (window as any).kenlabourEditor
      const gif = new Uint8Array([71, 73, 70, 56, 57, 97, 1, 0, 1, 0, 128, 0, 0, 255, 255, 255, 0, 0, 0, 59])
      await editor.putExternalContent({
        type: 'files',
        files: [new File([gif], 'photo.png', { type: 'image/png' })],
        point: editor.getViewportPageBounds().center,
      })
    })
    await facilitator.page
      .locator('.kb-statusline', { hasText: 'Format d’image non pris en charge' })
      .waitFor({ timeout: 15_000 })
    expect(await images(facilitator.page)).toHaveLength(1)

    const served = await participantContext.request.get(`${run.server.url}${mine!.src}`)
    expect(served.status()).toBe(200)
    expect(served.headers()['content-type']).toBe('image/png')
    expect(facilitator.watch.problems).toEqual([])
    expect(participant.watch.problems).toEqual([])
  })
})
