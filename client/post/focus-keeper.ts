/**
 * Keeps the keyboard focus on a control that React may unmount and mount again elsewhere: an idea moved
 * to another zone is a new list item, drawn when the live document says so, which may be before or
 * after the server answers the request. The page names the control it wants focused (its
 * `data-focus-key`) before acting; whichever copy of it appears within a few seconds takes the focus,
 * unless the person has put the focus somewhere else meanwhile.
 */

let pending: { key: string; until: number } | null = null

/** Asks that the control with `data-focus-key={key}` get the focus when it (re)appears. */
export function keepFocus(key: string, ms = 4000): void {
  pending = { key, until: Date.now() + ms }
}

/**
 * Focuses the pending control if it is inside `root` and the focus is nowhere (on the body, as after
 * the focused element was removed) or on another copy of it. Returns true when it focused something.
 */
export function restoreFocus(root: ParentNode | null = document): boolean {
  if (!pending || !root) return false
  if (Date.now() > pending.until) {
    pending = null
    return false
  }
  const element = root.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(pending.key)}"]`)
  if (!element) return false
  const active = document.activeElement
  const lost = !active || active === document.body || !active.isConnected
  const sameControl = active instanceof HTMLElement && active.dataset.focusKey === pending.key
  if (!lost && !sameControl) return false
  element.focus()
  return true
}
