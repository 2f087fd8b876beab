import JSZip from 'jszip'
import { sha256 } from '../export.ts'
import type { Manifest } from '../format.ts'

/** Every file of a zip, by path. */
export async function unzip(bytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  const zip = await JSZip.loadAsync(bytes)
  const files = new Map<string, Uint8Array>()
  for (const [path, file] of Object.entries(zip.files))
    if (!file.dir) files.set(path, await file.async('uint8array'))
  return files
}

export const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes)
export const jsonOf = (files: Map<string, Uint8Array>, path: string) => JSON.parse(text(files.get(path)))

/**
 * A copy of an archive with some files replaced (`null` removes one). With `restamp`, the manifest lists
 * the files as they now are (a well-formed archive whose content is wrong); without, it keeps the
 * original sizes and digests (a damaged archive). `manifest` edits the manifest last.
 */
export async function rezip(
  bytes: Uint8Array,
  changes: Record<string, Uint8Array | string | null>,
  options: { restamp?: boolean; manifest?: (manifest: Manifest) => unknown } = {},
): Promise<Uint8Array> {
  const files = await unzip(bytes)
  for (const [path, content] of Object.entries(changes)) {
    if (content === null) files.delete(path)
    else files.set(path, typeof content === 'string' ? new TextEncoder().encode(content) : content)
  }
  let manifest = JSON.parse(text(files.get('manifest.json'))) as Manifest
  if (options.restamp)
    manifest = {
      ...manifest,
      files: [...files]
        .filter(([path]) => path !== 'manifest.json')
        .map(([path, content]) => ({ path, bytes: content.byteLength, sha256: sha256(content) })),
    }
  const edited = options.manifest ? options.manifest(manifest) : manifest
  const zip = new JSZip()
  for (const [path, content] of files) if (path !== 'manifest.json') zip.file(path, content)
  if (edited !== undefined) zip.file('manifest.json', JSON.stringify(edited))
  return zip.generateAsync({ type: 'uint8array' })
}
