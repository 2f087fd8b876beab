import { buildApp } from '../server/app.ts'
import { openStore } from '../server/db/connect.ts'

/**
 * Figures for issue 13 (answers that do not reveal whether an address has an account): the time of a
 * sign-up with a taken address against a new one, and of a log-in with an unknown address against a
 * known one with a wrong password, through the real app (inject) on an embedded store. Not a test:
 * timings belong to a benchmark. `node bench/account-timing.ts [rounds]` prints medians and p90s.
 */
const rounds = Number(process.argv[2] ?? 40)
const store = await openStore({ dataDir: 'memory://' })
const app = await buildApp({
  store,
  rateLimits: { login: 1e6, signup: 1e6, join: 1e6 },
  failureLimits: {
    join: { max: 1e6, windowSeconds: 60 },
    loginPerAddress: { max: 1e6, windowSeconds: 60 },
    loginPerAccount: { max: 1e6, windowSeconds: 60 },
  },
  config: { seedDemo: false, signup: 'open' },
})
const password = 'correct horse battery'
const signup = (email: string) =>
  app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email, password, displayName: 'Chrono' } })
const login = (email: string) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: 'not the password' } })

const taken = 'taken@example.fr'
if ((await signup(taken)).statusCode !== 201) throw new Error('first sign-up failed')

async function time(run: () => Promise<{ statusCode: number }>, expected: number): Promise<number> {
  const start = performance.now()
  const response = await run()
  const elapsed = performance.now() - start
  if (response.statusCode !== expected) throw new Error(`expected ${expected}, got ${response.statusCode}`)
  return elapsed
}

const series: Record<string, number[]> = {
  'sign-up, new address (201)': [],
  'sign-up, taken address (409)': [],
  'log-in, unknown address (401)': [],
  'log-in, known address, wrong password (401)': [],
}
// Warm-up, then the two cases interleaved so that drift weighs on both alike.
for (let i = 0; i < 3; i++) await signup(`warm${i}@example.fr`)
for (let i = 0; i < rounds; i++) {
  series['sign-up, new address (201)']!.push(await time(() => signup(`new${i}@example.fr`), 201))
  series['sign-up, taken address (409)']!.push(await time(() => signup(taken), 409))
  series['log-in, unknown address (401)']!.push(await time(() => login(`nobody${i}@example.fr`), 401))
  series['log-in, known address, wrong password (401)']!.push(await time(() => login(taken), 401))
}
await app.close()
await store.close()

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}
console.log(`${rounds} rounds each, ms (median / p90)`)
for (const [label, values] of Object.entries(series))
  console.log(
    `${label.padEnd(46)} ${quantile(values, 0.5).toFixed(1).padStart(6)} / ${quantile(values, 0.9).toFixed(1)}`,
  )
