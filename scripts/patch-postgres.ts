/**
 * Patches postgres.js 3.4.9 (run by `postinstall`) against porsager/postgres#1208 and its relatives
 * (#1066, #1154): when a connection's socket closes, `closed()` sets it to null, but a write queued on a
 * timer (or a query on a reserved connection) still calls `socket.write` and throws from a timer, an
 * uncaught exception that ends the whole server, and with it every live board. Upstream fixes
 * (PRs 1168, 1209) are not released; this applies the same idea: settle the pending queries with
 * CONNECTION_CLOSED instead of throwing or leaving them pending, and forget the timer and buffer of the dead socket so the
 * connection can write again once reconnected. Idempotent; fails loudly if the source has changed.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const MARK = '/* kenlabour: null-socket patch */'

const nextWriteBefore = `  function nextWrite(fn) {
    const x = socket.write(chunk, fn)`
const nextWriteAfter = `  function nextWrite(fn) {
    ${MARK}
    if (socket === null) {
      nextWriteTimer !== null && clearImmediate(nextWriteTimer)
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options))
      return false
    }
    const x = socket.write(chunk, fn)`
const teardownBefore = `
    clearImmediate(nextWriteTimer)
`
const teardownAfter = `
    clearImmediate(nextWriteTimer)
    chunk = nextWriteTimer = null
`

// The package's CommonJS entry is cjs/src/index.js; its exports map hides package.json.
// A socket that errored (ECONNRESET) is closed with hadError: queries sent between the error and the
// close were never settled and hung forever. Settle them whatever the cause of the close.
const closedBefore = `    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))`
const closedAfter = `    (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))`

const root = join(dirname(createRequire(import.meta.url).resolve('postgres')), '..', '..')
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version
if (version !== '3.4.9') {
  throw new Error(
    `scripts/patch-postgres.ts was written for postgres 3.4.9, found ${version}: check whether the fix is released`,
  )
}

for (const file of ['src/connection.js', 'cjs/src/connection.js', 'cf/src/connection.js']) {
  const path = join(root, file)
  const source = readFileSync(path, 'utf8')
  if (source.includes(MARK)) continue
  const teardowns = source.split(teardownBefore).length - 1
  if (!source.includes(nextWriteBefore) || !source.includes(closedBefore) || teardowns !== 2) {
    throw new Error(`postgres ${file} does not look like 3.4.9's: patch not applied`)
  }
  writeFileSync(
    path,
    source.replace(nextWriteBefore, nextWriteAfter).replaceAll(teardownBefore, teardownAfter),
  )
}
console.log('postgres.js: null-socket patch applied (porsager/postgres#1208)')
