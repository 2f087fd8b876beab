import type { SerializedSchema } from '@tldraw/store'
import type { TLRecord, TLStore } from '@tldraw/tlschema'
import type * as Y from 'yjs'
import { meta, records } from '../../shared/board/document.ts'

/**
 * The tldraw store ↔ board document binding (DESIGN.md, "Board format"), without React.
 *
 * - Records live in `YKeyValue` over `doc.getArray('records')`: key = record id, value = the record.
 * - `doc.getMap('meta').get('schema')` holds the serialized tldraw schema the records are written in.
 * - The user's own document changes go to Yjs, one store history entry = one Yjs transaction, so a
 *   peer (and the server's validator) never sees half of a move or of a paste.
 * - Remote Yjs changes come into the store through `store.mergeRemoteChanges`, so they are marked
 *   'remote' and never echoed back, and they stay out of the local undo stack.
 * - Presence never touches the document (see presence.ts).
 */

/** Where the binding stands. */
export type BindingStatus =
  /** Records flow both ways. */
  | { kind: 'synced' }
  /** The board was written by a newer schema than this client knows: stop writing, reload the page. */
  | { kind: 'reload-required'; reason: string }

/** Origin of the binding's own Yjs transactions, so its observers can tell them apart. */
export const bindingOrigin = Symbol('tldraw-binding')

/**
 * The board document's shared types, as the board format names them (shared/board/document.ts). The
 * records' YKeyValue is one instance per document, shared with every other reader on the page.
 */
export function boardDocParts(doc: Y.Doc) {
  return { records: records(doc), meta: meta(doc) }
}

export interface YjsStoreBinding {
  /** The current status; `onStatus` reports changes. */
  readonly status: BindingStatus
  /** Stops both directions. The store and the document are left as they are. */
  dispose(): void
}

export interface BindOptions {
  /** Called when the status changes (for example to reload-required when a newer client upgraded the board). */
  onStatus?: (status: BindingStatus) => void
  /** A remote record the store refused (its validator threw): the binding skips it and carries on. */
  onInvalidRemoteRecord?: (record: unknown, error: unknown) => void
  /** Schedules the application of a batch of remote changes (default: next animation frame). */
  schedule?: (callback: () => void) => void
}

/**
 * Can this client read and write a board whose records follow `theirs`? It can when every migration
 * sequence in `theirs` is known here at a version we have (or older, then we migrate up). An unknown
 * sequence or a version past ours means a newer client wrote the board: this one must reload.
 */
export function schemaCompatibility(
  store: TLStore,
  theirs: SerializedSchema,
): { ok: true; migrationsNeeded: number } | { ok: false; reason: string } {
  const ours = store.schema.serialize()
  if ('sequences' in theirs && 'sequences' in ours) {
    for (const [sequence, version] of Object.entries(theirs.sequences)) {
      const known = (ours.sequences as Record<string, number>)[sequence]
      if (known === undefined) return { ok: false, reason: `unknown migration sequence ${sequence}` }
      if (version > known)
        return { ok: false, reason: `${sequence} is at ${version}, this client at ${known}` }
    }
  }
  const migrations = store.schema.getMigrationsSince(theirs)
  if (!migrations.ok) return { ok: false, reason: String(migrations.error) }
  return { ok: true, migrationsNeeded: migrations.value.length }
}

/**
 * Binds `store` to `doc`. Call it once the provider has synced with the server for the first time,
 * so that the document holds the board (else an empty document would be taken for a new board).
 *
 * On binding, the document's records are migrated to this client's schema when they are older
 * (migrated records and the new schema are written back in one transaction, only those that changed),
 * then loaded into the store. An empty document is initialised from the store's own records.
 */
