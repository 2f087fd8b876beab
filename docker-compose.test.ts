import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { readConfig } from './server/config.ts'

/**
 * There is no Docker engine here, so the compose file and the Dockerfile are checked as text against what
 * the server actually reads: a renamed variable or a wrong port fails here, not on a council's machine.
 */
const compose = parse(readFileSync(new URL('./docker-compose.yml', import.meta.url), 'utf8'))
const dockerfile = readFileSync(new URL('./Dockerfile', import.meta.url), 'utf8')
const dockerignore = readFileSync(new URL('./.dockerignore', import.meta.url), 'utf8')
const services = compose.services as Record<string, any>

/** Compose's `${NAME:-default}` / `${NAME}` substitution, with an empty environment. */
function interpolate(value: string): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::?-([^}]*))?\}/g, (_all, _name, fallback) => fallback ?? '')
}

function environmentOf(service: any): Record<string, string> {
  const env = service.environment ?? {}
  const entries: [string, string][] = Array.isArray(env)
    ? env.map((line: string) => line.split(/=(.*)/s).slice(0, 2) as [string, string])
    : Object.entries(env).map(([k, v]) => [k, String(v ?? '')])
  return Object.fromEntries(entries.map(([k, v]) => [k, interpolate(v)]))
}

/** Every environment variable the server reads: `env.X` in config.ts, `process.env.X` in server code. */
function variablesReadByServer(): Set<string> {
  const names = new Set<string>()
  const files = readdirSync(new URL('./server', import.meta.url), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('testing'))
    .map((f) => join('server', f))
  for (const file of files) {
    const text = readFileSync(new URL(`./${file}`, import.meta.url), 'utf8')
    for (const match of text.matchAll(/\b(?:process\.)?env\.([A-Z][A-Z0-9_]*)/g)) names.add(match[1])
  }
  return names
}

/** A healthcheck's test as one string. */
const healthTest = (service: any) => [service.healthcheck?.test].flat().join(' ')

describe('docker-compose.yml', () => {
  it('runs Postgres 17, Redis 7 and the app built from the Dockerfile', () => {
    expect(Object.keys(services).sort()).toEqual(['app', 'postgres', 'redis'])
    expect(services.postgres.image).toMatch(/^postgres:17(\.|-|$)/)
    expect(services.redis.image).toMatch(/^redis:7(\.|-|$)/)
    expect(services.app.build).toMatchObject({ context: '.', dockerfile: 'Dockerfile' })
  })

  it('gives the app only variables the server reads, and the ones it needs to use Postgres and Redis', () => {
    const env = environmentOf(services.app)
    const read = variablesReadByServer()
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'PORT']) expect(read, name).toContain(name)
    for (const name of Object.keys(env)) expect(read, `${name} is set but never read`).toContain(name)

    const config = readConfig(env)
    expect(config.port).toBe(3000)
    expect(config.host).toBe('0.0.0.0')
    // No demo on a deployment unless asked for (KENLABOUR_DEMO=1).
    expect(config.seedDemo).toBe(false)
    // Sign-up by invitation unless asked for (KENLABOUR_SIGNUP=open).
    expect(config.signup).toBe('invite')
    expect(config.publicOrigins).toEqual([])
    const database = new URL(config.databaseUrl!)
    expect(database.protocol).toBe('postgres:')
    expect(database.hostname).toBe('postgres')
    expect(database.port).toBe('5432')
    const pgEnv = environmentOf(services.postgres)
    expect(decodeURIComponent(database.username)).toBe(pgEnv.POSTGRES_USER)
    expect(decodeURIComponent(database.password)).toBe(pgEnv.POSTGRES_PASSWORD)
    expect(database.pathname).toBe(`/${pgEnv.POSTGRES_DB}`)
    const redis = new URL(config.redisUrl!)
    expect(redis.protocol).toBe('redis:')
    expect(redis.hostname).toBe('redis')
    expect(redis.port).toBe('6379')
  })

  it('publishes the port the app listens on', () => {
    const port = readConfig(environmentOf(services.app)).port
    // On every interface by default; APP_BIND=127.0.0.1 keeps it for a proxy on the same host.
    expect(services.app.ports).toEqual([`\${APP_BIND:-0.0.0.0}:${port}:${port}`])
    expect(services.postgres.ports).toBeUndefined()
    expect(services.redis.ports).toBeUndefined()
  })

  it('keeps Postgres data, and the edits a shutdown could not store, in named volumes', () => {
    expect(Object.keys(compose.volumes ?? {})).toContain('postgres-data')
    expect(services.postgres.volumes).toContain('postgres-data:/var/lib/postgresql/data')
    const spillDir = readConfig(environmentOf(services.app)).spillDir
    const [volume, mountedAt] = String(services.app.volumes?.[0]).split(':') as [string, string]
    expect(Object.keys(compose.volumes ?? {})).toContain(volume)
    expect(spillDir === mountedAt || spillDir.startsWith(`${mountedAt}/`)).toBe(true)
    expect(dockerfile).toContain(`RUN mkdir -p ${mountedAt}`)
    // Longer than the 15 s shutdown spends retrying before it spills (collab/plugin.ts).
    expect(Number.parseInt(services.app.stop_grace_period, 10)).toBeGreaterThan(15)
  })

  it('checks every service health, and starts the app once its stores are healthy', () => {
    expect(healthTest(services.postgres)).toMatch(/pg_isready -U kenlabour -d kenlabour/)
    expect(healthTest(services.redis)).toMatch(/redis-cli ping/)
    const port = readConfig(environmentOf(services.app)).port
    expect(healthTest(services.app)).toContain(`http://127.0.0.1:${port}/api/health`)
    for (const service of Object.values(services)) {
      expect(service.healthcheck.interval).toMatch(/^\d+s$/)
      expect(service.healthcheck.retries).toBeGreaterThan(0)
    }
    expect(services.app.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    })
  })
})

