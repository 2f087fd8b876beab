/**
 * The credit of an idea whose author was erased (a person's request, or the retention period that
 * followed the workshop's closing): the document, the server's authorship records and the project
 * records then name nobody. The name is stored in French, the board's language; the client shows it in
 * the reader's language (English "Anonymous participant") wherever it meets it.
 */
export const ERASED_AUTHOR_NAME = 'Participant·e anonyme'

/** True for an idea credited to nobody after an erasure (not for an anonymous workshop's empty credit). */
export function isErasedCredit(authorId: unknown, authorName: unknown): boolean {
  return authorId === '' && authorName === ERASED_AUTHOR_NAME
}
