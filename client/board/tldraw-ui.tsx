import type { TLComponents, TLUiOverrides } from 'tldraw'
import { createIdeaAt } from './board-editor.ts'
import { messages } from './messages.ts'

/** How tldraw's own interface is adapted to a workshop: actions, tools, and the parts it hides. */
export function boardUiOverrides(): TLUiOverrides {
  return {
    translations: {
      fr: { 'action.kenlabour-new-idea': messages.fr.newIdea },
      en: { 'action.kenlabour-new-idea': messages.en.newIdea },
    },
    actions(ed, actions) {
      actions['kenlabour-new-idea'] = {
        id: 'kenlabour-new-idea',
        label: 'action.kenlabour-new-idea' as never,
        kbd: 'n',
        onSelect() {
          const point = ed.inputs.getCurrentPagePoint()
          const inView = ed.getViewportPageBounds().containsPoint(point)
          createIdeaAt(ed, inView ? point : ed.getViewportPageBounds().center)
        },
      }
      return actions
    },
    tools(_ed, tools) {
      // N is the new-idea key here; tldraw's sticky note keeps its toolbar button.
      if (tools.note) tools.note = { ...tools.note, kbd: undefined }
      return tools
    },
  }
}

/** tldraw components the board replaces or hides. */
export function boardUiComponents(): TLComponents {
  return { SharePanel: null, HelpMenu: null }
}
