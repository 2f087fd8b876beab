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

/**
 * The screens tests run on: a desktop window, a larger laptop (1400×900: the size issue 11 measures the
 * board on, also a common projector resolution's usable area), a tablet held both ways (touch, mobile
 * viewport) and a phone (the size of a common Android/iPhone screen, touch, mobile viewport).
 */
export const viewports = {
  desktop: { viewport: { width: 1280, height: 800 } },
  wide: { viewport: { width: 1400, height: 900 } },
  tablet: { viewport: { width: 1024, height: 768 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  tabletPortrait: {
    viewport: { width: 768, height: 1024 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
} as const

/** The name of a screen of `viewports`. */
export type Device = keyof typeof viewports

/**
 * A fresh browser context (its own cookies: one person) on `baseURL`, in French unless told otherwise,
 * on a desktop window unless `device` names another screen of `viewports`.
 */
export function newContext(
  browser: Browser,
  options: { baseURL: string; device?: Device; locale?: 'fr-FR' | 'en-GB' },
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: options.baseURL,
    locale: options.locale ?? 'fr-FR',
    ...viewports[options.device ?? 'desktop'],
  })
}

/**
 * Collects what goes wrong in a page: uncaught exceptions, console errors, requests that fail, server
 * errors (5xx) and missing files (4xx outside /api, such as a script chunk). A test asserts `problems` is
 * empty at the end, so a broken page cannot pass unnoticed. API answers in 4xx are left to the test: many
 * are expected (401 from /api/auth/me when signed out, 404 for an unknown join code), and Chromium's
 * console line for them ("Failed to load resource") is not counted. `ignore` filters out other noise.
 * Content-Security-Policy violations are reported too (a `securitypolicyviolation` listener in every
 * document of the page), so every browser test also checks that the server's CSP lets the app work.
 */
export function watchPage(page: Page, ignore: RegExp[] = []): { problems: string[] } {
  const problems: string[] = []
  const add = (text: string) => {
    if (!ignore.some((pattern) => pattern.test(text))) problems.push(text)
  }
  page.on('pageerror', (error) => add(`page error: ${error.message}`))
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`)
    })
  })
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) return
    add(`console error: ${message.text()} (${message.location().url})`)
  })
  page.on('response', (response) => {
    const status = response.status()
    const path = new URL(response.url()).pathname
    if (status >= 500 || (status >= 400 && !path.startsWith('/api/'))) add(`HTTP ${status} ${response.url()}`)
  })
  page.on('requestfailed', (request) => {
    // Aborted fetches (a page left before its answer) are normal.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED')
      add(`request failed: ${request.url()} ${request.failure()?.errorText}`)
  })
  return { problems }
}
