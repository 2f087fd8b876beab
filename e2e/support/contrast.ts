import type { Page } from 'playwright-core'

/** A piece of text whose contrast with what is behind it is below WCAG AA. */
export interface LowContrast {
  text: string
  ratio: number
  required: number
  color: string
  background: string
}

/**
 * Checks WCAG 2 AA text contrast (1.4.3) on what the page shows now: every visible element holding text
 * (and every filled text field) against its effective background, semi-transparent layers blended in.
 * The threshold is 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold). Disabled controls are exempt,
 * as WCAG says. Backgrounds must be plain colours (images and gradients are not read): this suits
 * the app's pages; on a canvas, check what matters by hand. Returns the failures (empty when all pass).
 */
export function lowContrastTexts(page: Page): Promise<LowContrast[]> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number]
    const parse = (value: string): Rgba | undefined => {
      const m = /^rgba?\(([^)]+)\)$/.exec(value.trim())
      if (!m) return undefined
      const parts = m[1]!
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number)
      return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1]
    }
    const blend = (top: Rgba, bottom: Rgba): Rgba => {
      const a = top[3]
      return [
        top[0] * a + bottom[0] * (1 - a),
        top[1] * a + bottom[1] * (1 - a),
        top[2] * a + bottom[2] * (1 - a),
        1,
      ]
    }
    const luminance = ([r, g, b]: Rgba) => {
      const channel = (c: number) => {
        const s = c / 255
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
      }
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }
    const background = (element: Element): Rgba => {
      const layers: Rgba[] = []
      for (let node: Element | null = element; node; node = node.parentElement) {
        const color = parse(getComputedStyle(node).backgroundColor)
        if (color && color[3] > 0) {
          layers.push(color)
          if (color[3] >= 1) break
        }
      }
      let result: Rgba = [255, 255, 255, 1]
      for (const layer of layers.reverse()) result = blend(layer, result)
      return result
    }
    const visible = (element: Element) => {
      const style = getComputedStyle(element)
      if (style.visibility === 'hidden' || style.display === 'none') return false
      const rect = element.getBoundingClientRect()
      // The skip link waits off-screen until focused: not shown, not checked.
      return rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0
    }
    const failures: LowContrast[] = []
    for (const element of Array.from(document.body.querySelectorAll('*'))) {
      const isField = element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement
      const ownText = isField
        ? (element as HTMLInputElement).value
        : Array.from(element.childNodes)
            .filter((n) => n.nodeType === Node.TEXT_NODE)
            .map((n) => n.textContent ?? '')
            .join('')
      if (!ownText.trim() || !visible(element)) continue
      if (isField && ['checkbox', 'radio', 'file', 'hidden'].includes((element as HTMLInputElement).type))
        continue
      if (element.closest('[aria-hidden="true"], :disabled, .tl-container, svg')) continue
      const style = getComputedStyle(element)
      const fg = parse(style.color)
      if (!fg) continue
      const bg = background(element)
      const shown = blend(fg, bg)
      const [l1, l2] = [luminance(shown), luminance(bg)].sort((a, b) => b - a)
      const ratio = (l1! + 0.05) / (l2! + 0.05)
      const size = Number.parseFloat(style.fontSize)
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700)
      const required = large ? 3 : 4.5
      if (ratio < required)
        failures.push({
          text: ownText.trim().slice(0, 60),
          ratio: Math.round(ratio * 100) / 100,
          required,
          color: style.color,
          background: `rgb(${bg.slice(0, 3).map(Math.round).join(', ')})`,
        })
    }
    return failures
  })
}
