import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

/** The machine's Chromium (Debian package); browser tests never download one. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Launches headless Chromium with the flags this machine needs. Close it in afterAll. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
}

/** A desktop window and a phone (the size of a common Android/iPhone screen, touch, mobile viewport). */
export const viewports = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
} as const

/**
 * A fresh browser context (its own cookies: one person) on `baseURL`, in French unless told otherwise,
 * desktop unless `device: 'phone'`.
 */
export function newContext(
  browser: Browser,
  options: { baseURL: string; device?: keyof typeof viewports; locale?: 'fr-FR' | 'en-GB' },
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: options.baseURL,
    locale: options.locale ?? 'fr-FR',
    ...viewports[options.device ?? 'desktop'],
  })
}

/**
 * Collects what goes wrong in a page: uncaught exceptions, console errors and failed requests to the
 * server. A test asserts `problems` is empty at the end, so a broken page cannot pass unnoticed.
 * `ignore` filters out expected noise (a 401 from /api/auth/me when signed out is one, and is ignored).
 */
export function watchPage(page: Page, ignore: RegExp[] = []): { problems: string[] } {
  const problems: string[] = []
  const expected = [/\/api\/auth\/me\b.*\b401\b/, /status of 401/, ...ignore]
  const add = (text: string) => {
    if (!expected.some((pattern) => pattern.test(text))) problems.push(text)
  }
  page.on('pageerror', (error) => add(`page error: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') add(`console error: ${message.text()} (${message.location().url})`)
  })
  page.on('response', (response) => {
    if (response.status() >= 500) add(`HTTP ${response.status()} ${response.url()}`)
  })
  page.on('requestfailed', (request) => {
    // Aborted fetches (a page left before its answer) are normal.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED')
      add(`request failed: ${request.url()} ${request.failure()?.errorText}`)
  })
  return { problems }
}
