import { resolve } from 'node:path'
import { type ConnectionCaps, defaultConnectionCaps } from './collab/connection-caps.ts'

/** Everything the server reads from its environment, parsed once at start. */
export interface ServerConfig {
  /** TCP port to listen on (PORT, default 3000). */
  port: number
  /** Interface to bind (HOST, default 0.0.0.0). */
  host: string
  /** Real Postgres when set (DATABASE_URL); otherwise embedded PGlite in dataDir. */
  databaseUrl: string | undefined
  /** Folder of the embedded database (KENLABOUR_DATA_DIR, default ./data). */
  dataDir: string
  /**
   * Where a shutdown during a Postgres outage keeps the updates it could not store, for the next start
   * (KENLABOUR_SPILL_DIR, default ./unstored; not inside dataDir, which is the embedded database's own).
   */
  spillDir: string
  /** Redis for several instances (REDIS_URL). */
  redisUrl: string | undefined
  /** Public origin(s) allowed besides the request's own Host (PUBLIC_URL, comma separated). */
  publicOrigins: string[]
  /** tldraw licence key passed to the client in production (TLDRAW_LICENSE_KEY). */
  tldrawLicenseKey: string | undefined
  /**
   * Seed a demo workshop when the store is empty (KENLABOUR_DEMO): `1` on, `0` off; unset, on in
   * development and off under NODE_ENV=production.
   */
  seedDemo: boolean
  /** NODE_ENV=production: secrets are never printed, not even once on the terminal. */
  production: boolean
  /** Bearer token of GET /metrics (KENLABOUR_METRICS_TOKEN); unset, the route does not exist. */
  metricsToken: string | undefined
  /**
   * Requests to join per minute and per address, right or wrong (KENLABOUR_JOIN_RATE_LIMIT; unset = the
   * default, 3,000: a hall of 1,000 behind one address, each person previewing the code and joining).
   * Wrong codes have their own, much lower limit (http/rate-limits.ts).
   */
  joinRateLimit: number | undefined
  /**
   * Which proxies to believe about the client's address (TRUST_PROXY): false (unset or `0`), a hop
   * count (`1` = the one proxy in front of us), or the proxies' addresses/CIDRs (comma separated).
   * Never "trust all": `true` is refused at start, since it lets anyone spoof X-Forwarded-For.
   */
  trustProxy: false | number | string[]
  /**
   * Caps on live connections (collab/connection-caps.ts); KENLABOUR_MAX_CONNECTIONS_PER_ADDRESS raises
   * the per-address one when a whole hall sits behind one address.
   */
  connectionCaps: ConnectionCaps
  /** pino log level (LOG_LEVEL, default info). */
  logLevel: string
  /** Websocket heartbeat interval, ms (KENLABOUR_COLLAB_HEARTBEAT_MS; tests shorten it). */
  heartbeatMs: number
  /**
   * How long an empty, fully stored live-board room stays in memory before it unloads, ms
   * (KENLABOUR_COLLAB_UNLOAD_DELAY_MS, default 2 s; tests shorten it).
   */
  roomUnloadDelayMs: number
  /**
   * How long shutdown keeps retrying to store buffered updates before it writes them to the spill
   * folder, ms (KENLABOUR_SHUTDOWN_FLUSH_MS; tests shorten it).
   */
  shutdownFlushMs: number
  /**
   * Scale-out: how long an instance holds an update another instance relayed, waiting for that instance
   * to confirm storing it, before it stores the update itself, ms (KENLABOUR_RELAY_GRACE_MS, default 8 s;
   * collab/fanout.ts says why 8 s; tests shorten it). Each instance adds a random part of up to 3/8 of it.
   */
  relayGraceMs: number
  /**
   * Who may create an account (KENLABOUR_SIGNUP): `invite` (default), only the instance's first account
   * signs up freely (it creates the first council and administers it), everyone else by invitation;
   * `open`, anyone (each new account creates its own council).
   */
  signup: 'invite' | 'open'
  /**
   * Guests of a workshop closed more than this many months ago are erased by a daily job (their ideas
   * stay, credited to nobody): KENLABOUR_RETENTION_MONTHS, default 12; 0 turns the job off (guests are
   * then kept until someone asks for their erasure). `npm run retention` applies the same rule by hand.
   */
  retentionMonths: number
  /**
   * Whom a person asks for erasure, as the privacy page says it (KENLABOUR_PRIVACY_CONTACT: an address or a
   * sentence); unset, the page tells people to ask the workshop's facilitators or the council.
   */
  privacyContact: string | undefined
}

