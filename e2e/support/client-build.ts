import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { clientBuildStatus, repoRoot } from '../../scripts/client-build.ts'

let pending: Promise<void> | undefined

/**
 * Makes sure dist/client holds a build of the current sources, building it once per test process when
 * it is stale (same rule as `npm start`: scripts/client-build.ts). The build runs in a child process on
 * the pinned Node with NODE_ENV=production (the test runner's NODE_ENV=test would otherwise leak into
 * the bundle); the lock in scripts/client-build.ts keeps concurrent test runs from building twice.
 */
export function ensureClientBuilt(): Promise<void> {
  pending ??= build().catch((error) => {
    pending = undefined
    throw error
  })
  return pending
}

async function build(): Promise<void> {
  if ((await clientBuildStatus()).fresh) return
  const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'client-build.ts')], {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk) => {
    output += chunk
  })
  child.stderr.on('data', (chunk) => {
    output += chunk
  })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`client build failed (exit ${code}):\n${output}`)
}
