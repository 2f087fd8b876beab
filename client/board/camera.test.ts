import { describe, expect, it } from 'vitest'
import { ZONE_LAYOUT } from '../../shared/board/create-board.ts'
import { cameraToFrame, contains, LEGIBLE_ZOOM, type PageRect, unionOf, viewOf } from './camera.ts'

/** The zones a server lays out for `n` start zones (create-board.ts: a square-ish grid). */
function zoneGrid(n: number): PageRect[] {
  const columns = Math.ceil(Math.sqrt(n))
  return Array.from({ length: n }, (_, i) => ({
    x: (i % columns) * (ZONE_LAYOUT.w + ZONE_LAYOUT.gap),
    y: Math.floor(i / columns) * (ZONE_LAYOUT.h + ZONE_LAYOUT.gap),
    w: ZONE_LAYOUT.w,
    h: ZONE_LAYOUT.h,
  }))
}

const noInsets = { top: 0, right: 0, bottom: 0, left: 0 }

describe('cameraToFrame', () => {
  it('fits the whole target, centred, inside the insets', () => {
    const target = { x: 100, y: 50, w: 1000, h: 500 }
    const screen = { w: 1200, h: 800 }
    const insets = { top: 60, right: 20, bottom: 80, left: 20 }
    const camera = cameraToFrame(target, screen, { insets })
    // 1160 px of width for 1000 units; 660 px of height for 500 units: the width decides, capped at 1.
    expect(camera.z).toBe(1)
    const view = viewOf(camera, screen)
    expect(contains(view, target)).toBe(true)
    // Centred in the area left by the insets.
    expect((target.x + target.w / 2 + camera.x) * camera.z).toBeCloseTo(20 + 1160 / 2)
    expect((target.y + target.h / 2 + camera.y) * camera.z).toBeCloseTo(60 + 660 / 2)
  })

  it('zooms out as far as needed, no further', () => {
    const target = { x: 0, y: 0, w: 4000, h: 1000 }
    const camera = cameraToFrame(target, { w: 1000, h: 1000 }, { insets: noInsets })
    expect(camera.z).toBeCloseTo(0.25)
    expect(contains(viewOf(camera, { w: 1000, h: 1000 }), target)).toBe(true)
  })

  it('frames eight server-made zones whole on a 1400×900 screen, above the legible zoom', () => {
    const zones = unionOf(zoneGrid(8))!
    // The canvas under a 52 px header.
    const screen = { w: 1400, h: 848 }
    const camera = cameraToFrame(zones, screen, { minZoom: LEGIBLE_ZOOM })
    expect(camera.z).toBeGreaterThan(0.2)
    expect(contains(viewOf(camera, screen), zones)).toBe(true)
  })

  it('keeps the legible zoom when the whole does not fit, showing the top-left first', () => {
    const zones = unionOf(zoneGrid(8))!
    const screen = { w: 390, h: 792 }
    const camera = cameraToFrame(zones, screen, { minZoom: LEGIBLE_ZOOM, insets: noInsets })
    expect(camera.z).toBe(LEGIBLE_ZOOM)
    const view = viewOf(camera, screen)
    // The first zone's top-left corner is on screen.
    expect(view.x).toBeLessThanOrEqual(0)
    expect(view.y).toBeLessThanOrEqual(0)
    expect(view.x + view.w).toBeGreaterThan(0)
  })

  it('frames an anchor (my zone, the first zone) whole when the whole board does not fit', () => {
    const grid = zoneGrid(9)
    const zones = unionOf(grid)!
    const mine = grid[8]!
    const screen = { w: 390, h: 792 }
    const camera = cameraToFrame(zones, screen, { minZoom: LEGIBLE_ZOOM, insets: noInsets, anchor: mine })
    // As large as the zone fits: 390 px for its 1400 units.
    expect(camera.z).toBeCloseTo(390 / 1400)
    const view = viewOf(camera, screen)
    expect(contains(view, mine)).toBe(true)
    expect(view.x + view.w / 2).toBeCloseTo(mine.x + mine.w / 2)
    expect(view.y + view.h / 2).toBeCloseTo(mine.y + mine.h / 2)
  })

  it('never lets the insets take more than half of a tiny canvas', () => {
    const camera = cameraToFrame({ x: 0, y: 0, w: 100, h: 100 }, { w: 120, h: 120 })
    expect(camera.z).toBeGreaterThan(0.5)
  })
})

describe('unionOf', () => {
  it('bounds every rectangle, and is null for none', () => {
    expect(unionOf([])).toBeNull()
    expect(
      unionOf([
        { x: 0, y: 10, w: 5, h: 5 },
        { x: -3, y: 2, w: 1, h: 1 },
      ]),
    ).toEqual({ x: -3, y: 2, w: 8, h: 13 })
  })
})
