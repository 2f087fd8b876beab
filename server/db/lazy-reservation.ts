import type { PostgresJSReservedSql, PostgresJSSql } from 'kysely-postgres-js'
import type { Sql } from 'postgres'

/**
 * Wraps a postgres.js pool so that kysely-postgres-js pins a connection only for transactions.
 *
 * kysely-postgres-js reserves a connection (`sql.reserve()`) for every query it runs. postgres.js 3.4.9
 * crashes the process when a reserved connection's server side dies under it (porsager/postgres#1208:
 * a write to a null socket thrown from a timer), while a pooled query just fails with
 * CONNECTION_CLOSED and the pool replaces the connection. Boards keep writing while Postgres restarts,
 * so single statements here run on the pool, and a real connection is reserved from BEGIN until Kysely
 * releases the connection after COMMIT or ROLLBACK. (The driver itself is also patched, see
 * patches/postgres+3.4.9.patch, for the transactions that remain.)
 */
export function withLazyReservation(sql: Sql): () => PostgresJSSql {
  // kysely-postgres-js takes anything with its documented PostgresJSSql shape (options, end, reserve)
  // from a factory: the pool itself, with only `reserve` ours.
  const pool: PostgresJSSql = {
    options: sql.options,
    end: (options?: { timeout?: number }) => sql.end(options),
    reserve: async () => lazyConnection(sql),
  }
  return () => pool
}

/**
 * How long a query on a pinned (transaction) connection may take. postgres.js 3.4.9 leaves a query
 * queued on a reserved connection pending forever when that connection dies (porsager/postgres#1186),
 * which would hang the transaction, its HTTP request and the connection with it. Every transaction here
 * runs short statements, so a query that has not settled by then is on a dead connection.
 */
const PINNED_QUERY_DEADLINE_MS = 10_000

function lazyConnection(sql: Sql): PostgresJSReservedSql {
  let pinned: Awaited<ReturnType<Sql['reserve']>> | null = null
  let dead = false
  const onPinned = (text: string, parameters?: any[], options?: any): Promise<unknown> => {
    if (dead) return Promise.reject(new Error('the transaction lost its database connection'))
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        dead = true
        reject(
          new Error(
            `database connection lost during a transaction (no answer in ${PINNED_QUERY_DEADLINE_MS} ms)`,
          ),
        )
      }, PINNED_QUERY_DEADLINE_MS)
      pinned!.unsafe(text, parameters, options).then(
        (result) => {
          clearTimeout(timer)
          resolve(result)
        },
        (error) => {
          clearTimeout(timer)
          reject(error)
        },
      )
    })
  }
  const unsafe = (text: string, parameters?: any[], options?: any): any => {
    if (pinned) return onPinned(text, parameters, options)
    // Kysely opens a transaction with `begin`, or `start transaction isolation level …` when it has
    // settings: both pin a connection (a missed one would leave BEGIN on one pooled connection and send
    // its statements and COMMIT to others).
    if (/^\s*(begin|start\s+transaction)\b/i.test(text)) {
      return (async () => {
        pinned = await sql.reserve()
        try {
          return await onPinned(text, parameters, options)
        } catch (error) {
          pinned.release()
          pinned = null
          throw error
        }
      })()
    }
    return sql.unsafe(text, parameters, options)
  }
  const release = () => {
    pinned?.release()
    pinned = null
    dead = false
  }
  return { unsafe, release }
}
