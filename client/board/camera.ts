import type { Editor, TLShape, TLShapeId } from 'tldraw'

/**
 * Where the camera goes: the first view of a board (its zones), "show everything", a zone, one card.
 * The camera moves only here, and only when the person asks (or once, when the board opens): a view
 * that jumps while someone drags or writes a card loses their place.
 */

/** A rectangle in page units (x, y of its top-left corner). */
export interface PageRect {
  x: number
  y: number
  w: number
  h: number
}

/** tldraw's camera: a page point p is drawn at ((p.x + x) · z, (p.y + y) · z) on the canvas. */
export interface CameraPosition {
  x: number
  y: number
  z: number
}

/** Room kept free around framed content, in screen pixels. */
export interface ScreenInsets {
  top: number
  right: number
  bottom: number
  left: number
}

/**
 * Space left to tldraw's own panels when framing: its menu bar along the top left and its toolbar along
 * the bottom, so no zone title lands under them (the facilitator's first view used to hide the titles
 * under the page menu).
 */
export const FRAME_INSETS: ScreenInsets = { top: 60, right: 20, bottom: 84, left: 20 }

/**
 * The lowest zoom at which a board opens. Zone titles keep about 14 px on screen down to it (board.css
 * enlarges them as the zoom falls, up to what fits in a zone's title band); a board too large to fit at
 * this zoom opens on its first zones (or on mine) rather than on a view where nothing can be read.
 */
export const LEGIBLE_ZOOM = 0.15

/** tldraw's smallest zoom step: "show everything" may go down to it, as the person asked for the whole. */
const SMALLEST_ZOOM = 0.05

/**
 * The camera that frames `target` inside `screen` minus `insets`, centred, at most at `maxZoom`. When the
 * whole would need a zoom below `minZoom`, the camera frames `anchor` instead (as large as it fits, never
 * below `minZoom`), or else shows the top-left of `target` at `minZoom`: reading order, where the first
 * zones are.
 */
export function cameraToFrame(
  target: PageRect,
  screen: { w: number; h: number },
  options: { insets?: ScreenInsets; minZoom?: number; maxZoom?: number; anchor?: PageRect | null } = {},
): CameraPosition {
  const insets = options.insets ?? FRAME_INSETS
  // On a small canvas the insets would eat it: never keep less than half of each side for content.
  const left = Math.min(insets.left, screen.w / 4)
  const right = Math.min(insets.right, screen.w / 4)
  const top = Math.min(insets.top, screen.h / 4)
  const bottom = Math.min(insets.bottom, screen.h / 4)
  const area = { x: left, y: top, w: screen.w - left - right, h: screen.h - top - bottom }
  const fitOf = (r: PageRect) => Math.min(area.w / Math.max(r.w, 1), area.h / Math.max(r.h, 1))
  const fit = fitOf(target)
  const maxZoom = options.maxZoom ?? 1
  const minZoom = Math.min(options.minZoom ?? SMALLEST_ZOOM, maxZoom)
  const shown = fit >= minZoom ? target : options.anchor
  if (shown) {
    const z = Math.max(Math.min(fitOf(shown), maxZoom), minZoom)
    return {
      x: (area.x + area.w / 2) / z - (shown.x + shown.w / 2),
      y: (area.y + area.h / 2) / z - (shown.y + shown.h / 2),
      z,
    }
  }
  const z = minZoom
  // Too large to fit: the top-left of the target, centred along an axis where it fits.
  const x =
    target.w * z <= area.w ? (area.x + area.w / 2) / z - (target.x + target.w / 2) : area.x / z - target.x
  const y =
    target.h * z <= area.h ? (area.y + area.h / 2) / z - (target.y + target.h / 2) : area.y / z - target.y
  return { x, y, z }
}

/** The page rectangle shown by `camera` on a canvas of `screen` size. */
export function viewOf(camera: CameraPosition, screen: { w: number; h: number }): PageRect {
  return { x: -camera.x, y: -camera.y, w: screen.w / camera.z, h: screen.h / camera.z }
}

