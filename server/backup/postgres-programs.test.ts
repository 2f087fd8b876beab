import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findPostgresClientPrograms, postgresBinCandidates } from './postgres-programs.ts'

describe('the PostgreSQL client programs of a backup', () => {
  it('looks only in PG_BIN when it is set, and says what to install when nothing is there', () => {
    const empty = mkdtempSync(join(tmpdir(), 'kenlabour-pgbin-'))
    try {
      const env = { ...process.env, PG_BIN: empty }
      expect(postgresBinCandidates(env)).toEqual([empty])
      expect(() => findPostgresClientPrograms(undefined, env)).toThrow(
        new RegExp(`not found \\(looked in PG_BIN=${empty}\\)[\\s\\S]*postgresql-client-<version>`),
      )
    } finally {
      rmSync(empty, { recursive: true, force: true })
    }
  })

  it.runIf(process.env.TEST_DATABASE_URL)(
    'takes the newest installed version, and refuses a newer server by name',
    () => {
      const programs = findPostgresClientPrograms()
      expect(programs.version).toMatch(/^pg_dump \(PostgreSQL\) \d+/)
      for (const candidate of postgresBinCandidates()) {
        const found = (() => {
          try {
            return findPostgresClientPrograms(undefined, { ...process.env, PG_BIN: candidate })
          } catch {
            return undefined
          }
        })()
        if (found) expect(found.major).toBeLessThanOrEqual(programs.major)
      }
      expect(() => findPostgresClientPrograms(programs.major + 1)).toThrow(
        new RegExp(`runs PostgreSQL ${programs.major + 1}.*postgresql-client-${programs.major + 1}`, 's'),
      )
    },
  )
})
