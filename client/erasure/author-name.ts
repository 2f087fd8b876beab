import { ERASED_AUTHOR_NAME } from '../../shared/board/erased-author.ts'
import type { Locale } from '../app/i18n.tsx'
import { messages } from './messages.ts'

/**
 * An idea's author as the reader sees it: the credit of an erased person (stored in French on the board
 * and in the records) in the reader's language; any other name as written.
 */
export function shownAuthorName(authorName: string, locale: Locale): string {
  return authorName === ERASED_AUTHOR_NAME ? messages[locale].anonymousParticipant : authorName
}
