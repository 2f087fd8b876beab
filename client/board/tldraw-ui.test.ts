import { describe, expect, it } from 'vitest'
import { facilitatorShapeTypes } from '../../shared/board/rights.ts'
import { toolsFor } from './tldraw-ui.tsx'

/** The shape type each drawing tool makes (tools absent here make none: select, hand, zoom…). */
const shapeOfTool: Record<string, string> = {
  draw: 'draw',
  highlight: 'highlight',
  arrow: 'arrow',
  text: 'text',
  line: 'line',
  frame: 'frame',
  geo: 'geo',
  rectangle: 'geo',
  ellipse: 'geo',
  asset: 'image',
  note: 'note',
  embed: 'embed',
}

describe('the tools of each role', () => {
  it('gives participants and observers no drawing tool, so no shape the server refuses', () => {
    for (const role of ['participant', 'observer'] as const) {
      const tools = [...toolsFor(role)]
      expect(tools.filter((tool) => shapeOfTool[tool])).toEqual([])
      expect(tools).toEqual(expect.arrayContaining(['select', 'hand']))
    }
  })

  it('gives facilitators the annotations of the rights table, and no sticky note nor embed', () => {
    const tools = toolsFor('facilitator')
    expect(tools.has('note')).toBe(false)
    expect(tools.has('embed')).toBe(false)
    for (const tool of tools) {
      const shape = shapeOfTool[tool]
      if (shape) expect(facilitatorShapeTypes.has(shape), `${tool} → ${shape}`).toBe(true)
    }
    expect([...tools].filter((tool) => shapeOfTool[tool])).toHaveLength(10)
  })
})
