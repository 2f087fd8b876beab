import type { TLRecord } from '@tldraw/tlschema'
import { BOARD_PAGE_ID } from '../../../../shared/board/create-board.ts'

/**
 * Records for tests of the review, written the way tldraw writes them: each one passes the board schema
 * (tests assert it), so a refusal of one is about rights or content, never about its shape.
 */

const shapeBase = {
  typeName: 'shape',
  rotation: 0,
  parentId: BOARD_PAGE_ID,
  isLocked: false,
  opacity: 1,
  meta: {},
} as const

/** An idea card by `authorId` / `authorName`. */
export function ideaRecord(
  id: string,
  author: { authorId: string; authorName: string },
  fields: Record<string, unknown> = {},
  props: Record<string, unknown> = {},
): TLRecord {
  return {
    ...shapeBase,
    id,
    type: 'idea',
    x: 100,
    y: 200,
    index: 'b01',
    ...fields,
    props: { w: 200, h: 140, text: 'Une idée', color: 'yellow', ...author, ...props },
  } as unknown as TLRecord
}

/** A cluster (a named group of ideas). */
export function clusterRecord(id: string, fields: Record<string, unknown> = {}, title = 'Groupe'): TLRecord {
  return {
    ...shapeBase,
    id,
    type: 'cluster',
    x: 60,
    y: 160,
    index: 'a5',
    ...fields,
    props: { w: 600, h: 400, title },
  } as unknown as TLRecord
}

const richText = (text: string) => ({
  type: 'doc',
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
})

/** tldraw's default shapes, complete and valid: annotations (facilitators) and types nobody may use. */
export function defaultShapeRecord(id: string, type: string, fields: Record<string, unknown> = {}): TLRecord {
  const props: Record<string, Record<string, unknown>> = {
    geo: {
      geo: 'rectangle',
      dash: 'draw',
      url: '',
      w: 100,
      h: 100,
      growY: 0,
      scale: 1,
      flipX: false,
      flipY: false,
      labelColor: 'black',
      color: 'black',
      fill: 'none',
      size: 'm',
      font: 'draw',
      align: 'middle',
      verticalAlign: 'middle',
      richText: richText(''),
    },
    text: {
      color: 'black',
      size: 'm',
      font: 'draw',
      textAlign: 'start',
      w: 100,
      richText: richText('Consigne'),
      scale: 1,
      autoSize: true,
    },
    note: {
      color: 'yellow',
      labelColor: 'black',
      size: 'm',
      font: 'draw',
      fontSizeAdjustment: null,
      align: 'middle',
      verticalAlign: 'middle',
      growY: 0,
      url: '',
      richText: richText('Une note'),
      scale: 1,
      textLastEditedBy: null,
    },
    embed: { w: 300, h: 200, url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' },
    bookmark: { w: 300, h: 200, assetId: null, url: 'https://example.com/' },
    video: {
      w: 300,
      h: 200,
      time: 0,
      playing: false,
      autoplay: false,
      url: 'https://example.com/video.mp4',
      assetId: null,
      altText: '',
    },
  }
  return {
    ...shapeBase,
    id,
    type,
    x: 2000,
    y: 2000,
    index: 'b09',
    ...fields,
    props: props[type],
  } as unknown as TLRecord
}

/** An image shape: `url` '' and an asset, as tldraw draws an uploaded image. */
export function imageRecord(id: string, assetId: string | null, url = ''): TLRecord {
  return {
    ...shapeBase,
    id,
    type: 'image',
    x: 2400,
    y: 2400,
    index: 'b0A',
    props: {
      w: 320,
      h: 240,
      playing: true,
      url,
      assetId,
      crop: null,
      flipX: false,
      flipY: false,
      altText: 'Photo des notes',
    },
  } as unknown as TLRecord
}

/** An image asset whose file is at `src`. */
export function imageAssetRecord(id: string, src: string | null, type = 'image'): TLRecord {
  return {
    id,
    typeName: 'asset',
    type,
    meta: {},
    props:
      type === 'image'
        ? { w: 320, h: 240, name: 'notes.png', isAnimated: false, mimeType: 'image/png', src }
        : { w: 320, h: 240, name: 'film.mp4', isAnimated: false, mimeType: 'video/mp4', src },
  } as unknown as TLRecord
}

/** A second page (pages are the facilitators'). */
export function pageRecord(id: string): TLRecord {
  return { id, typeName: 'page', name: 'Page 2', index: 'a9', meta: {} } as unknown as TLRecord
}
