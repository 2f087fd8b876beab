import { type BoardRole, may, type RightsState } from '../../../shared/board/rights.ts'

/**
 * Which toolbar buttons a person gets, in order, from the rights table (shared/board/rights.ts): the
 * toolbar offers only what the server keeps. Pure, so the table's cells can be checked without a canvas.
 */

/** The board's own tools: an idea card (in place of tldraw's sticky note) and a cluster. */
export const IDEA_TOOL = 'kenlabour-idea'
export const CLUSTER_TOOL = 'kenlabour-cluster'

/** tldraw's annotation tools, facilitators only (each makes a type of `facilitatorShapeTypes`, or none). */
export const ANNOTATION_TOOLS = [
  'text',
  'arrow',
  'frame',
  'rectangle',
  'ellipse',
  'line',
  'draw',
  'highlight',
  'eraser',
  'asset',
] as const

/** The toolbar's tool ids for `role` in `state` (phase, lock), in the order they are shown. */
export function toolbarTools(role: BoardRole, state: RightsState): string[] {
  const tools = ['select', 'hand']
  if (may(role, 'createIdea', state)) tools.push(IDEA_TOOL)
  if (may(role, 'createCluster', state)) tools.push(CLUSTER_TOOL)
  if (may(role, 'annotate', state)) tools.push(...ANNOTATION_TOOLS)
  return tools
}
