import { describe, expect, it } from 'vitest'
import { cursorStamp, docStamp, mergeFigures, StampClock } from './stamps.ts'

describe('stamps read at every receiver', () => {
  const now = performance.timeOrigin + performance.now()
  // Two edits' keys inside update-like bytes, and two cursor states (slots 3 and 4) inside JSON.
  const bytes = Buffer.from(
    `\u0005\u00020.1:7${docStamp(now - 40)}\u0005props\u0003{"board":{"cursor":{"x":1,"b":"${cursorStamp(13, now - 30)}"}}}` +
      `{"board":{"cursor":{"x":2,"b":"${cursorStamp(14, now - 20)}"}}}\u0007\u00020.2:9${docStamp(now - 10)}\u0001`,
    'latin1',
  )
  const measure = (chunks: Buffer[], from = now - 1000) => {
    const clock = new StampClock()
    clock.window(from)
    const receive = clock.receiver(3)
    for (const chunk of chunks) receive(chunk)
    return mergeFigures([clock.figures()])
  }

  it('finds every doc stamp and the cursor stamps of its own slot, each once', () => {
    const figures = measure([bytes])
    expect(figures.doc.totalCount).toBe(2)
    expect(figures.cursor.totalCount).toBe(1)
    // The cursor of slot 3 was sent 30 ms before `now`: its latency is at least that.
    expect(figures.cursor.maxValue).toBeGreaterThanOrEqual(30_000)
    expect(figures.perReceiver.get(3)?.[0]).toBe(2)
  })

  it('finds a stamp cut in two by a chunk boundary, wherever the cut falls, and counts it once', () => {
    for (let cut = 1; cut < bytes.length; cut++) {
      const figures = measure([bytes.subarray(0, cut), bytes.subarray(cut)])
      expect([cut, figures.doc.totalCount, figures.cursor.totalCount]).toEqual([cut, 2, 1])
    }
  })

  it('counts only stamps scheduled inside the window', () => {
    const figures = measure([bytes], now - 25)
    expect(figures.doc.totalCount).toBe(1)
    expect(figures.cursor.totalCount).toBe(0)
  })
})
