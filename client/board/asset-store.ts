import {
  atom,
  createShapesForAssets,
  type Editor,
  type TLAsset,
  type TLAssetStore,
  type TLImageShape,
  type TLStoreBaseOptions,
  Vec,
} from 'tldraw'
import type { UploadedAsset } from '../../shared/api/assets.ts'
import { MAX_IMAGE_BYTES } from '../../shared/collab/limits.ts'
import { ApiError } from '../app/api.ts'
import { defineMessages } from '../app/i18n.tsx'
import { session } from './board-state.ts'
import type { BoardRole } from './presence.ts'

/**
 * Images on a board (DESIGN.md, "Images"): files a facilitator drops, pastes or picks are uploaded to
 * the server (`POST /api/boards/:boardId/assets`), and the image asset's `src` is the path the server
 * answers, the only kind of image the live review lets onto a board. Participants and observers get no
 * upload path at all: their dropped files are ignored, as the server would refuse them.
 */

/** The image types the server keeps (it checks the bytes; this only spares a doomed upload). */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp'])

const notices = defineMessages({
  fr: {
    type: 'Format d’image non pris en charge : envoyez un PNG, un JPEG ou un WebP.',
    size: 'Image trop volumineuse : 5 Mo au plus.',
    failed: 'L’image n’a pas pu être envoyée.',
  },
  en: {
    type: 'Unsupported image format: send a PNG, a JPEG or a WebP.',
    size: 'Image too large: 5 MB at most.',
    failed: 'The image could not be uploaded.',
  },
})

/** Why the last image a facilitator dropped did not reach the board, shown for a while (refusal line). */
export const imageNotice = atom<string | null>('image notice', null)
let noticeTimer: ReturnType<typeof setTimeout> | undefined

function showNotice(message: string): void {
  imageNotice.set(message)
  clearTimeout(noticeTimer)
  noticeTimer = setTimeout(() => imageNotice.set(null), 8000)
}

/** Where this board's uploads are served from; nothing else is drawn (see `resolve`). */
export function boardAssetPrefix(boardId: string): string {
  return `/api/boards/${encodeURIComponent(boardId)}/assets/`
}

/** Sends `file` to the board's upload route; throws an `ApiError` with the server's message. */
export async function uploadBoardImage(
  boardId: string,
  file: Blob,
  signal?: AbortSignal,
): Promise<UploadedAsset> {
  let response: Response
  try {
    response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/assets`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': file.type || 'application/octet-stream' },
      body: file,
      signal,
    })
  } catch (error) {
    if (signal?.aborted) throw error
    throw new ApiError(0, 'network', 'Le serveur est injoignable.')
  }
  const data = await response.json().catch(() => undefined)
  if (!response.ok) {
    const error = data?.error
    throw new ApiError(
      response.status,
      typeof error?.code === 'string' ? error.code : `http_${response.status}`,
      String(error?.message ?? response.statusText),
    )
  }
  return data as UploadedAsset
}

/**
 * The asset store of a board for `role`. `upload` posts the file and keeps the served path as `src`;
 * `resolve` draws only this board's uploads (a record pointing elsewhere, which the server refuses
 * anyway, loads nothing in the meantime). Without `upload` for non-facilitators: tldraw's default would
 * inline the file as a `data:` URL.
 */
export function boardAssetStore(boardId: string, role: BoardRole): TLAssetStore {
  const prefix = boardAssetPrefix(boardId)
  return {
    async upload(_asset: TLAsset, file: File, abortSignal?: AbortSignal) {
      if (role !== 'facilitator') throw new Error('Seule l’animation peut ajouter des images.')
      const uploaded = await uploadBoardImage(boardId, file, abortSignal)
      return { src: uploaded.src }
    },
    resolve(asset) {
      const src = (asset.props as { src?: unknown }).src
      return typeof src === 'string' && src.startsWith(prefix) ? src : null
    },
  }
}

/**
 * Store options that give a board its image handling: the asset store, and file handlers that upload
 * BEFORE the image enters the board. tldraw's default puts the image shape and its asset (with an
 * empty `src`) into the document at once and fills `src` after the upload; the live review refuses
 * such an asset (not an upload of this board) and the shape with it, so the image would vanish.
 * Here the shape and its asset are created together once the server has the file. Non-facilitators'
 * files are ignored. Spread into `createTLStore`.
 */
export function boardImages(
  boardId: string,
  role: BoardRole,
): Pick<TLStoreBaseOptions, 'assets' | 'onMount'> {
  return {
    assets: boardAssetStore(boardId, role),
    onMount(editor) {
      // Runs after tldraw registered its defaults (Tldraw.mjs), so these replace them.
      editor.registerExternalContentHandler('files', async ({ files, point }) => {
        if (role !== 'facilitator') return
        const position =
          point ??
          (editor.inputs.getShiftKey()
            ? editor.inputs.getCurrentPagePoint()
            : editor.getViewportPageBounds().center)
        const assets = await uploadAll(editor, files)
        if (assets.length) await createShapesForAssets(editor, assets, new Vec(position.x, position.y))
      })
      editor.registerExternalContentHandler('file-replace', async ({ file, shapeId }) => {
        if (role !== 'facilitator') return
        const shape = editor.getShape<TLImageShape>(shapeId)
        if (shape?.type !== 'image') return
        const [asset] = await uploadAll(editor, [file])
        if (!asset) return
        editor.run(() => {
          if (!editor.getAsset(asset.id)) editor.createAssets([asset])
          editor.updateShape<TLImageShape>({ id: shape.id, type: 'image', props: { assetId: asset.id } })
        })
      })
    },
  }
}

/**
 * The uploaded assets of `files`, in order, leaving out files that are not PNG, JPEG or WebP, are too
 * large, or that the server refused; the last reason is shown (`imageNotice`).
 */
async function uploadAll(editor: Editor, files: File[]): Promise<TLAsset[]> {
  const text = notices[session.get().locale]
  const accepted = files.filter((file) => {
    if (!IMAGE_TYPES.has(file.type)) showNotice(text.type)
    else if (file.size > MAX_IMAGE_BYTES) showNotice(text.size)
    else return true
    return false
  })
  const results = await Promise.allSettled(
    accepted.map((file) => editor.getAssetForExternalContent({ type: 'file', file })),
  )
  const assets: TLAsset[] = []
  for (const result of results) {
    if (result.status === 'fulfilled' && result.value) assets.push(result.value)
    else if (result.status === 'rejected') {
      // The server's own words (unsupported_image, image_too_large, forbidden) when it answered.
      showNotice(result.reason instanceof ApiError ? result.reason.message : text.failed)
      console.warn('image upload failed', result.reason)
    }
  }
  return assets
}