describe('Dockerfile', () => {
  const instructions = dockerfile
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))

  it('builds the client in a first stage and runs on node:24-slim with production dependencies only', () => {
    const stages = instructions.filter((line) => line.startsWith('FROM '))
    expect(stages).toEqual(['FROM node:24-slim AS build', 'FROM node:24-slim'])
    const runStage = instructions.slice(instructions.indexOf('FROM node:24-slim'))
    const buildStage = instructions.slice(0, instructions.indexOf('FROM node:24-slim'))
    // Build: all dependencies, then Vite.
    const ci = buildStage.findIndex((line) => /^RUN npm ci\b/.test(line))
    const copySources = buildStage.findIndex((line) => /^COPY .*\. \.$/.test(line))
    expect(ci).toBeGreaterThan(0)
    expect(buildStage[ci]).not.toContain('--omit')
    expect(copySources).toBeGreaterThan(ci)
    expect(buildStage.indexOf('RUN npx vite build')).toBeGreaterThan(copySources)
    // postinstall (patch-package, the driver patch) needs the patches before npm ci, in both stages.
    for (const stage of [buildStage, runStage]) {
      const script = stage.findIndex((line) => /^COPY .*patches \.\/patches$/.test(line))
      const install = stage.findIndex((line) => /^RUN npm ci\b/.test(line))
      expect(script).toBeGreaterThan(0)
      expect(install).toBeGreaterThan(script)
    }
    // Run: production dependencies only, the sources the server runs and the built client, as `node`.
    expect(runStage.find((line) => /^RUN npm ci\b/.test(line))).toContain('--omit=dev')
    expect(runStage).toContain('COPY --from=build --chown=node:node /app/dist/client ./dist/client')
    expect(runStage.some((line) => /^COPY .*\. \.$/.test(line))).toBe(false)
    expect(runStage).toContain('USER node')
    // The operator's `npm run account` works inside the container.
    expect(runStage).toContain('COPY --chown=node:node scripts/account.ts scripts/')
    expect(runStage).toContain('COPY --chown=node:node scripts/council.ts scripts/')
    expect(instructions.at(-1)).toBe('CMD ["node", "server/main.ts"]')
    expect(dockerfile).toMatch(/EXPOSE 3000/)
    expect(dockerfile).toMatch(/NODE_ENV=production/)
    // The built client lands where the server serves it from.
    const vite = readFileSync(new URL('./vite.config.ts', import.meta.url), 'utf8')
    expect(vite).toContain("'./dist/client'")
  })

  it('ships no second Node and no build tool among the production dependencies', () => {
    const manifest = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))
    for (const name of ['node', 'vite', '@vitejs/plugin-react', 'typescript', 'vitest'])
      expect(Object.keys(manifest.dependencies), name).not.toContain(name)
    expect(manifest.devDependencies.node).toMatch(/^24\./)
  })

  it('leaves host-built and local files out of the image', () => {
    const ignored = dockerignore.split('\n').map((line) => line.trim())
    for (const path of ['node_modules', 'dist', 'data', 'unstored']) expect(ignored).toContain(path)
  })
})
