import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseDemo } from '../config.ts'
import { openStore } from '../db/connect.ts'
import { buildTestApp, sessionCookieOf, signUp } from '../testing/app.ts'
import { suiteApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { joinAsGuest } from '../testing/workshops.ts'
import exampleContract from './contract-example.json' with { type: 'json' }
import { DEMO_EMAIL, seedDemo } from './seed.ts'

describeEachStore('demo seed ($name)', (target) => {
  const suite = suiteApp(target, { config: { seedDemo: true } })
  const printed: string[] = []

  it('seeds an empty store once, with a working account, the example contract and a joinable workshop', async () => {
    // Two starts racing on one store: exactly one seeds.
    const [first, second] = await Promise.all([
      seedDemo(suite.app, { print: (text) => printed.push(text) }),
      seedDemo(suite.app, { print: (text) => printed.push(text) }),
    ])
    const seed = first ?? second
    expect([first, second].filter(Boolean)).toHaveLength(1)
    if (!seed) throw new Error('no seed')
    expect(printed).toHaveLength(1)
    for (const value of [seed.email, seed.password, seed.joinCode, seed.observerCode, seed.url, seed.joinUrl])
      expect(printed[0]).toContain(value)
    expect(seed.joinUrl).toBe(`${seed.url}j/${seed.joinCode}`)
    expect(seed.url).toMatch(/^http:\/\/localhost:\d+\/$/)

    const login = await suite.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: DEMO_EMAIL, password: seed.password },
    })
    expect(login.statusCode).toBe(200)
    const cookie = sessionCookieOf(login)
    const contracts = await suite.app.inject({ url: '/api/contracts', headers: { cookie } })
    expect(contracts.json()).toHaveLength(1)
    expect(contracts.json()[0]).toMatchObject({
      title: exampleContract.title,
      period: exampleContract.period,
    })
    expect(contracts.json()[0].priorities).toEqual(exampleContract.priorities)
    const workshops = await suite.app.inject({ url: '/api/workshops', headers: { cookie } })
    expect(workshops.json()).toHaveLength(1)
    expect(workshops.json()[0]).toMatchObject({
      id: seed.workshopId,
      boardId: seed.boardId,
      isFacilitator: true,
      joinCode: seed.joinCode,
      observerCode: seed.observerCode,
      startZones: [
        { priorityCode: 'P1', actionCode: '' },
        { priorityCode: 'P2', actionCode: '' },
        { priorityCode: 'P3', actionCode: '' },
      ],
    })
    const guest = await joinAsGuest(suite.app, seed.joinCode)
    expect(guest).toMatchObject({ workshopId: seed.workshopId, role: 'participant' })

    expect(await seedDemo(suite.app, { print: (text) => printed.push(text) })).toBeNull()
    expect(printed).toHaveLength(1)
    expect(await suite.store.db.selectFrom('users').select('id').execute()).toHaveLength(1)
  })

  it('never seeds a store that already has an account, nor when disabled', async () => {
    const other = await target.open()
    const otherApp = await buildTestApp(other, { config: { seedDemo: true } })
    await signUp(otherApp)
    expect(await seedDemo(otherApp, { print: () => {} })).toBeNull()
    expect(await other.db.selectFrom('contracts').select('id').execute()).toEqual([])
    await otherApp.close()
    await other.close()

    const empty = await target.open()
    const disabledApp = await buildTestApp(empty, { config: { seedDemo: false } })
    expect(await seedDemo(disabledApp, { print: () => {} })).toBeNull()
    expect(await empty.db.selectFrom('users').select('id').execute()).toEqual([])
    await disabledApp.close()
    await empty.close()
  })
})

describe('demo seed from the real entry point', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kenlabour-seed-'))
  const children: ChildProcess[] = []
  afterAll(() => {
    // A failed assertion must not leave a server running.
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  })

  /** Starts server/main.ts on a random port; resolves once `ready` matches its output. */
  function start(ready: RegExp) {
    const child = spawn(process.execPath, ['server/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: '',
        REDIS_URL: '',
        KENLABOUR_DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        KENLABOUR_DEMO: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    children.push(child)
    let output = ''
    const matched = new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${ready} within 90 s:\n${output}`)), 90_000)
      const onData = (chunk: Buffer) => {
        output += chunk.toString()
        const match = output.match(ready)
        if (match) {
          clearTimeout(timer)
          resolve(match)
        }
      }
      child.stdout.on('data', onData)
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString()
      })
      child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)))
    })
    return { child, matched, output: () => output }
  }

  async function stop(child: ChildProcess) {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }

  it('prints the account, the password, the codes and the URLs on first start, and nothing on the next', async () => {
    const first = start(
      /Mot de passe \/ Password \.+ (\S+)\n.*Join code \.+ (\S+)\s+(http:\/\/localhost:\d+\/j\/\S+)/,
    )
    const [, password, joinCode, joinUrl] = await first.matched
    expect(first.output()).toContain(DEMO_EMAIL)
    expect(joinUrl).toContain(`/j/${joinCode}`)
    const base = new URL(joinUrl).origin.replace('localhost', '127.0.0.1')
    const health = await fetch(`${base}/api/health`)
    expect(health.status).toBe(200)
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: DEMO_EMAIL, password }),
    })
    expect(login.status).toBe(200)
    const preview = await fetch(`${base}/api/join/${joinCode}`)
    expect(await preview.json()).toEqual({ title: 'Atelier de démonstration', role: 'participant' })
    // The app logger carries the same facts, for log collectors, but never the password.
    expect(first.output()).toMatch(/"msg":"demo seeded/)
    const logLines = first
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
    expect(logLines.length).toBeGreaterThan(1)
    for (const line of logLines) expect(line).not.toContain(password)
    await stop(first.child)

    const second = start(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/)
    const [, url] = await second.matched
    expect((await fetch(`${url}/api/health`)).status).toBe(200)
    await stop(second.child)
    expect(second.output()).not.toContain('Password')

    const store = await openStore({ dataDir })
    expect(await store.db.selectFrom('users').select('email').execute()).toEqual([{ email: DEMO_EMAIL }])
    expect(await store.db.selectFrom('workshops').select('id').execute()).toHaveLength(1)
    await store.close()
  }, 240_000)
})

describe('demo only where asked', () => {
  it('is off by default under NODE_ENV=production, on when KENLABOUR_DEMO=1, on by default in development', () => {
    expect(parseDemo(undefined, 'production')).toBe(false)
    expect(parseDemo('', 'production')).toBe(false)
    expect(parseDemo('1', 'production')).toBe(true)
    expect(parseDemo(undefined, 'development')).toBe(true)
    expect(parseDemo(undefined, undefined)).toBe(true)
    expect(parseDemo('0', undefined)).toBe(false)
    expect(() => parseDemo('yes please', undefined)).toThrow(/KENLABOUR_DEMO/)
  })

  it('never prints the password under NODE_ENV=production, and says how to set one', async () => {
    const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'kenlabour-demo-prod-')) })
    const app = await buildTestApp(store, { config: { seedDemo: true, production: true } })
    try {
      const printed: string[] = []
      const seed = await seedDemo(app, { print: (text) => printed.push(text) })
      expect(seed?.password).toBeUndefined()
      expect(printed[0]).toContain(`npm run account -- reset-password ${DEMO_EMAIL}`)
      expect(printed[0]).toContain(seed!.joinCode)
      const user = await store.db.selectFrom('users').select('email').executeTakeFirst()
      expect(user?.email).toBe(DEMO_EMAIL)
    } finally {
      await app.close()
      await store.close()
    }
  })
})