export function bindYjsStore(store: TLStore, doc: Y.Doc, options: BindOptions = {}): YjsStoreBinding {
  const { records, meta } = boardDocParts(doc)
  const ourSchema = store.schema.serialize()
  const unsubscribes: (() => void)[] = []
  let status: BindingStatus = { kind: 'synced' }
  let disposed = false

  const setStatus = (next: BindingStatus) => {
    status = next
    options.onStatus?.(next)
  }

  const stopWriting = (reason: string) => {
    for (const unsubscribe of unsubscribes.splice(0)) unsubscribe()
    setStatus({ kind: 'reload-required', reason })
  }

  // 1. Load the board into the store (migrating it if this client is newer).
  const theirSchema = meta.get('schema') as SerializedSchema | undefined
  const current = [...records.map.values()].map((entry) => entry.val)
  if (current.length === 0 && !theirSchema) {
    // A new, empty board: the store's document and page records start it.
    doc.transact(() => {
      for (const record of store.allRecords()) {
        if (isShared(store, record)) records.set(record.id, record)
      }
      meta.set('schema', ourSchema)
    }, bindingOrigin)
  } else {
    const schema = theirSchema ?? ourSchema
    const compatibility = schemaCompatibility(store, schema)
    if (!compatibility.ok) {
      setStatus({ kind: 'reload-required', reason: compatibility.reason })
      return {
        get status() {
          return status
        },
        dispose() {},
      }
    }
    const snapshot = Object.fromEntries(current.map((record) => [record.id, record]))
    const migrated = store.schema.migrateStoreSnapshot({ store: snapshot, schema })
    if (migrated.type === 'error') {
      setStatus({ kind: 'reload-required', reason: `migration failed: ${migrated.reason}` })
      return {
        get status() {
          return status
        },
        dispose() {},
      }
    }
    if (compatibility.migrationsNeeded > 0 || !theirSchema) {
      // Write back only what the migrations changed: rewriting every record would make each client's
      // first load cost as much as the whole board.
      doc.transact(() => {
        for (const record of current) if (!migrated.value[record.id]) records.delete(record.id)
        for (const record of Object.values(migrated.value) as TLRecord[]) {
          if (JSON.stringify(record) !== JSON.stringify(snapshot[record.id])) records.set(record.id, record)
        }
        meta.set('schema', ourSchema)
      }, bindingOrigin)
    }
    replaceDocumentRecords(store, Object.values(migrated.value) as TLRecord[], options)
  }

  // 2. Local user changes → Yjs, one history entry per transaction.
  unsubscribes.push(
    store.listen(
      ({ changes }) => {
        doc.transact(() => {
          for (const record of Object.values(changes.added))
            if (isShared(store, record)) records.set(record.id, record)
          for (const [, record] of Object.values(changes.updated))
            if (isShared(store, record)) records.set(record.id, record)
          for (const record of Object.values(changes.removed))
            if (isShared(store, record)) records.delete(record.id)
        }, bindingOrigin)
      },
      { source: 'user', scope: 'document' },
    ),
  )

  // 3. Remote Yjs changes → the store, as remote changes, at most once per frame. Fifty people moving
  //    cards send hundreds of updates a second; merging each into the store re-renders the canvas each
  //    time. Only the ids are kept meanwhile, and each is read from Yjs when the batch is applied: Yjs is
  //    the source of truth, so a local edit made in between (already written to Yjs) is never undone.
  const pending = new Set<string>()
  let scheduled = false
  const schedule = options.schedule ?? nextFrame
  const flush = () => {
    scheduled = false
    if (disposed || pending.size === 0) return
    const toPut: TLRecord[] = []
    const toRemove: TLRecord['id'][] = []
    for (const id of pending) {
      const record = records.get(id)
      if (record) toPut.push(record)
      else if (store.has(id as TLRecord['id'])) toRemove.push(id as TLRecord['id'])
    }
    pending.clear()
    applyRemote(store, toPut, toRemove, options)
  }
  const onRecordsChange = (changes: Map<string, unknown>, transaction: Y.Transaction) => {
    if (transaction.local && transaction.origin === bindingOrigin) return
    for (const id of changes.keys()) pending.add(id)
    if (!scheduled) {
      scheduled = true
      schedule(flush)
    }
  }
  records.on('change', onRecordsChange)
  unsubscribes.push(() => records.off('change', onRecordsChange))

  // 4. A newer client upgraded the board's schema while we were on it: stop writing, ask for a reload.
  const onMetaChange = (event: Y.YMapEvent<unknown>) => {
    if (!event.keysChanged.has('schema')) return
    const schema = meta.get('schema') as SerializedSchema | undefined
    if (!schema) return
    const compatibility = schemaCompatibility(store, schema)
    if (!compatibility.ok) stopWriting(compatibility.reason)
  }
  meta.observe(onMetaChange)
  unsubscribes.push(() => meta.unobserve(onMetaChange))

  return {
    get status() {
      return status
    },
    dispose() {
      disposed = true
      for (const unsubscribe of unsubscribes.splice(0)) unsubscribe()
    },
  }
}

