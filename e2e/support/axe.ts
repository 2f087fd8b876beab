import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

/**
 * Accessibility checks with axe-core (Deque's rules engine, the devDependency pinned in package.json),
 * run inside the page under test. Its source is read from node_modules and evaluated in the page, never
 * fetched from a CDN; evaluation goes through the DevTools protocol, so a Content-Security-Policy the
 * app may add later does not block it.
 *
 * ```ts
 * expect(formatViolations(await axeViolations(page))).toEqual([])   // no serious or critical violation
 * ```
 */

/** axe's impact levels, from least to most harmful. */
export type AxeImpact = 'minor' | 'moderate' | 'serious' | 'critical'

/** One rule broken by one or more elements. */
export interface AxeViolation {
  /** The rule id, such as `color-contrast` or `button-name`. */
  id: string
  impact: AxeImpact | null
  help: string
  helpUrl: string
  nodes: { target: string[]; html: string; failureSummary: string }[]
}

export interface AxeOptions {
  /** CSS selector of the part of the page to check (default: the whole document). */
  include?: string
  /** Selectors left out, such as a third-party widget checked by its own project. */
  exclude?: string[]
  /** Impacts to report (default: serious and critical, what the e2e suite forbids). */
  impacts?: readonly AxeImpact[]
  /** Rule ids not to run, each with a reason in the calling test. */
  disableRules?: string[]
}

const require = createRequire(import.meta.url)
let axeSource: Promise<string> | undefined

/** Puts axe-core into the page, once per document. */
async function injectAxe(page: Page): Promise<void> {
  const present = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object')
  if (present) return
  axeSource ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8')
  await page.evaluate(await axeSource)
}

/**
 * Runs axe-core's WCAG 2.x A and AA rules (and its best practices) on the page as it is now, and returns
 * the violations of the impacts asked for (serious and critical by default).
 */
export async function axeViolations(page: Page, options: AxeOptions = {}): Promise<AxeViolation[]> {
  await injectAxe(page)
  const impacts = options.impacts ?? ['serious', 'critical']
  const violations = await page.evaluate(
    async ({ include, exclude, disableRules }) => {
      const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } }).axe
      const context = {
        include: include ? [include] : [['html']],
        exclude: (exclude ?? []).map((selector) => [selector]),
      }
      const result = (await axe.run(context, {
        resultTypes: ['violations'],
        runOnly: {
          type: 'tag',
          values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
        },
        rules: Object.fromEntries((disableRules ?? []).map((id) => [id, { enabled: false }])),
      })) as { violations: AxeViolation[] }
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({
          target: n.target.map(String),
          html: n.html.slice(0, 300),
          failureSummary: n.failureSummary,
        })),
      }))
    },
    { include: options.include, exclude: options.exclude, disableRules: options.disableRules },
  )
  return violations.filter((v) => v.impact !== null && impacts.includes(v.impact))
}

/**
 * One readable line per element and rule ("button-name (critical) Buttons must have discernible text:
 * .kb-topbar > button"), so a failing `toEqual([])` says what to fix and where.
 */
export function formatViolations(violations: AxeViolation[]): string[] {
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}) ${v.help}: ${n.target.join(' ')} — ${n.html.slice(0, 160)}`),
  )
}
