import {
  ArrowToolbarItem,
  AssetToolbarItem,
  DefaultStylePanel,
  DefaultToolbar,
  DrawToolbarItem,
  EllipseToolbarItem,
  EraserToolbarItem,
  FrameToolbarItem,
  HandToolbarItem,
  HighlightToolbarItem,
  LineToolbarItem,
  RectangleToolbarItem,
  SelectToolbarItem,
  TextToolbarItem,
  type TLComponents,
  type TLUiOverrides,
  type TLUiStylePanelProps,
  useEditor,
  useValue,
} from 'tldraw'
import { createIdeaAt } from './board-editor.ts'
import { session } from './board-state.ts'
import { messages } from './messages.ts'
import type { BoardRole } from './presence.ts'

/**
 * How tldraw's own interface is adapted to a workshop: the tools each role gets (as the rights table
 * says, shared/board/rights.ts: participants write ideas and clusters through the board's own buttons
 * and the N key; annotations are the facilitator's), the actions, and the parts it hides.
 *
 * A tool left out of `tools` has no toolbar button and no keyboard shortcut either, so a participant
 * cannot make a shape the server would refuse (tldraw's sticky note looks like an idea but is not one).
 */

/** tldraw tools a role keeps. Embeds, bookmarks and sticky notes are nobody's. */
export function toolsFor(role: BoardRole): ReadonlySet<string> {
  if (role !== 'facilitator') return new Set(['select', 'hand', 'zoom'])
  return new Set([
    'select',
    'hand',
    'zoom',
    'eraser',
    'laser',
    'draw',
    'highlight',
    'arrow',
    'text',
    'line',
    'frame',
    'geo',
    'rectangle',
    'ellipse',
    'asset',
  ])
}

/** tldraw actions that insert what the board refuses (embeds, for everyone; media, for all but facilitators). */
function refusedActions(role: BoardRole): string[] {
  return role === 'facilitator' ? ['insert-embed'] : ['insert-embed', 'insert-media']
}

export function boardUiOverrides(role: BoardRole): TLUiOverrides {
  const kept = toolsFor(role)
  return {
    translations: {
      fr: { 'action.kenlabour-new-idea': messages.fr.newIdea },
      en: { 'action.kenlabour-new-idea': messages.en.newIdea },
    },
    actions(ed, actions) {
      for (const id of refusedActions(role)) delete actions[id]
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
      for (const id of Object.keys(tools)) if (!kept.has(id)) delete tools[id]
      return tools
    },
  }
}

/** The toolbar of my role (board-state.ts session): what toolsFor keeps, nothing else. */
function BoardToolbar() {
  const role = useValue('role', () => session.get().role, [])
  return (
    <DefaultToolbar>
      <SelectToolbarItem />
      <HandToolbarItem />
      {role === 'facilitator' && (
        <>
          <DrawToolbarItem />
          <HighlightToolbarItem />
          <EraserToolbarItem />
          <ArrowToolbarItem />
          <TextToolbarItem />
          <RectangleToolbarItem />
          <EllipseToolbarItem />
          <LineToolbarItem />
          <FrameToolbarItem />
          <AssetToolbarItem />
        </>
      )}
    </DefaultToolbar>
  )
}

/** tldraw's style panel, only while something is selected: otherwise it would sit over the zones. */
function StylePanelWhileSelected(props: TLUiStylePanelProps) {
  const editor = useEditor()
  const selected = useValue('selected', () => editor.getSelectedShapeIds().length > 0, [editor])
  return selected ? <DefaultStylePanel {...props} /> : null
}

/** tldraw components the board replaces or hides. */
export function boardUiComponents(): TLComponents {
  return {
    SharePanel: null,
    HelpMenu: null,
    Toolbar: BoardToolbar,
    StylePanel: StylePanelWhileSelected,
  }
}