/** Parses KENLABOUR_SIGNUP: `invite` (unset) or `open`; anything else is refused at start. */
export function parseSignupMode(value: string | undefined): 'invite' | 'open' {
  const text = (value ?? '').trim()
  if (text === '' || text === 'invite') return 'invite'
  if (text === 'open') return 'open'
  throw new Error(`KENLABOUR_SIGNUP must be "invite" or "open", got "${text}"`)
}

/** Parses KENLABOUR_RETENTION_MONTHS: a whole number of months, 12 when unset, 0 for no automatic erasure. */
export function parseRetentionMonths(value: string | undefined): number {
  const text = (value ?? '').trim()
  if (text === '') return 12
  if (!/^\d+$/.test(text) || Number(text) > 1200)
    throw new Error(
      `KENLABOUR_RETENTION_MONTHS must be a whole number of months (0 turns it off), got "${text}"`,
    )
  return Number(text)
}

/** Parses TRUST_PROXY; throws on a value that would trust every hop or that cannot be read. */
export function parseTrustProxy(value: string | undefined): false | number | string[] {
  const text = (value ?? '').trim()
  if (text === '' || text === '0' || text === 'false') return false
  if (/^\d+$/.test(text)) return Number(text)
  if (text === 'true' || text === '*')
    throw new Error(
      'TRUST_PROXY=true would trust every X-Forwarded-For hop (anyone could spoof their address): ' +
        'give a hop count (1 behind one reverse proxy) or the proxy addresses/CIDRs, comma separated',
    )
  const list = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  for (const entry of list)
    if (!/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(entry))
      throw new Error(`TRUST_PROXY: "${entry}" is neither a hop count nor an address/CIDR`)
  return list
}

/** KENLABOUR_DEMO: `1` or `0`; unset, a demo in development only. */
export function parseDemo(value: string | undefined, nodeEnv: string | undefined): boolean {
  const text = (value ?? '').trim()
  if (text === '1' || text === 'true') return true
  if (text === '0' || text === 'false') return false
  if (text === '') return nodeEnv !== 'production'
  throw new Error(`KENLABOUR_DEMO must be 1 or 0, got "${text}"`)
}

/** Reads the configuration from `env` (process.env by default). */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 3000)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got ${env.PORT}`)
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.KENLABOUR_DATA_DIR ?? 'data'),
    spillDir: resolve(env.KENLABOUR_SPILL_DIR ?? 'unstored'),
    redisUrl: env.REDIS_URL || undefined,
    publicOrigins: (env.PUBLIC_URL ?? '')
      .split(',')
      .map((s) => s.trim().replace(/\/$/, ''))
      .filter(Boolean),
    tldrawLicenseKey: env.TLDRAW_LICENSE_KEY || undefined,
    seedDemo: parseDemo(env.KENLABOUR_DEMO, env.NODE_ENV),
    production: env.NODE_ENV === 'production',
    metricsToken: env.KENLABOUR_METRICS_TOKEN || undefined,
    joinRateLimit:
      Number(env.KENLABOUR_JOIN_RATE_LIMIT) > 0 ? Number(env.KENLABOUR_JOIN_RATE_LIMIT) : undefined,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    logLevel: env.LOG_LEVEL || 'info',
    heartbeatMs: Number(env.KENLABOUR_COLLAB_HEARTBEAT_MS) || 30_000,
    roomUnloadDelayMs: Number(env.KENLABOUR_COLLAB_UNLOAD_DELAY_MS) || 2_000,
    shutdownFlushMs: Number(env.KENLABOUR_SHUTDOWN_FLUSH_MS) || 15_000,
    relayGraceMs: Number(env.KENLABOUR_RELAY_GRACE_MS) || 8_000,
    connectionCaps: {
      ...defaultConnectionCaps,
      ...(Number(env.KENLABOUR_MAX_CONNECTIONS_PER_ADDRESS) > 0
        ? { perAddress: Number(env.KENLABOUR_MAX_CONNECTIONS_PER_ADDRESS) }
        : {}),
    },
    signup: parseSignupMode(env.KENLABOUR_SIGNUP),
    retentionMonths: parseRetentionMonths(env.KENLABOUR_RETENTION_MONTHS),
    privacyContact: env.KENLABOUR_PRIVACY_CONTACT?.trim() || undefined,
  }
}
