import packageJson from '../package.json' with { type: 'json' }
import { runRestoreCommand } from '../server/backup/cli.ts'
import { readConfig } from '../server/config.ts'

/**
 * `npm run restore -- FOLDER [--force]`: a backup of `npm run backup` into the store of DATABASE_URL or
 * KENLABOUR_DATA_DIR and the spill folder, every server on it stopped (server/backup/, README.md
 * "Backups").
 */
process.exitCode = await runRestoreCommand(process.argv.slice(2), {
  config: readConfig(),
  kenlabourVersion: packageJson.version,
  out: (line) => console.log(line),
  err: (line) => console.error(line),
})
