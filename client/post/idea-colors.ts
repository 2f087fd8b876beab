/**
 * Idea colours as the list shows them: the accent of each tldraw colour name, drawn as the card's edge.
 * The same accents as the canvas's cards (client/board/board-state.ts `cardPalette`), repeated here so
 * this page does not load tldraw's state library for thirteen strings. Each reaches 3:1 against white,
 * as WCAG asks of graphics that carry meaning.
 */
export const ideaAccents: Readonly<Record<string, string>> = {
  yellow: '#8a5a00',
  orange: '#b23c00',
  red: '#a61b1b',
  'light-red': '#b3261e',
  violet: '#5f3dc4',
  'light-violet': '#8e3bb0',
  blue: '#1c5dbf',
  'light-blue': '#0b6b80',
  green: '#1c7433',
  'light-green': '#4a7310',
  grey: '#5c636a',
  black: '#343a40',
  white: '#495057',
}

/** The colours offered when editing an idea, in the order of the canvas's style panel. */
export const ideaColors: readonly string[] = Object.keys(ideaAccents)

/** The accent of a colour name, grey for names this page does not know. */
export function accentOf(color: string): string {
  return ideaAccents[color] ?? ideaAccents.grey!
}