/**
 * Least time between two applications of others' presence (ms): a lone change is drawn at the next
 * frame, a stream (200 people moving their cursor) 20 times a second instead of 60, since each
 * application repaints the canvas. Others' edits could be paced the same way (measured: it halved the
 * main thread's layerizing and painting with 200 moving cards, bench/README.md), but the board applies
 * them at the next frame while a card lost in the anonymous-workshop e2e test with pacing is unexplained.
 */
export const REMOTE_APPLY_GAP_MS = 50

/**
 * A scheduler that runs callbacks at an animation frame (nextFrame) at least `gapMs` after its previous
 * run: the first after a quiet spell runs at the next frame, a stream is paced. Callbacks scheduled
 * meanwhile run together in the same frame (share one between others' edits and cursors: one repaint).
 */
export function pacedFrames(gapMs: number): (callback: () => void) => void {
  let last = Number.NEGATIVE_INFINITY
  let queue: (() => void)[] = []
  let armed = false
  const runAll = () => {
    armed = false
    last = performance.now()
    const callbacks = queue
    queue = []
    // One failing callback must not keep the others (their owners wait for them to run) from running.
    for (const callback of callbacks) {
      try {
        callback()
      } catch (error) {
        queueMicrotask(() => {
          throw error
        })
      }
    }
  }
  return (callback) => {
    queue.push(callback)
    if (armed) return
    armed = true
    const wait = last + gapMs - performance.now()
    if (wait > 0) setTimeout(() => nextFrame(runAll), wait)
    else nextFrame(runAll)
  }
}

/**
 * Runs `callback` at the next animation frame, or within 250 ms when frames do not come (a hidden tab,
 * Node): remote changes are never held back for long.
 */
export function nextFrame(callback: () => void): void {
  let done = false
  const run = () => {
    if (done) return
    done = true
    callback()
  }
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run)
  setTimeout(run, typeof requestAnimationFrame === 'function' ? 250 : 16)
}

/**
 * Is this record part of the shared board? Document-scoped records are, except tldraw's `user` record
 * (my name and colour for tldraw's own attribution): presence already carries who I am, as the server
 * vouches for it, and the board must not hold participants' names (anonymous workshops); the server
 * refuses it from participants anyway, so syncing it only earned a refusal at every open.
 */
function isShared(store: TLStore, record: TLRecord): boolean {
  return store.scopedTypes.document.has(record.typeName) && record.typeName !== 'user'
}

/** Makes the store's document records exactly `next` (session and presence records are kept). */
function replaceDocumentRecords(store: TLStore, next: TLRecord[], options: BindOptions) {
  const keep = new Set(next.map((record) => record.id))
  const stale = store
    .allRecords()
    .filter((record) => isShared(store, record) && !keep.has(record.id))
    .map((record) => record.id)
  applyRemote(store, next, stale, options)
}

/**
 * Puts and removes remote records in one remote merge. If the store refuses the batch (a record its
 * validators reject, which the server should already have undone), the records are retried one by one
 * so that a single bad record cannot hide every other peer's changes.
 */
function applyRemote(store: TLStore, toPut: TLRecord[], toRemove: TLRecord['id'][], options: BindOptions) {
  if (toPut.length === 0 && toRemove.length === 0) return
  try {
    store.mergeRemoteChanges(() => {
      if (toRemove.length) store.remove(toRemove)
      if (toPut.length) store.put(toPut)
    })
  } catch {
    store.mergeRemoteChanges(() => {
      if (toRemove.length) store.remove(toRemove)
    })
    for (const record of toPut) {
      try {
        store.mergeRemoteChanges(() => store.put([record]))
      } catch (error) {
        options.onInvalidRemoteRecord?.(record, error)
      }
    }
  }
}

/** True when a Y.Doc has been loaded with a board (it has a schema or records). */
export function docHasBoard(doc: Y.Doc): boolean {
  return doc.getMap('meta').has('schema') || doc.getArray('records').length > 0
}
