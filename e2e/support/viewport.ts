import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'

/**
 * Asserts that `locator`, scrolled into view, lies wholly inside the viewport and that nothing is drawn
 * over the centre of its first line (a link that wraps has only whitespace at the centre of its box).
 */
export async function expectInViewport(page: Page, locator: Locator, what: string): Promise<void> {
  await locator.scrollIntoViewIfNeeded()
  await expect.poll(() => locator.isVisible(), { message: `${what} visible` }).toBe(true)
  const box = await locator.boundingBox()
  const viewport = page.viewportSize()!
  const inside =
    box !== null &&
    box.x >= 0 &&
    box.y >= 0 &&
    box.x + box.width <= viewport.width + 0.5 &&
    box.y + box.height <= viewport.height + 0.5
  expect(inside, `${what} at ${JSON.stringify(box)} in ${JSON.stringify(viewport)}`).toBe(true)
  const onTop = await locator.evaluate((element) => {
    const r = element.getClientRects()[0] ?? element.getBoundingClientRect()
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)
    return hit !== null && (hit === element || element.contains(hit))
  })
  expect(onTop, `${what} is covered`).toBe(true)
}

/**
 * Is `locator`'s element what is drawn at the centre of its box (itself or one of its children, nothing
 * over it)? expectInViewport asks the same of the centre of the first line.
 */
export function drawnOnTop(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const r = element.getBoundingClientRect()
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)
    return hit !== null && (hit === element || element.contains(hit))
  })
}
