import websocket from '@fastify/websocket'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { boardZonesFor, createBoardDocument } from '../../shared/board/create-board.ts'
import { CloseCode } from '../../shared/collab/close-codes.ts'
import { MAX_MESSAGE_BYTES } from '../../shared/collab/limits.ts'
import { liveStateOfRow } from '../../shared/workshop/live-state.ts'
import { resolveBoardAccess } from '../auth/board-access.ts'
import { forbidden, notFound } from '../errors.ts'
import { metricsPlugin } from '../metrics/registry.ts'
import { ConnectionIndex } from './connection-index.ts'
import { createFanout } from './fanout.ts'
import { createLiveBoards } from './live-boards.ts'
import { createCollabMetrics } from './metrics.ts'
import { defaultPersistenceSettings } from './persistence.ts'
import { Rooms } from './rooms.ts'
import { removeSpilled, replayUnstored, spillUnstored } from './unstored-spill.ts'
import { registerCollabRoute } from './upgrade.ts'
import { applyClientUpdate } from './validation.ts'

/**
 * Live collaboration: the /collab websocket, rooms, persistence, scale-out and metrics. Registered with
 * fastify-plugin so its decorators (liveBoards, metrics, websocketServer) are visible to the whole app.
 */
export const collabPlugin = fp(
  async (app: FastifyInstance) => {
    if (!app.hasDecorator('metrics')) await app.register(metricsPlugin)
    await app.register(websocket, {
      // ws closes with 1009 above this size, before buffering more of the message. No per-message
      // compression: rooms write frames built once for all their connections (frames.ts).
      options: { maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false },
    })

    let rooms: Rooms | undefined
    const metrics = createCollabMetrics(
      app.metrics,
      () => rooms?.oldestUnstoredMs() ?? 0,
      () => rooms?.relaysHeld() ?? 0,
    )
    const index = new ConnectionIndex()
    const log = app.log.child({ module: 'collab' })
    const fanout = app.config.redisUrl
      ? createFanout(app.config.redisUrl, () => rooms, app.store.db, log, metrics, app.config.relayGraceMs)
      : null
    if (fanout) app.redisReady = () => fanout.ready
    // Updates a shutdown during a Postgres outage could not store go to the log before anything loads.
    const spillDir = app.config.spillDir
    const replay = await replayUnstored(app.store.db, spillDir, log)
    if (replay.replayed + replay.kept > 0) log.warn(replay, 'updates left unstored at the last shutdown')
    rooms = new Rooms({
      db: app.store.db,
      log,
      metrics,
      persistence: defaultPersistenceSettings,
      awarenessTickMs: 50,
      unloadDelayMs: app.config.roomUnloadDelayMs,
      loadTimeoutMs: 20_000,
      applyClientUpdate: (doc, update, sender, origin, context) =>
        applyClientUpdate(doc, update, sender, {
          origin,
          context,
          onReviewError: (error) =>
            log.error(
              { err: error, boardId: context?.boardId, actorId: sender.actorId },
              'board review failed',
            ),
        }),
      // A new board: one zone per start zone, titled from the contract, meta.workshop from the row.
      buildInitialDocument: (seed) =>
        createBoardDocument({
          zones: boardZonesFor(seed.startZones, seed.priorities),
          liveState: liveStateOfRow(seed.workshop),
        }),
      onLoad: fanout ? (room) => fanout.attach(room) : undefined,
      onUnload: fanout ? (room) => fanout.detach(room) : undefined,
      spill: (boardId, updates) => spillUnstored(spillDir, boardId, updates),
    })
    app.decorate(
      'liveBoards',
      createLiveBoards(rooms, fanout ? (boardId, event) => fanout.publishEvent(boardId, event) : undefined),
    )
    registerCollabRoute(app, {
      rooms,
      index,
      caps: app.config.connectionCaps,
      metrics,
      resolveAccess: async (db, actor, boardId) => {
        const access = await resolveBoardAccess(db, actor, boardId)
        if (access === 'not_found') throw notFound('Tableau')
        if (access === 'forbidden') throw forbidden()
        return access
      },
    })

    const stopRevocations = app.access.onRevoke((event) => {
      index.revoke(event)
      // Deleted boards, decided here or on another instance: their rooms go, unstored, and so do
      // their files in this instance's spill folder.
      if (!event.boardIds?.length) return
      for (const boardId of event.boardIds) rooms.discard(boardId)
      removeSpilled(spillDir, event.boardIds).then(
        (removed) => {
          if (removed.length > 0) log.info({ removed }, 'spilled updates of deleted boards removed')
        },
        (error: unknown) => log.warn({ err: error }, 'spilled updates of deleted boards not removed'),
      )
    })
    // A silent peer is dropped after one to two intervals.
    const heartbeat = setInterval(() => index.heartbeat(), app.config.heartbeatMs)
    heartbeat.unref()

    // Shutdown (SIGTERM → app.close()): preClose runs while the store is still open. Sockets are closed
    // first (1012: clients reconnect to another instance or after the restart), so no edit arrives
    // after the flush; then every buffered update is stored.
    app.addHook('preClose', async () => {
      stopRevocations()
      clearInterval(heartbeat)
      index.closeAll(CloseCode.serviceRestart, 'server restarting')
      // Then, past this deadline, what is left goes to the spill folder.
      await rooms.close(performance.now() + app.config.shutdownFlushMs)
      await fanout?.close()
    })
  },
  { name: 'collab' },
)
