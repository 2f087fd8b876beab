import type { ChildProcess } from 'node:child_process'
import { applyBenchPriority } from './machine.ts'

/**
 * Every process the bench starts (servers, Postgres, Redis), so that none outlives it: on exit, even
 * after a crash or Ctrl-C, whatever is still running is killed.
 */
const children = new Set<ChildProcess>()

export function trackChild(child: ChildProcess): void {
  children.add(child)
  if (child.pid) applyBenchPriority(child.pid)
  child.once('exit', () => children.delete(child))
}

process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL')
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(130))
}
