import { describe, expect, it } from 'vitest'
import { addIdeaNotice, currentNotices, MAX_NOTICES, NOTICE_MS } from './new-idea-notices.tsx'

describe('new idea notices', () => {
  it('counts ideas per zone, the latest zone first, and leads to the latest idea', () => {
    let notices = addIdeaNotice([], { id: 'shape:a', zoneId: 'shape:z1', zoneTitle: 'P1 — Mobilités' }, 1000)
    notices = addIdeaNotice(notices, { id: 'shape:b', zoneId: 'shape:z2', zoneTitle: 'P2 — Énergie' }, 2000)
    notices = addIdeaNotice(notices, { id: 'shape:c', zoneId: 'shape:z1', zoneTitle: 'P1 — Mobilités' }, 3000)
    expect(notices.map((n) => [n.zoneId, n.count, n.ideaId])).toEqual([
      ['shape:z1', 2, 'shape:c'],
      ['shape:z2', 1, 'shape:b'],
    ])
  })

  it('keeps a few zones at most, and forgets old notices', () => {
    let notices = addIdeaNotice([], { id: 'shape:0', zoneId: null, zoneTitle: '' }, 0)
    for (let i = 1; i <= MAX_NOTICES + 2; i++)
      notices = addIdeaNotice(notices, { id: `shape:${i}`, zoneId: `shape:z${i}`, zoneTitle: `Z${i}` }, i)
    expect(notices).toHaveLength(MAX_NOTICES)
    expect(notices[0]!.zoneId).toBe(`shape:z${MAX_NOTICES + 2}`)
    expect(currentNotices(notices, MAX_NOTICES + 2 + NOTICE_MS - 1)).toHaveLength(1)
    expect(currentNotices(notices, MAX_NOTICES + 2 + NOTICE_MS)).toHaveLength(0)
  })
})