/** The smallest rectangle holding all of `rects`, or null when there is none. */
export function unionOf(rects: readonly PageRect[]): PageRect | null {
  if (rects.length === 0) return null
  let x0 = Number.POSITIVE_INFINITY
  let y0 = Number.POSITIVE_INFINITY
  let x1 = Number.NEGATIVE_INFINITY
  let y1 = Number.NEGATIVE_INFINITY
  for (const r of rects) {
    x0 = Math.min(x0, r.x)
    y0 = Math.min(y0, r.y)
    x1 = Math.max(x1, r.x + r.w)
    y1 = Math.max(y1, r.y + r.h)
  }
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }
}

/** Is `inner` entirely inside `outer`? */
export function contains(outer: PageRect, inner: PageRect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.w <= outer.x + outer.w &&
    inner.y + inner.h <= outer.y + outer.h
  )
}

/** The zones of the current page. */
export function zonesOf(editor: Editor): TLShape[] {
  return editor.getCurrentPageShapes().filter((shape) => shape.type === 'zone')
}

/** The title of a zone shape ('' for anything else). */
export function zoneTitle(shape: TLShape | undefined): string {
  return shape?.type === 'zone' ? (shape.props as { title: string }).title : ''
}

/** The innermost zone whose page bounds contain `point` (the membership rule of DESIGN.md), if any. */
export function zoneAt(editor: Editor, point: { x: number; y: number }): TLShape | undefined {
  let best: TLShape | undefined
  let bestArea = Number.POSITIVE_INFINITY
  for (const zone of zonesOf(editor)) {
    const bounds = editor.getShapePageBounds(zone)
    if (!bounds?.containsPoint(point)) continue
    const area = bounds.w * bounds.h
    if (area < bestArea) {
      best = zone
      bestArea = area
    }
  }
  return best
}

/** The zone holding the centre of shape `id`, if any. */
export function zoneOfShape(editor: Editor, id: TLShapeId): TLShape | undefined {
  const bounds = editor.getShapePageBounds(id)
  return bounds ? zoneAt(editor, bounds.center) : undefined
}

function pageBoundsOf(editor: Editor, shapes: TLShape[]): PageRect | null {
  return unionOf(shapes.flatMap((shape) => editor.getShapePageBounds(shape) ?? []))
}

function screenSize(editor: Editor): { w: number; h: number } {
  const screen = editor.getViewportScreenBounds()
  return { w: screen.w, h: screen.h }
}

/** A short camera move, or none when the person asked for reduced motion (tldraw reads that setting). */
function animated(editor: Editor) {
  return { animation: { duration: editor.options.animationMediumMs } }
}

/** Moves the camera to frame `target` (see cameraToFrame), at once or animated. */
function frame(
  editor: Editor,
  target: PageRect,
  options: { minZoom?: number; maxZoom?: number; anchor?: PageRect | null; immediate?: boolean },
): void {
  const camera = cameraToFrame(target, screenSize(editor), options)
  editor.stopCameraAnimation()
  editor.setCamera(camera, options.immediate ? { immediate: true } : animated(editor))
}

/**
 * Frames the zones (not stray shapes far away, which would shrink everything): the whole set with a
 * margin, or, when that would drop below LEGIBLE_ZOOM (eight zones on a phone), one zone whole:
 * `anchorZone` (mine), else the first in reading order. A board without zones frames its content; an
 * empty board keeps tldraw's default view. Returns whether the camera moved.
 */
