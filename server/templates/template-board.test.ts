import { describe, expect, it } from 'vitest'
import type { TemplateContent } from '../../shared/api/templates.ts'
import { readLiveState } from '../../shared/board/document.ts'
import { boardRecords } from '../../shared/board/record-index.ts'
import exampleContract from '../demo/contract-example.json' with { type: 'json' }
import { builtInTemplate, builtInTemplates } from './built-ins.ts'
import { startFromTemplate, templateContentError } from './template-board.ts'

/* The board a template starts, without a server: the built-in templates on the example contract, and
 * what a template's content may not hold. */

const priorities = exampleContract.priorities
const zonesOf = (content: TemplateContent) => {
  const start = startFromTemplate(content, priorities)
  const shapes = [...boardRecords(start.doc).values()].filter((r) => r.typeName === 'shape') as any[]
  return {
    start,
    zones: shapes.filter((s) => s.type === 'zone'),
    others: shapes.filter((s) => s.type !== 'zone'),
  }
}

describe('built-in templates', () => {
  it('ships three in French and three in English, each a valid board', () => {
    const all = builtInTemplates()
    expect(all.map((t) => t.lang).sort()).toEqual(['en', 'en', 'en', 'fr', 'fr', 'fr'])
    expect(all.every((t) => t.builtIn && t.id.startsWith('builtin-'))).toBe(true)
    for (const template of all) expect(templateContentError(template.content), template.id).toBeNull()
  })

  it('“émergence par fiche-action”: one zone per action of the contract, vote on groups, the agenda', () => {
    const { start, zones, others } = zonesOf(builtInTemplate('builtin-emergence-par-fiche-action')!.content)
    const actions = priorities.flatMap((p) => p.actions.map((a) => `${a.code} — ${a.title}`))
    expect(zones.map((z) => z.props.title).sort()).toEqual(actions.sort())
    expect(start.startZones).toHaveLength(actions.length)
    expect(start.missingCodes).toEqual([])
    expect(others.map((s) => s.type)).toEqual(['text'])
    const state = readLiveState(start.doc)
    expect(state.vote).toMatchObject({ target: 'clusters', dotsPerParticipant: 3 })
    expect(state.agenda).toEqual([
      { phase: 'ideation', minutes: 20 },
      { phase: 'clustering', minutes: 25 },
      { phase: 'voting', minutes: 10 },
    ])
  })

  it('“évaluation d’un dispositif”: four free zones, anonymous silent writing, no code of the contract', () => {
    const { start, zones } = zonesOf(builtInTemplate('builtin-evaluation-d-un-dispositif')!.content)
    expect(zones.map((z) => [z.props.priorityCode, z.props.title])).toEqual([
      ['', 'Ce qui a marché'],
      ['', 'Ce qui a moins bien marché'],
      ['', 'Effets inattendus'],
      ['', 'Pistes pour la suite'],
    ])
    expect(start.startZones).toEqual([])
    expect(readLiveState(start.doc)).toMatchObject({ anonymous: true, privateIdeation: true })
  })
})

describe('template content', () => {
  const base = builtInTemplate('builtin-scheme-evaluation')!.content

  it('refuses two zones with one id, naming the second', () => {
    const content = { ...base, zones: [base.zones[0]!, base.zones[0]!] }
    expect(templateContentError(content)).toMatchObject({ field: 'content.zones.1.id' })
  })

  it('refuses an arrow binding toward a shape the template does not hold', () => {
    const binding = {
      id: 'binding:x',
      typeName: 'binding',
      type: 'arrow',
      fromId: 'shape:instructions',
      toId: 'shape:idea-left-behind',
      meta: {},
      props: {
        terminal: 'end',
        normalizedAnchor: { x: 0.5, y: 0.5 },
        isExact: false,
        isPrecise: false,
        snap: 'none',
      },
    }
    const content = { ...base, annotations: [...base.annotations, binding] }
    expect(templateContentError(content)).toMatchObject({ field: 'content.annotations.1' })
  })

  it('keeps annotations above the zones', () => {
    const { zones, others } = zonesOf(base)
    const highestZone = zones
      .map((z) => z.index)
      .sort()
      .at(-1)
    expect(others.every((s) => s.index > highestZone)).toBe(true)
  })
})
