import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { createServer } from 'vite'
import { repoRoot } from './client-build.ts'

/**
 * `npm run dev`: the Fastify server restarted on every server change (`node --watch`, on the pinned Node),
 * and Vite's dev server with hot reload for the client, which forwards /api and /collab to it.
 * Ctrl-C (or SIGTERM) stops both.
 */
const apiPort = process.env.PORT ?? '3000'
process.env.KENLABOUR_API_PORT = apiPort

const server: ChildProcess = spawn(
  process.execPath,
  ['--watch', '--watch-preserve-output', join(repoRoot, 'server', 'main.ts')],
  { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, PORT: apiPort } },
)

const vite = await createServer({ configFile: join(repoRoot, 'vite.config.ts') })
await vite.listen()
vite.printUrls()
console.log(`API server on http://localhost:${apiPort} (restarts when server files change)`)

let stopping = false
async function stop(exitCode: number) {
  if (stopping) return
  stopping = true
  if (server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve))
    server.kill('SIGTERM')
    // The server flushes live boards on SIGTERM; give it time, then insist.
    const timer = setTimeout(() => server.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
  }
  await vite.close()
  process.exit(exitCode)
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(0))
server.on('exit', (code, signal) => {
  // `node --watch` only exits on its own when it cannot start at all.
  if (!stopping) {
    console.error(`API server exited (${signal ?? code}); stopping the dev server.`)
    void stop(typeof code === 'number' && code !== 0 ? code : 1)
  }
})
