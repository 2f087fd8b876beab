import { spawn, spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildLockPath, type ClientProject, clientBuildStatus, ensureClientBuilt } from './client-build.ts'

/** A small real Vite project, so the staleness rule, the lock and the swap run against real builds. */
async function makeProject(): Promise<ClientProject> {
  const root = await mkdtemp(join(tmpdir(), 'kenlabour-build-'))
  await mkdir(join(root, 'src'))
  await writeFile(
    join(root, 'src', 'index.html'),
    '<!doctype html><script type="module" src="./main.js"></script>',
  )
  await writeFile(join(root, 'src', 'main.js'), 'document.title = "built"\n')
  await writeFile(
    join(root, 'vite.config.mjs'),
    `export default { root: ${JSON.stringify(join(root, 'src'))} }\n`,
  )
  return {
    root,
    configFile: join(root, 'vite.config.mjs'),
    outDir: join(root, 'dist', 'client'),
    sources: ['src', 'vite.config.mjs'],
  }
}

/** Makes `file` the newest source, edited after the build: the build is dated an hour back, `file` now. */
async function editAfterBuild(project: ClientProject, file: string) {
  const hourAgo = new Date(Date.now() - 3600_000)
  await utimes(join(project.outDir, 'index.html'), hourAgo, hourAgo).catch(() => {})
  const now = new Date()
  await utimes(file, now, now)
}

describe('client build', () => {
  let project: ClientProject

  beforeAll(async () => {
    project = await makeProject()
  })
  afterAll(async () => {
    await rm(project.root, { recursive: true, force: true })
  })

  it('builds when the build is missing, then finds it fresh', async () => {
    expect(await clientBuildStatus(project)).toEqual({
      fresh: false,
      reason: 'dist/client/index.html is missing',
    })
    const lines: string[] = []
    expect(
      await ensureClientBuilt({ project, log: (line) => lines.push(line), viteLogLevel: 'silent' }),
    ).toBe('built')
    expect(lines[0]).toBe('Building the client (dist/client/index.html is missing)…')
    expect((await readdir(join(project.outDir, 'assets'))).some((f) => /^index-.+\.js$/.test(f))).toBe(true)
    expect(await clientBuildStatus(project)).toEqual({ fresh: true, reason: 'up to date' })
    expect(await ensureClientBuilt({ project, viteLogLevel: 'silent' })).toBe('fresh')
  })

  it('rebuilds after a source changes, leaving no staging folder or lock behind', async () => {
    await editAfterBuild(project, join(project.root, 'src', 'main.js'))
    expect(await clientBuildStatus(project)).toEqual({
      fresh: false,
      reason: 'src/main.js changed after the last build',
    })
    expect(await ensureClientBuilt({ project, viteLogLevel: 'silent' })).toBe('built')
    expect(await readdir(join(project.root, 'dist'))).toEqual(['client'])
  })

  it('builds once when two callers find it stale at the same time', async () => {
    await editAfterBuild(project, project.configFile)
    const lines: string[] = []
    const log = (line: string) => lines.push(line)
    const results = await Promise.all([
      ensureClientBuilt({ project, log, viteLogLevel: 'silent' }),
      ensureClientBuilt({ project, log, viteLogLevel: 'silent' }),
    ])
    expect(results.sort()).toEqual(['built', 'fresh'])
    expect(lines.filter((l) => l.startsWith('Building')).length).toBe(1)
  })

  it('takes over the lock of a process that died', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!
    await writeFile(buildLockPath(project), String(dead))
    await editAfterBuild(project, join(project.root, 'src', 'index.html'))
    expect(await ensureClientBuilt({ project, viteLogLevel: 'silent' })).toBe('built')
    await expect(stat(buildLockPath(project))).rejects.toThrow()
  })

  it('waits while a live process holds the lock, and builds once it is gone', async () => {
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'])
    await writeFile(buildLockPath(project), String(holder.pid))
    await editAfterBuild(project, join(project.root, 'src', 'main.js'))
    const lines: string[] = []
    let settled = false
    const pending = ensureClientBuilt({ project, log: (l) => lines.push(l), viteLogLevel: 'silent' }).finally(
      () => {
        settled = true
      },
    )
    // It says it waits for the live holder, and has not built.
    await vi.waitFor(
      () => expect(lines).toEqual([`Waiting for another client build (process ${holder.pid})…`]),
      {
        timeout: 10_000,
      },
    )
    expect(settled).toBe(false)
    expect((await clientBuildStatus(project)).fresh).toBe(false)
    holder.kill('SIGKILL')
    expect(await pending).toBe('built')
  })
})
