import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { assertPostgresPatched, POSTGRES_PATCH_MARK, postgresConnectionSources } from './postgres-patch.ts'

describe('the postgres.js patch (patches/postgres+3.4.9.patch)', () => {
  it('is applied to every build of the installed driver', () => {
    const sources = postgresConnectionSources()
    expect(sources).toHaveLength(3)
    for (const file of sources) expect(readFileSync(file, 'utf8')).toContain(POSTGRES_PATCH_MARK)
    expect(() => assertPostgresPatched()).not.toThrow()
  })

  it('stops the server from using an unpatched driver, naming the file and the fix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kenlabour-unpatched-'))
    const unpatched = join(dir, 'connection.js')
    writeFileSync(
      unpatched,
      readFileSync(postgresConnectionSources()[0]!, 'utf8').replaceAll(POSTGRES_PATCH_MARK, ''),
    )
    expect(() => assertPostgresPatched([unpatched])).toThrow(/not patched .*connection\.js.*npm install/)
  })
})