export function frameZones(
  editor: Editor,
  options: { immediate?: boolean; anchorZone?: TLShapeId | null } = {},
): boolean {
  const zones = zonesOf(editor)
  const target = pageBoundsOf(editor, zones.length ? zones : editor.getCurrentPageShapes())
  if (!target) return false
  const first = zones
    .map((zone) => editor.getShapePageBounds(zone))
    .filter((bounds) => !!bounds)
    .sort((a, b) => a.y - b.y || a.x - b.x)[0]
  const anchor = (options.anchorZone ? editor.getShapePageBounds(options.anchorZone) : null) ?? first
  frame(editor, target, {
    minZoom: LEGIBLE_ZOOM,
    maxZoom: 1,
    anchor: anchor ?? null,
    immediate: options.immediate,
  })
  return true
}

/** "Show everything": every shape of the page, down to tldraw's smallest zoom if it takes that. */
export function showEverything(editor: Editor): boolean {
  const target = pageBoundsOf(editor, editor.getCurrentPageShapes())
  if (!target) return false
  frame(editor, target, { minZoom: SMALLEST_ZOOM, maxZoom: 1 })
  return true
}

/** Frames one zone, as large as it fits (its cards legible when it can). */
export function goToZone(editor: Editor, zoneId: TLShapeId): boolean {
  const bounds = editor.getShapePageBounds(zoneId)
  if (!bounds) return false
  frame(editor, bounds, { minZoom: LEGIBLE_ZOOM, maxZoom: 1 })
  return true
}

/** Shows one card with some of its surroundings, at a zoom where its text reads (at most 100 %). */
export function goToShape(editor: Editor, id: TLShapeId): boolean {
  const bounds = editor.getShapePageBounds(id)
  if (!bounds) return false
  frame(editor, bounds.clone().expandBy(160), { minZoom: 0.6, maxZoom: 1 })
  return true
}

/** Is shape `id` entirely inside the visible part of the page? */
export function wholeInView(editor: Editor, id: TLShapeId): boolean {
  const bounds = editor.getShapePageBounds(id)
  return !!bounds && contains(editor.getViewportPageBounds(), bounds)
}

/** How long after opening the view may still be framed again, if the canvas is resized meanwhile. */
const SETTLE_MS = 1500

/**
 * Frames the zones when the board opens, once. If the canvas changes size in the first moments (the page
 * finishing its layout) before the person touched anything, it frames again; after that, never: the
 * view is theirs. Nothing happens while following someone (follow-me moves the camera). Returns the
 * function that stops watching.
 */
export function frameOnOpen(
  editor: Editor,
  options: {
    anchorZone?: TLShapeId | null
    /** Called once the opening moments are over: from then on only the person moves the camera. */
    onSettled?: () => void
  } = {},
): () => void {
  // The canvas may have been measured before the page's final layout: measure it now.
  const container = editor.getContainer()
  const canvas = container.querySelector<HTMLElement>('.tl-canvas') ?? container
  editor.updateViewportScreenBounds(canvas)
  const opened = Date.now()
  let touched = false
  const frameNow = () => {
    if (editor.getInstanceState().followingUserId) return
    frameZones(editor, { immediate: true, anchorZone: options.anchorZone })
  }
  frameNow()
  let framedFor = screenSize(editor)

  const onEvent = (info: { type: string; name?: string }) => {
    if (
      info.type === 'wheel' ||
      info.type === 'pinch' ||
      (info.type === 'pointer' && info.name === 'pointer_down') ||
      (info.type === 'keyboard' && info.name === 'key_down')
    )
      touched = true
  }
  editor.on('event', onEvent)
  const stopWatching = editor.store.listen(
    () => {
      if (touched || Date.now() - opened > SETTLE_MS) return
      const size = screenSize(editor)
      if (size.w === framedFor.w && size.h === framedFor.h) return
      framedFor = size
      frameNow()
    },
    { scope: 'session', source: 'all' },
  )
  const stopAfter = setTimeout(() => stop(), SETTLE_MS + 100)
  let stopped = false
  const stop = () => {
    if (stopped) return
    stopped = true
    clearTimeout(stopAfter)
    stopWatching()
    editor.off('event', onEvent)
    options.onSettled?.()
  }
  return stop
}
