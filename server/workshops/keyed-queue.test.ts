import { describe, expect, it } from 'vitest'
import { KeyedQueue } from './keyed-queue.ts'

/** A task's own await (not a wait for a result): it yields a turn of the event loop, so that tasks of other keys may start. */
const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('KeyedQueue', () => {
  it('runs tasks of one key in order, tasks of other keys alongside, and survives a failure', async () => {
    const queue = new KeyedQueue()
    const log: string[] = []
    const task =
      (name: string, fail = false) =>
      async () => {
        log.push(`${name}:start`)
        await tick()
        log.push(`${name}:end`)
        if (fail) throw new Error(name)
        return name
      }
    const a1 = queue.run('a', task('a1', true))
    const a2 = queue.run('a', task('a2'))
    const b1 = queue.run('b', task('b1'))
    await expect(a1).rejects.toThrow('a1')
    expect(await a2).toBe('a2')
    expect(await b1).toBe('b1')
    expect(log.indexOf('a1:end')).toBeLessThan(log.indexOf('a2:start'))
    expect(log.indexOf('b1:start')).toBeLessThan(log.indexOf('a1:end'))
  })
})
