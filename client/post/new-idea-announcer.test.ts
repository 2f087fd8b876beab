import { describe, expect, it } from 'vitest'
import { NewIdeaAnnouncer } from './new-idea-announcer.ts'

const idea = (id: string, text: string, mine = false) => ({ id, text, mine })

describe('announcing other people’s new ideas', () => {
  it('never announces what was there at the start, nor my own ideas', () => {
    const announcer = new NewIdeaAnnouncer()
    announcer.seed([idea('a', 'Déjà là')])
    const board = [idea('a', 'Déjà là'), idea('b', 'La mienne', true)]
    expect(announcer.tick(board)).toEqual({ announce: [], again: false })
    expect(announcer.tick(board)).toEqual({ announce: [], again: false })
  })

  it('waits until a typed idea’s text settles, then announces it once', () => {
    const announcer = new NewIdeaAnnouncer()
    announcer.seed([])
    expect(announcer.tick([idea('c', '')])).toEqual({ announce: [], again: false })
    expect(announcer.tick([idea('c', 'Un co')])).toEqual({ announce: [], again: true })
    expect(announcer.tick([idea('c', 'Un covoiturage')])).toEqual({ announce: [], again: true })
    expect(announcer.tick([idea('c', 'Un covoiturage')]).announce.map((i) => i.id)).toEqual(['c'])
    expect(announcer.tick([idea('c', 'Un covoiturage rural')])).toEqual({ announce: [], again: false })
  })

  it('forgets an idea deleted before it settled, and skips ideas I just posted', () => {
    const announcer = new NewIdeaAnnouncer()
    announcer.seed([])
    expect(announcer.tick([idea('d', 'Éphémère')]).again).toBe(true)
    expect(announcer.tick([])).toEqual({ announce: [], again: false })
    announcer.know('e')
    expect(announcer.tick([idea('e', 'Postée ici')])).toEqual({ announce: [], again: false })
  })
})
