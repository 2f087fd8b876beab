import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { repoRoot } from '../../scripts/client-build.ts'

/** Where browser tests leave screenshots (ignored by git). */
export const artifactsDir = join(repoRoot, 'e2e', 'artifacts')

/**
 * Saves a full-page screenshot as e2e/artifacts/<name>.png and returns its path. Name it after the test
 * and the step (`foundation-03-contract-imported`), so a run leaves a readable story.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  await mkdir(artifactsDir, { recursive: true })
  const path = join(artifactsDir, `${name}.png`)
  await page.screenshot({ path, fullPage: options.fullPage ?? true })
  return path
}
