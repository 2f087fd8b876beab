import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/**
 * postgres.js 3.4.9 is patched at install (`patches/postgres+3.4.9.patch`, applied by patch-package in
 * `postinstall`; why: patches/README.md). Without the patch a closed socket can throw from a timer and
 * end the whole server, so the server refuses to use Postgres when the patch is missing.
 */
export const POSTGRES_PATCH_MARK = '/* kenlabour: null-socket patch */'

/** The driver's connection sources, in each of its builds (ESM, CommonJS, Cloudflare). */
export function postgresConnectionSources(): string[] {
  const root = join(dirname(createRequire(import.meta.url).resolve('postgres')), '..', '..')
  return ['src/connection.js', 'cjs/src/connection.js', 'cf/src/connection.js'].map((file) =>
    join(root, file),
  )
}

/** Throws, naming the file and the fix, when one of `files` lacks the patch. */
export function assertPostgresPatched(files: string[] = postgresConnectionSources()): void {
  for (const file of files) {
    if (!readFileSync(file, 'utf8').includes(POSTGRES_PATCH_MARK))
      throw new Error(
        `postgres.js is not patched (${file}): run \`npm install\` (patch-package applies patches/postgres+3.4.9.patch)`,
      )
  }
}
