import { Counter, Gauge, Histogram, type Registry } from 'prom-client'

/** The collaboration server's Prometheus metrics, registered on the app's registry. */
export interface CollabMetrics {
  rooms: Gauge
  connections: Gauge
  messagesIn: Counter<'type'>
  messagesOut: Counter<'type'>
  refusedUpdates: Counter
  droppedUpdates: Counter<'reason'>
  updatesStored: Counter
  persistFailures: Counter
  /** Time from an accepted update to its row in board_updates, in seconds. */
  persistLag: Histogram
  /** Age of the oldest update not yet stored, over all rooms, in seconds (read at scrape time). */
  unstoredAge: Gauge
  closes: Counter<'code'>
  roomLoadFailures: Counter<'reason'>
  /** Messages to and from other instances through Redis. */
  fanoutMessages: Counter<'direction'>
  /** Catch-ups from the log (scale-out), by cause. */
  catchUps: Counter<'cause'>
  /** Updates relayed by another instance that never confirmed storing them, stored here instead. */
  relaysAdopted: Counter
  /** Relayed updates held here, waiting for their instance to confirm storing them (read at scrape time). */
  relaysHeld: Gauge
}

/** Creates the metrics on `registry`; `oldestUnstoredMs` and `relaysHeld` are read when Prometheus scrapes. */
export function createCollabMetrics(
  registry: Registry,
  oldestUnstoredMs: () => number,
  relaysHeld: () => number = () => 0,
): CollabMetrics {
  const registers = [registry]
  return {
    rooms: new Gauge({ name: 'kenlabour_collab_rooms', help: 'Boards loaded in memory', registers }),
    connections: new Gauge({
      name: 'kenlabour_collab_connections',
      help: 'Open live connections',
      registers,
    }),
    messagesIn: new Counter({
      name: 'kenlabour_collab_messages_in_total',
      help: 'Websocket messages received, by type',
      labelNames: ['type'],
      registers,
    }),
    messagesOut: new Counter({
      name: 'kenlabour_collab_messages_out_total',
      help: 'Websocket messages sent, by type',
      labelNames: ['type'],
      registers,
    }),
    refusedUpdates: new Counter({
      name: 'kenlabour_collab_refused_total',
      help: 'Parts of client updates refused by validation',
      registers,
    }),
    droppedUpdates: new Counter({
      name: 'kenlabour_collab_dropped_updates_total',
      help: 'Client updates dropped unread (read-only senders)',
      labelNames: ['reason'],
      registers,
    }),
    updatesStored: new Counter({
      name: 'kenlabour_collab_updates_stored_total',
      help: 'Accepted updates written to board_updates',
      registers,
    }),
    persistFailures: new Counter({
      name: 'kenlabour_collab_persist_failures_total',
      help: 'Failed writes to board_updates (retried)',
      registers,
    }),
    persistLag: new Histogram({
      name: 'kenlabour_collab_persist_lag_seconds',
      help: 'Time from an accepted update to its row in board_updates',
      buckets: [0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.25, 1, 5, 30],
      registers,
    }),
    unstoredAge: new Gauge({
      name: 'kenlabour_collab_unstored_age_seconds',
      help: 'Age of the oldest accepted update not yet stored',
      registers,
      collect() {
        this.set(oldestUnstoredMs() / 1000)
      },
    }),
    closes: new Counter({
      name: 'kenlabour_collab_closes_total',
      help: 'Connections closed by the server, by close code',
      labelNames: ['code'],
      registers,
    }),
    fanoutMessages: new Counter({
      name: 'kenlabour_collab_fanout_messages_total',
      help: 'Messages exchanged with other instances through Redis',
      labelNames: ['direction'],
      registers,
    }),
    catchUps: new Counter({
      name: 'kenlabour_collab_catchups_total',
      help: 'Catch-ups of a room from the Postgres log, by cause',
      labelNames: ['cause'],
      registers,
    }),
    relaysAdopted: new Counter({
      name: 'kenlabour_collab_relays_adopted_total',
      help: 'Updates relayed by another instance that did not confirm storing them, stored by this one',
      registers,
    }),
    relaysHeld: new Gauge({
      name: 'kenlabour_collab_relays_held',
      help: 'Updates relayed by another instance, held here until it confirms storing them',
      registers,
      collect() {
        this.set(relaysHeld())
      },
    }),
    roomLoadFailures: new Counter({
      name: 'kenlabour_collab_room_load_failures_total',
      help: 'Boards that failed to load',
      labelNames: ['reason'],
      registers,
    }),
  }
}
