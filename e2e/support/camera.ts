import type { Page } from 'playwright-core'
import { eventually } from './run.ts'

/** The board's camera (tldraw's x, y, zoom), read from the page's editor. */
export function camera(page: Page): Promise<{ x: number; y: number; z: number }> {
  return page.evaluate(() => {
    const { x, y, z } = (window as any).kenlabourEditor.getCamera()
    return { x, y, z }
  })
}

/**
 * Waits until the camera is at rest: the board's opening framing is over (`data-view-settled`, set by
 * client/board/camera.ts `frameOnOpen`), no camera animation runs, and tldraw's camera state is idle.
 */
export async function cameraAtRest(page: Page): Promise<void> {
  await page.locator('.kb-board[data-view-settled="true"]').waitFor({ timeout: 10_000 })
  await eventually(
    () =>
      page.evaluate(() => {
        const editor = (window as any).kenlabourEditor
        return !editor._viewportAnimation && editor.getCameraState() === 'idle'
      }),
    'the camera at rest',
  )
}

/** Waits until tldraw has measured the canvas at its size on screen now (after a resize or a panel). */
export async function canvasMeasured(page: Page): Promise<void> {
  await eventually(
    () =>
      page.evaluate(() => {
        const editor = (window as any).kenlabourEditor
        const onScreen = editor.getContainer().getBoundingClientRect()
        const measured = editor.getViewportScreenBounds()
        return (
          Math.round(measured.w) === Math.round(onScreen.width) &&
          Math.round(measured.h) === Math.round(onScreen.height)
        )
      }),
    'the canvas measured at its new size',
  )
}
