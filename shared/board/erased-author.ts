/**
 * The credit of an idea whose author was erased (a person's request, or the retention period that
 * followed the workshop's closing): the document, the server's authorship records and the project
 * records then name nobody. The name is stored in French, the board's language; the client shows it in
 * the reader's language (English "Anonymous participant") on the board and the phone page
 * (client/erasure/author-name.ts).
 */
export const ERASED_AUTHOR_NAME = 'Participant·e anonyme'
