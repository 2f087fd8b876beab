import type { TLRecord } from '@tldraw/tlschema'
import type * as Y from 'yjs'
import { records } from '../../../shared/board/document.ts'

/**
 * Valid board edits for tests: idea cards written the way the tldraw client writes them (a record in the
 * `records` YKeyValue, credited to the person who writes it), so they pass the server's validation like
 * real edits.
 */

/** Who writes a card, as the server knows them (the server sets a new card's author fields to these). */
export interface IdeaAuthor {
  id: string
  name: string
}

/** The author fields of a test account or guest (signUp, joinAsGuest, remoteWorkshop). */
export function authorOf(person: { userId?: string; guestId?: string; displayName: string }): IdeaAuthor {
  const id = person.userId ?? person.guestId
  if (!id) throw new Error('authorOf: a person with neither userId nor guestId')
  return { id, name: person.displayName }
}

export function ideaRecord(id: string, author: IdeaAuthor, text: string, x = 100, y = 200): TLRecord {
  return {
    id,
    typeName: 'shape',
    type: 'idea',
    x,
    y,
    rotation: 0,
    index: 'b01',
    parentId: 'page:page',
    isLocked: false,
    opacity: 1,
    meta: {},
    props: { w: 200, h: 140, text, color: 'yellow', authorId: author.id, authorName: author.name },
  } as unknown as TLRecord
}

/** Adds (or replaces) an idea card with `text` on a client's document. */
export function putIdea(doc: Y.Doc, id: string, author: IdeaAuthor, text: string): void {
  records(doc).set(id, ideaRecord(id, author, text))
}

/** The text of an idea card on a document, if it is there. */
export function ideaText(doc: Y.Doc, id: string): string | undefined {
  const record = records(doc).get(id) as { props?: { text?: string } } | undefined
  return record?.props?.text
}

/** Ids of every record on a document. */
export function recordIds(doc: Y.Doc): string[] {
  return [...records(doc).map.keys()]
}
