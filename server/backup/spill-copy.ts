import { existsSync } from 'node:fs'
import { copyFile, mkdir, readdir, rename } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { SPILL_EXTENSION } from '../collab/unstored-spill.ts'
import type { BackupFile } from './manifest.ts'
import { backupPaths } from './manifest.ts'

/**
 * The spill folder in a backup (collab/unstored-spill.ts): edits that a shutdown during a Postgres outage
 * could not store are files there until the next start appends them to their board's log. They belong
 * to the database as much as its tables do, so a backup carries them, and a restore puts them back for
 * the server's next start to store.
 */

/**
 * Copies the whole spilled files of `spillDir` into the backup folder; returns their paths in it. Files
 * still being written (`.partial`) are not whole and are left out; a missing folder is an empty one.
 */
export async function copySpillIntoBackup(spillDir: string, backupFolder: string): Promise<string[]> {
  let names: string[]
  try {
    names = (await readdir(spillDir)).filter((name) => name.endsWith(SPILL_EXTENSION)).sort()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const target = join(backupFolder, backupPaths.spillFolder)
  await mkdir(target, { recursive: true })
  const copied: string[] = []
  for (const name of names) {
    try {
      await copyFile(join(spillDir, name), join(target, name))
      copied.push(`${backupPaths.spillFolder}/${name}`)
    } catch (error) {
      // Replayed and removed by a server starting meanwhile: it is in the database now.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
  }
  return copied
}

/**
 * Puts a backup's spilled files into `spillDir`, never over a file already there (names are unique: the
 * same name is the same file); the server stores them at its next start. Each is copied under a
 * `.partial` name and renamed once whole, as the server writes them, so a start never reads half a file.
 * Returns how many were copied.
 */
export async function restoreSpill(
  backupFolder: string,
  files: readonly BackupFile[],
  spillDir: string,
): Promise<number> {
  if (files.length === 0) return 0
  await mkdir(spillDir, { recursive: true })
  let copied = 0
  for (const file of files) {
    const target = join(spillDir, basename(file.path))
    if (existsSync(target)) continue
    const partial = `${target}.partial`
    await copyFile(join(backupFolder, file.path), partial)
    await rename(partial, target)
    copied += 1
  }
  return copied
}
