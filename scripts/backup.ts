import packageJson from '../package.json' with { type: 'json' }
import { runBackupCommand } from '../server/backup/cli.ts'
import { readConfig } from '../server/config.ts'

/**
 * `npm run backup -- [--out FOLDER]`: the database of DATABASE_URL or KENLABOUR_DATA_DIR and the spill
 * folder, into one folder with a manifest (server/backup/, README.md "Backups").
 */
process.exitCode = await runBackupCommand(process.argv.slice(2), {
  config: readConfig(),
  kenlabourVersion: packageJson.version,
  out: (line) => console.log(line),
  err: (line) => console.error(line),
})
