import { describe, expect, it } from 'vitest'
import { ERASED_AUTHOR_NAME } from '../../shared/board/erased-author.ts'
import { shownAuthorName } from './author-name.ts'

describe('an erased author’s credit', () => {
  it('is shown in the reader’s language; every other name as written', () => {
    expect(shownAuthorName(ERASED_AUTHOR_NAME, 'fr')).toBe('Participant·e anonyme')
    expect(shownAuthorName(ERASED_AUTHOR_NAME, 'en')).toBe('Anonymous participant')
    expect(shownAuthorName('Maëlys', 'en')).toBe('Maëlys')
    expect(shownAuthorName('', 'en')).toBe('')
  })
})
