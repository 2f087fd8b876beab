/**
 * Helpers for browser end-to-end tests (e2e/*.e2e.ts, vitest project "e2e"):
 *
 * ```ts
 * let server: RunningServer, browser: Browser
 * beforeAll(async () => {
 *   await ensureClientBuilt()             // builds dist/client if stale (once per run, lock-protected)
 *   server = await startServer()          // real server, free port, fresh embedded database, no demo
 *   browser = await launchBrowser()       // /usr/bin/chromium, headless
 * })
 * afterAll(async () => { await browser?.close(); await server?.stop() })
 *
 * const context = await newContext(browser, { baseURL: server.url, device: 'phone' })
 * const page = await context.newPage()
 * const watch = watchPage(page)           // expect(watch.problems).toEqual([]) at the end
 * await screenshot(page, 'board-01-joined')
 * expect(await lowContrastTexts(page)).toEqual([])   // WCAG AA text contrast of what is shown
 * ```
 */
export { CHROMIUM_PATH, type Device, launchBrowser, newContext, viewports, watchPage } from './browser.ts'
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
export { artifactsDir, screenshot } from './screenshots.ts'
export { type RunningServer, startServer } from './server.ts'
