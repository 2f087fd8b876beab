import type { Browser, BrowserContext, Cookie, Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { type Device, launchBrowser, newContext, watchPage } from './browser.ts'
import { ensureClientBuilt } from './client-build.ts'
import { type RunningServer, startServer } from './server.ts'

/**
 * Console lines of a live board that are not faults: a socket closed by a page left early, and the
 * y-websocket provider's line for a server message kind it has no handler of its own for
 * (shared/collab/PROTOCOL.md).
 */
export const BOARD_NOISE = [/WebSocket connection to/, /Unable to compute message/]

/** One person in the browser: their context (cookies), a page, and what went wrong on it. */
export interface Person {
  context: BrowserContext
  page: Page
  watch: { problems: string[] }
}

/** A suite's server and browser, with the people it opened. */
export interface BrowserRun {
  /** Set once the suite's tests run (read it in tests and hooks). */
  server: RunningServer
  browser: Browser
  /** A new person (browser context) on the server, closed after the suite. */
  person(options?: {
    device?: Device
    locale?: 'fr-FR' | 'en-GB'
    cookies?: Cookie[]
    /** Signed in as `sessionOf` (its cookies): the same person on another device or in another language. */
    sessionOf?: Person
    ignore?: RegExp[]
  }): Promise<Person>
  /** A JSON call with `context`'s cookies and the server's Origin; throws on an error answer. */
  api<T = unknown>(context: BrowserContext, method: string, path: string, data?: unknown): Promise<T>
}

/**
 * Registers the suite's hooks: before its tests, builds the client if stale, starts a real server
 * (with `env` added to its environment) and launches Chromium; after them, closes every person, the
 * browser and the server.
 */
export function browserRun(env: Record<string, string | undefined> = {}): BrowserRun {
  const contexts: BrowserContext[] = []
  const run: BrowserRun = {
    server: undefined as unknown as RunningServer,
    browser: undefined as unknown as Browser,
    async person(options = {}) {
      const { device, locale } = options
      const context = await newContext(run.browser, { baseURL: run.server.url, device, locale })
      contexts.push(context)
      const cookies = [...(options.cookies ?? [])]
      if (options.sessionOf) cookies.push(...(await options.sessionOf.context.cookies()))
      if (cookies.length) await context.addCookies(cookies)
      const page = await context.newPage()
      return { context, page, watch: watchPage(page, options.ignore ?? BOARD_NOISE) }
    },
    async api<T>(context: BrowserContext, method: string, path: string, data?: unknown): Promise<T> {
      const response = await context.request.fetch(`${run.server.url}${path}`, {
        method,
        data,
        headers: { origin: run.server.url },
      })
      if (response.status() >= 400)
        throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`)
      return (response.status() === 204 ? undefined : await response.json()) as T
    },
  }
  beforeAll(async () => {
    await ensureClientBuilt()
    run.server = await startServer(env)
    run.browser = await launchBrowser()
  }, 300_000)
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {})
    await run.browser?.close()
    await run.server?.stop()
  })
  return run
}

/** Polls `check` every 100 ms until it answers something truthy; throws after `ms`. */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  what: string,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const result = await check()
    if (result) return result
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
