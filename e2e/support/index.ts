/**
 * Helpers for browser end-to-end tests (e2e/*.e2e.ts, vitest project "e2e"):
 *
 * ```ts
 * const run = browserRun()                // before the suite: client built if stale, a real server on a
 *                                         // free port with a fresh embedded database, Chromium; after: all closed
 * const { context, page, watch } = await run.person({ device: 'phone' })
 * await run.api(context, 'POST', '/api/join', { code, displayName })   // with that person's cookies
 * await screenshot(page, 'board-01-joined')
 * expect(await lowContrastTexts(page)).toEqual([])   // WCAG AA text contrast of what is shown
 * expect(watch.problems).toEqual([])                 // no page error, failed request or CSP violation
 * ```
 */
export { CHROMIUM_PATH, type Device, launchBrowser, newContext, viewports, watchPage } from './browser.ts'
export { camera, cameraAtRest, canvasMeasured } from './camera.ts'
export { ensureClientBuilt } from './client-build.ts'
export { type LowContrast, lowContrastTexts } from './contrast.ts'
export {
  type BoardGeometry,
  boardGeometry,
  type DrawnZone,
  drawnCard,
  drawnShape,
  drawnZones,
  inside,
  overlap,
  type ScreenRect,
} from './geometry.ts'
export { BOARD_NOISE, type BrowserRun, browserRun, eventually, type Person } from './run.ts'
export { artifactsDir, screenshot } from './screenshots.ts'
export { type RunningServer, startServer } from './server.ts'
