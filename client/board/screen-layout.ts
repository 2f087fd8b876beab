import { useSyncExternalStore } from 'react'

/**
 * The board's layouts by screen width, shared by the page's CSS (board.css uses the same widths) and by
 * the few choices made in code (what the header's menu holds, whether a panel starts open).
 *
 * - phone (up to 40rem, 640 px): the header keeps title, status and a menu holding every action; panels
 *   open as a bottom sheet;
 * - tablet (up to 75rem, 1200 px): title over status on two short lines; panels open as a side drawer,
 *   closed at first;
 * - desktop: one header line; the facilitator's panel starts open beside the canvas.
 */
export const PHONE_LAYOUT = '(max-width: 40rem)'
export const DESKTOP_LAYOUT = '(min-width: 75rem)'

/** Does `query` match now? (False where there is no window, as in unit tests.) */
export function matches(query: string): boolean {
  return typeof window !== 'undefined' && !!window.matchMedia?.(query).matches
}

/** Whether a media query matches, re-rendering when that changes (window resized, tablet turned). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query)
      list.addEventListener('change', onChange)
      return () => list.removeEventListener('change', onChange)
    },
    () => matches(query),
    () => false,
  )
}
