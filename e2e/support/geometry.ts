import type { Page } from 'playwright-core'

/** A rectangle on screen, in CSS pixels of the page's viewport. */
export interface ScreenRect {
  x: number
  y: number
  width: number
  height: number
}

/** What the board page draws where: the measures its layout tests compare. */
export interface BoardGeometry {
  viewport: { width: number; height: number }
  header: ScreenRect
  /** The canvas's area (`.kb-canvas`). */
  canvas: ScreenRect
  /** tldraw's drawing surface inside it (`.tl-canvas`). */
  drawing: ScreenRect
  /** The open drawer or bottom sheet, if any. */
  drawer: ScreenRect | null
  /** Width and height of the whole document: larger than the viewport when something overflows. */
  scroll: { width: number; height: number }
  /** Header items drawn (even partly) outside the header's box: it grew or wrapped. */
  headerOverflow: string[]
}

/** Measures the board page's layout (see BoardGeometry). */
export function boardGeometry(page: Page): Promise<BoardGeometry> {
  return page.evaluate(() => {
    const rect = (element: Element | null) => {
      if (!element) return null
      const r = element.getBoundingClientRect()
      return { x: r.x, y: r.y, width: r.width, height: r.height }
    }
    const header = document.querySelector('.kb-topbar')!
    const h = header.getBoundingClientRect()
    const headerOverflow: string[] = []
    for (const item of header.querySelectorAll('.kb-topbar-main > *, .kb-topbar-actions > *')) {
      const r = item.getBoundingClientRect()
      if (r.width === 0 || r.height === 0) continue
      if (
        r.top < h.top - 0.5 ||
        r.bottom > h.bottom + 0.5 ||
        r.left < h.left - 0.5 ||
        r.right > h.right + 0.5
      )
        headerOverflow.push(`${item.className || item.tagName}: ${JSON.stringify(r)}`)
    }
    return {
      viewport: { width: innerWidth, height: innerHeight },
      header: rect(header)!,
      canvas: rect(document.querySelector('.kb-canvas'))!,
      drawing: rect(document.querySelector('.tl-canvas'))!,
      drawer: rect(document.querySelector('.kb-drawer')),
      scroll: {
        width: document.documentElement.scrollWidth,
        height: document.documentElement.scrollHeight,
      },
      headerOverflow,
    }
  })
}

/** A zone as drawn: its box and the on-screen size of its title's text. */
export interface DrawnZone {
  title: string
  zone: ScreenRect
  /** The title's text, line by line (one line: it is cut with an ellipsis). */
  titleLines: ScreenRect[]
  /** The box of the element holding the title's text: what of it shows (an ellipsis cuts the rest). */
  titleBox: ScreenRect
}

/**
 * The zones tldraw draws now (shapes outside the view are not drawn, so not listed), found by tldraw's
 * shape type; `titles` are the zones' titles, whose text is looked for inside each.
 */
export function drawnZones(page: Page, titles: readonly string[]): Promise<DrawnZone[]> {
  return page.evaluate((wanted) => {
    const rect = (r: DOMRect) => ({ x: r.x, y: r.y, width: r.width, height: r.height })
    const result: DrawnZone[] = []
    for (const zone of document.querySelectorAll('.tl-shape[data-shape-type="zone"]')) {
      if (zone.getBoundingClientRect().width === 0) continue
      const walker = document.createTreeWalker(zone, NodeFilter.SHOW_TEXT)
      let node = walker.nextNode()
      while (node && !wanted.includes(node.textContent?.trim() ?? '')) node = walker.nextNode()
      if (!node) continue
      const range = document.createRange()
      range.selectNodeContents(node)
      result.push({
        title: node.textContent!.trim(),
        zone: rect(zone.getBoundingClientRect()),
        titleLines: [...range.getClientRects()].map(rect),
        titleBox: rect(node.parentElement!.getBoundingClientRect()),
      })
    }
    return result
  }, titles)
}

/**
 * Where the card holding `text` is drawn, and how tall the line boxes of that text are on screen; null
 * when no card holding it is drawn.
 */
export function drawnCard(
  page: Page,
  text: string,
): Promise<{ card: ScreenRect; textLines: ScreenRect[] } | null> {
  return page.evaluate((wanted) => {
    const rect = (r: DOMRect) => ({ x: r.x, y: r.y, width: r.width, height: r.height })
    for (const card of document.querySelectorAll('.tl-shape[data-shape-type="idea"]')) {
      const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent?.includes(wanted)) continue
        const box = card.getBoundingClientRect()
        if (box.width === 0) return null
        const range = document.createRange()
        range.selectNodeContents(node)
        return { card: rect(box), textLines: [...range.getClientRects()].map(rect) }
      }
    }
    return null
  }, text)
}

/** Where a shape is drawn on screen, by its id (whatever it shows: a card zoomed far out has no text). */
export function drawnShape(page: Page, id: string): Promise<ScreenRect | null> {
  return page.evaluate((shapeId) => {
    const element = document.querySelector(`.tl-shape[data-shape-id="${shapeId}"]`)
    if (!element) return null
    const r = element.getBoundingClientRect()
    return { x: r.x, y: r.y, width: r.width, height: r.height }
  }, id)
}

/** Is `inner` inside `outer` (with half a pixel of rounding)? */
export function inside(outer: ScreenRect, inner: ScreenRect): boolean {
  return (
    inner.x >= outer.x - 0.5 &&
    inner.y >= outer.y - 0.5 &&
    inner.x + inner.width <= outer.x + outer.width + 0.5 &&
    inner.y + inner.height <= outer.y + outer.height + 0.5
  )
}

/** Do two rectangles overlap? */
export function overlap(a: ScreenRect, b: ScreenRect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}
