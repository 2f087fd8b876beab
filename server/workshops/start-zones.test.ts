import { describe, expect, it } from 'vitest'
import contract from '../demo/contract-example.json' with { type: 'json' }
import { resolveStartZones } from './start-zones.ts'

const priorities = contract.priorities

describe('start zones', () => {
  it('defaults to one zone per priority, in contract order', () => {
    expect(resolveStartZones(priorities, {})).toEqual([
      { priorityCode: 'P1', actionCode: '' },
      { priorityCode: 'P2', actionCode: '' },
      { priorityCode: 'P3', actionCode: '' },
    ])
  })

  it('picks priorities, adds action zones, and collapses duplicates', () => {
    expect(resolveStartZones(priorities, { priorityCodes: ['P3', 'P1', 'P3'] })).toEqual([
      { priorityCode: 'P3', actionCode: '' },
      { priorityCode: 'P1', actionCode: '' },
    ])
    expect(
      resolveStartZones(priorities, {
        zones: [
          { priorityCode: 'P2', actionCode: '2.3' },
          { priorityCode: 'P2' },
          { priorityCode: 'P2', actionCode: '2.3' },
        ],
      }),
    ).toEqual([
      { priorityCode: 'P2', actionCode: '2.3' },
      { priorityCode: 'P2', actionCode: '' },
    ])
    expect(
      resolveStartZones(priorities, {
        priorityCodes: ['P1'],
        zones: [{ priorityCode: 'P3', actionCode: '3.1' }],
      }),
    ).toEqual([
      { priorityCode: 'P1', actionCode: '' },
      { priorityCode: 'P3', actionCode: '3.1' },
    ])
  })

  it('refuses unknown codes, naming them, including an action of another priority', () => {
    expect(() => resolveStartZones(priorities, { priorityCodes: ['P9'] })).toThrow(/P9/)
    expect(() =>
      resolveStartZones(priorities, { zones: [{ priorityCode: 'P1', actionCode: '9.9' }] }),
    ).toThrow(/9\.9/)
    expect(() =>
      resolveStartZones(priorities, { zones: [{ priorityCode: 'P1', actionCode: '2.1' }] }),
    ).toThrow(
      expect.objectContaining({
        statusCode: 400,
        code: 'unknown_action',
        message: expect.stringContaining('2.1'),
      }),
    )
  })
})
