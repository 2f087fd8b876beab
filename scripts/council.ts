import { randomUUID } from 'node:crypto'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import packageJson from '../package.json' with { type: 'json' }
import { readConfig } from '../server/config.ts'
import { councilUsage, parseCouncilArgs, runCouncilCommand } from '../server/council-archive/cli.ts'
import { openStore } from '../server/db/connect.ts'

/**
 * `npm run council -- export --out FILE [--council ID]` or `import FILE`: a council's whole data as one
 * archive, out of and into the store of DATABASE_URL or KENLABOUR_DATA_DIR
 * (server/council-archive/cli.ts, docs/council-archive.md).
 */
const args = process.argv.slice(2)
if (!parseCouncilArgs(args)) {
  // Usage only: no store is opened (nor created).
  console.log(councilUsage)
  process.exit(2)
}
const config = readConfig()
const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
try {
  process.exitCode = await runCouncilCommand(args, {
    db: store.db,
    instanceVersion: packageJson.version,
    spillDir: config.spillDir,
    readFile: async (path) => new Uint8Array(await readFile(path)),
    // Whole or nothing: a failed write leaves no half archive under the name asked for.
    writeFile: async (path, bytes) => {
      const partial = `${path}.${randomUUID().slice(0, 8)}.partial`
      try {
        await writeFile(partial, bytes)
        await rename(partial, path)
      } finally {
        await rm(partial, { force: true })
      }
    },
    out: (line) => console.log(line),
  })
} catch (error) {
  console.error(`council ${args[0]} failed: ${(error as Error).message}`)
  process.exitCode = 1
} finally {
  await store.close()
}
