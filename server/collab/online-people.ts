import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Redis } from 'ioredis'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Actor ids (user or guest ids) present on a board now, on any instance. Does not load the board.
     * With Redis, asks the other instances and waits for their answers (at most ANSWER_WAIT_MS).
     */
    onlinePeople(boardId: string): Promise<Set<string>>
  }
}

/** How long an ask waits for the other instances; a slow or dying instance counts as nobody online. */
const ANSWER_WAIT_MS = 500
const ASK_CHANNEL = 'kenlabour:online:ask'
const answerChannel = (instanceId: string) => `kenlabour:online:answer:${instanceId}`

/**
 * Who is online on a board across instances, for the participants list.
 *
 * `app.liveBoards.onlineActors` reads the presence of the board's room on this instance, which holds
 * every instance's presence (the fan-out shares it), but only while this instance has the board loaded:
 * a facilitator's request may well land on an instance where nobody has the board open. So the asking
 * instance publishes the question and every instance answers from its own room. Redis' PUBLISH returns
 * how many subscribers received it, so the asker knows how many answers to wait for and does not sit
 * out the whole timeout when all instances are up. Loading the board to read its presence instead
 * would cost a load per list and still miss presence until the other instances resend it.
 */
export const onlinePeoplePlugin = fp(
  async (app: FastifyInstance) => {
    const local = (boardId: string) => app.liveBoards.onlineActors(boardId)
    if (!app.config.redisUrl) {
      app.decorate('onlinePeople', async (boardId: string) => local(boardId))
      return
    }
    const exchange = new OnlineExchange(app.config.redisUrl, local, app.log.child({ module: 'online' }))
    app.decorate('onlinePeople', (boardId: string) => exchange.ask(boardId))
    app.addHook('onClose', async () => exchange.close())
  },
  { name: 'online-people' },
)

interface Pending {
  actors: Set<string>
  answers: number
  /** How many answers to wait for; null until PUBLISH said how many instances heard the question. */
  expected: number | null
  done: () => void
}

class OnlineExchange {
  readonly #instanceId = crypto.randomUUID()
  readonly #pub: Redis
  readonly #sub: Redis
  readonly #local: (boardId: string) => Set<string>
  readonly #log: FastifyBaseLogger
  readonly #pending = new Map<string, Pending>()

  constructor(url: string, local: (boardId: string) => Set<string>, log: FastifyBaseLogger) {
    this.#local = local
    this.#log = log
    // No offline queue: a question asked while Redis is away is answered from this instance alone at once.
    this.#pub = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0 })
    this.#sub = new Redis(url, { maxRetriesPerRequest: null })
    for (const client of [this.#pub, this.#sub])
      client.on('error', (error: Error) => this.#log.debug({ err: error }, 'redis error (online people)'))
    this.#sub.subscribe(ASK_CHANNEL, answerChannel(this.#instanceId)).catch(() => {
      // ioredis subscribes again by itself once connected.
    })
    this.#sub.on('message', (channel: string, message: string) => this.#onMessage(channel, message))
  }

  async ask(boardId: string): Promise<Set<string>> {
    const actors = new Set(this.#local(boardId))
    // Both connections up: the count of receivers below includes this instance's own subscriber.
    if (this.#pub.status !== 'ready' || this.#sub.status !== 'ready') return actors
    const queryId = crypto.randomUUID()
    const pending: Pending = { actors, answers: 0, expected: null, done: () => {} }
    const answered = new Promise<void>((resolve) => {
      pending.done = resolve
    })
    this.#pending.set(queryId, pending)
    try {
      const receivers = await this.#pub.publish(
        ASK_CHANNEL,
        JSON.stringify({ from: this.#instanceId, queryId, boardId }),
      )
      // This instance's own subscriber is one of the receivers; answers may already have come in.
      pending.expected = receivers - 1
      this.#settle(pending)
    } catch (error) {
      this.#pending.delete(queryId)
      this.#log.debug({ err: error }, 'online question not sent')
      return actors
    }
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      answered,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, ANSWER_WAIT_MS))),
    ])
    clearTimeout(timer)
    this.#pending.delete(queryId)
    return actors
  }

  #settle(pending: Pending): void {
    if (pending.expected !== null && pending.answers >= pending.expected) pending.done()
  }

  #onMessage(channel: string, message: string): void {
    let body: { from?: unknown; queryId?: unknown; boardId?: unknown; actors?: unknown }
    try {
      body = JSON.parse(message)
    } catch {
      return
    }
    if (channel === ASK_CHANNEL) {
      if (body.from === this.#instanceId || typeof body.from !== 'string' || typeof body.boardId !== 'string')
        return
      const actors = [...this.#local(body.boardId)]
      this.#pub
        .publish(answerChannel(body.from), JSON.stringify({ queryId: body.queryId, actors }))
        .catch(() => {})
      return
    }
    const pending = typeof body.queryId === 'string' ? this.#pending.get(body.queryId) : undefined
    if (!pending) return
    if (Array.isArray(body.actors))
      for (const actor of body.actors) if (typeof actor === 'string') pending.actors.add(actor)
    pending.answers += 1
    this.#settle(pending)
  }

  async close(): Promise<void> {
    for (const pending of this.#pending.values()) pending.done()
    await Promise.allSettled([this.#pub.quit(), this.#sub.quit()])
    this.#pub.disconnect()
    this.#sub.disconnect()
  }
}
