import { describe, expect, it } from 'vitest'
import { computeMembership, type ShapeLike } from './membership.ts'

function shape(
  id: string,
  type: string,
  x: number,
  y: number,
  w: number,
  h: number,
  extra: Partial<ShapeLike> = {},
): ShapeLike {
  return {
    id,
    typeName: 'shape',
    type,
    x,
    y,
    rotation: 0,
    index: 'a1',
    parentId: 'page:page',
    props: { w, h },
    ...extra,
  }
}

describe('board membership (DESIGN.md, "Board format")', () => {
  it('puts an idea in the innermost cluster and zone containing its centre', () => {
    const m = computeMembership([
      shape('shape:zoneBig', 'zone', 0, 0, 2000, 2000),
      shape('shape:zoneSmall', 'zone', 100, 100, 800, 800),
      shape('shape:clusterOuter', 'cluster', 120, 120, 700, 700),
      shape('shape:clusterInner', 'cluster', 150, 150, 300, 300),
      shape('shape:idea1', 'idea', 200, 200, 100, 50),
      shape('shape:idea2', 'idea', 500, 500, 100, 50),
      shape('shape:idea3', 'idea', 1500, 1500, 100, 50),
      shape('shape:idea4', 'idea', 3000, 3000, 100, 50),
    ])
    expect(m.clusterOfIdea.get('shape:idea1')).toBe('shape:clusterInner')
    expect(m.clusterOfIdea.get('shape:idea2')).toBe('shape:clusterOuter')
    expect(m.clusterOfIdea.get('shape:idea3')).toBeNull()
    expect(m.zoneOfIdea.get('shape:idea3')).toBe('shape:zoneBig')
    expect(m.zoneOfIdea.get('shape:idea4')).toBeNull()
    expect(m.zoneOfCluster.get('shape:clusterInner')).toBe('shape:zoneSmall')
    expect(m.zoneOfIdea.get('shape:idea1')).toBe('shape:zoneSmall')
  })

  it('uses the centre, not the corner: a card overlapping a cluster edge belongs where its centre is', () => {
    const m = computeMembership([
      shape('shape:c', 'cluster', 0, 0, 300, 300),
      // Top-left inside, centre (350, 50) outside.
      shape('shape:i', 'idea', 250, 25, 200, 50),
      // Top-left outside, centre (10, 10) inside.
      shape('shape:j', 'idea', -40, -15, 100, 50),
    ])
    expect(m.clusterOfIdea.get('shape:i')).toBeNull()
    expect(m.clusterOfIdea.get('shape:j')).toBe('shape:c')
  })

  it('composes parent transforms: an idea parented to a frame is placed on the page', () => {
    const m = computeMembership([
      shape('shape:c', 'cluster', 1000, 1000, 300, 300),
      { ...shape('shape:frame', 'frame', 900, 900, 500, 500), props: { w: 500, h: 500 } },
      shape('shape:i', 'idea', 150, 150, 100, 50, { parentId: 'shape:frame' }),
    ])
    // Centre on the page: (900 + 150 + 50, 900 + 150 + 25) = (1100, 1075), inside the cluster.
    expect(m.placed.get('shape:i')!.center).toEqual({ x: 1100, y: 1075 })
    expect(m.clusterOfIdea.get('shape:i')).toBe('shape:c')
  })

  it('takes parentId as the answer when it names a cluster or a zone', () => {
    const m = computeMembership([
      shape('shape:z', 'zone', 5000, 5000, 1000, 1000),
      shape('shape:c', 'cluster', 10, 10, 300, 300, { parentId: 'shape:z' }),
      // Relative to the cluster; also geometrically inside it.
      shape('shape:i', 'idea', 20, 20, 100, 50, { parentId: 'shape:c' }),
      // Outside the cluster's rectangle, but its parent says it belongs.
      shape('shape:k', 'idea', 900, 900, 100, 50, { parentId: 'shape:c' }),
    ])
    expect(m.zoneOfCluster.get('shape:c')).toBe('shape:z')
    expect(m.clusterOfIdea.get('shape:i')).toBe('shape:c')
    expect(m.clusterOfIdea.get('shape:k')).toBe('shape:c')
    expect(m.zoneOfIdea.get('shape:k')).toBe('shape:z')
  })

  it('handles rotation: a rotated cluster contains what its rotated rectangle covers', () => {
    // A 400×100 cluster at (0,0) rotated 90° clockwise covers x ∈ [-100, 0], y ∈ [0, 400].
    const m = computeMembership([
      shape('shape:c', 'cluster', 0, 0, 400, 100, { rotation: Math.PI / 2 }),
      shape('shape:in', 'idea', -80, 300, 40, 20),
      shape('shape:out', 'idea', 300, 20, 40, 20),
    ])
    expect(m.clusterOfIdea.get('shape:in')).toBe('shape:c')
    expect(m.clusterOfIdea.get('shape:out')).toBeNull()
  })

  it('survives malformed parents (a loop, a missing parent) and ignores other records', () => {
    const m = computeMembership([
      { id: 'page:page', typeName: 'page' },
      shape('shape:c', 'cluster', 0, 0, 300, 300),
      shape('shape:a', 'idea', 10, 10, 10, 10, { parentId: 'shape:b' }),
      shape('shape:b', 'idea', 10, 10, 10, 10, { parentId: 'shape:a' }),
      shape('shape:orphan', 'idea', 20, 20, 10, 10, { parentId: 'shape:gone' }),
      shape('shape:nan', 'idea', Number.NaN, 20, 10, 10),
    ])
    expect(m.clusterOfIdea.get('shape:orphan')).toBe('shape:c')
    expect(m.clusterOfIdea.has('shape:a')).toBe(true)
    expect(m.clusterOfIdea.has('page:page')).toBe(false)
  })

  it('breaks ties between equal containers by z-order, whatever the order of records', () => {
    const low = shape('shape:low', 'cluster', 0, 0, 300, 300, { index: 'a1' })
    const high = shape('shape:high', 'cluster', 0, 0, 300, 300, { index: 'a2' })
    const idea = shape('shape:i', 'idea', 10, 10, 10, 10)
    expect(computeMembership([low, high, idea]).clusterOfIdea.get('shape:i')).toBe('shape:high')
    expect(computeMembership([idea, high, low]).clusterOfIdea.get('shape:i')).toBe('shape:high')
  })
})
