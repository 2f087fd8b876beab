import {
  DefaultStylePanel,
  DefaultToolbar,
  type TLComponents,
  type TLStateNodeConstructor,
  type TLUiOverrides,
  type TLUiStylePanelProps,
  ToolbarItem,
  useEditor,
  useValue,
} from 'tldraw'
import { may } from '../../shared/board/rights.ts'
import { createClusterAround, createIdeaAt } from './board-editor.ts'
import { liveState, session } from './board-state.ts'
import { renamingCluster } from './cluster-title.tsx'
import { messages } from './messages.ts'
import type { BoardRole } from './presence.ts'
import { IdeaTool } from './tools/idea-tool.ts'
import { CLUSTER_TOOL, IDEA_TOOL, toolbarTools } from './tools/toolbar.ts'

/** The board's own tools, given to <Tldraw tools>: the idea card (the cluster button is an action). */
export const boardTools: TLStateNodeConstructor[] = [IdeaTool]

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
  if (role === 'observer') return new Set(['select', 'hand', 'zoom'])
  if (role === 'participant') return new Set(['select', 'hand', 'zoom', IDEA_TOOL, CLUSTER_TOOL])
  return new Set([
    'select',
    'hand',
    'zoom',
    IDEA_TOOL,
    CLUSTER_TOOL,
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
      fr: {
        'action.kenlabour-new-idea': messages.fr.newIdea,
        [`tool.${IDEA_TOOL}`]: messages.fr.ideaTool,
        [`tool.${CLUSTER_TOOL}`]: messages.fr.clusterTool,
      },
      en: {
        'action.kenlabour-new-idea': messages.en.newIdea,
        [`tool.${IDEA_TOOL}`]: messages.en.ideaTool,
        [`tool.${CLUSTER_TOOL}`]: messages.en.clusterTool,
      },
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
    tools(ed, tools) {
      tools[IDEA_TOOL] = {
        id: IDEA_TOOL,
        label: `tool.${IDEA_TOOL}` as never,
        icon: 'tool-note',
        onSelect() {
          ed.setCurrentTool(IDEA_TOOL)
        },
      }
      // A cluster is drawn at once (around the selected ideas, or in the middle of the view), its title
      // field open (cluster-title.tsx); the rights table decides, as for the toolbar.
      tools[CLUSTER_TOOL] = {
        id: CLUSTER_TOOL,
        label: `tool.${CLUSTER_TOOL}` as never,
        icon: 'group',
        onSelect() {
          if (!may(session.get().role, 'createCluster', liveState.get())) return
          const id = createClusterAround(ed, '')
          if (id) renamingCluster.set(id)
        },
      }
      // tldraw's own tools not kept lose their button and their shortcut (N for a note, D for draw…).
      for (const id of Object.keys(tools)) if (!kept.has(id)) delete tools[id]
      return tools
    },
  }
}

/** The toolbar of my role and the phase (tools/toolbar.ts): what the rights table lets me make now. */
function BoardToolbar() {
  const tools = useValue('toolbar tools', () => toolbarTools(session.get().role, liveState.get()), [])
  return (
    <DefaultToolbar>
      {tools.map((tool) => (
        <ToolbarItem key={tool} tool={tool} />
      ))}
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
