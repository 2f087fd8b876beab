/**
 * Where a guest lands after joining. On a phone, the phone page (`/poster/:boardId`: post an idea, read
 * the ideas by zone), which is made for a small screen and links to the canvas; on a tablet or a
 * computer, the canvas itself.
 *
 * A phone is a screen at most 40rem (640 px) wide, the width under which the board turns to its phone
 * layout, or a touch screen at most 40rem high (a phone held sideways). A desktop window made narrow
 * counts as a phone too: the canvas would be as cramped there.
 */
export const PHONE_SCREEN = '(max-width: 40rem), (max-height: 40rem) and (pointer: coarse)'

/** The path a guest of board `boardId` is sent to after joining. */
export function landingPath(boardId: string, onPhone: boolean): string {
  const id = encodeURIComponent(boardId)
  return onPhone ? `/poster/${id}` : `/tableau/${id}`
}

/** Is this screen a phone's (see PHONE_SCREEN)? */
export function isPhoneScreen(): boolean {
  return typeof window !== 'undefined' && !!window.matchMedia?.(PHONE_SCREEN).matches
}
