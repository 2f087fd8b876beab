import { describe, expect, it } from 'vitest'
import { facilitatorShapeTypes } from '../../../shared/board/rights.ts'
import { CLUSTER_TOOL, IDEA_TOOL, toolbarTools } from './toolbar.ts'

const open = { locked: false } as const

describe('the toolbar of each role, per phase', () => {
  it('gives a participant ideas while ideating, ideas and clusters while clustering, nothing to make after', () => {
    expect(toolbarTools('participant', { ...open, phase: 'ideation' })).toEqual(['select', 'hand', IDEA_TOOL])
    expect(toolbarTools('participant', { ...open, phase: 'clustering' })).toEqual([
      'select',
      'hand',
      IDEA_TOOL,
      CLUSTER_TOOL,
    ])
    expect(toolbarTools('participant', { ...open, phase: 'clustering', ideasInClustering: false })).toEqual([
      'select',
      'hand',
      CLUSTER_TOOL,
    ])
    expect(toolbarTools('participant', { ...open, phase: 'voting' })).toEqual(['select', 'hand'])
    expect(toolbarTools('participant', { ...open, phase: 'closed' })).toEqual(['select', 'hand'])
  })

  it('gives a participant nothing to make on a locked board', () => {
    expect(toolbarTools('participant', { phase: 'ideation', locked: true })).toEqual(['select', 'hand'])
  })

  it('gives an observer select and hand only, in every phase', () => {
    for (const phase of ['ideation', 'clustering', 'voting', 'closed'] as const)
      expect(toolbarTools('observer', { ...open, phase })).toEqual(['select', 'hand'])
  })

  it('gives a facilitator the annotations, and never a sticky note, embed, bookmark or video', () => {
    const tools = toolbarTools('facilitator', { ...open, phase: 'voting' })
    expect(tools.slice(0, 4)).toEqual(['select', 'hand', IDEA_TOOL, CLUSTER_TOOL])
    for (const tool of ['text', 'arrow', 'frame', 'rectangle', 'line', 'draw', 'highlight', 'asset'])
      expect(tools).toContain(tool)
    for (const tool of ['note', 'embed', 'bookmark', 'video']) {
      expect(tools).not.toContain(tool)
      expect(facilitatorShapeTypes.has(tool)).toBe(false)
    }
  })
})
