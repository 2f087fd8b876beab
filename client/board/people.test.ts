import { describe, expect, it } from 'vitest'
import { listPeople } from './people.ts'
import type { BoardRole, Collaborator } from './presence.ts'

const person = (clientId: number, id: string, name: string, role: BoardRole): Collaborator =>
  ({ clientId, presence: { user: { id, name, role, color: '#000' } } }) as unknown as Collaborator

describe('the people panel’s list', () => {
  it('shows each person once, facilitators first then by name, counts by role, without me', () => {
    const { people, counts } = listPeople(
      [
        person(1, 'g-zoe', 'Zoé', 'participant'),
        person(2, 'u-anne', 'Anne', 'facilitator'),
        person(3, 'g-zoe', 'Zoé', 'participant'),
        person(4, 'g-eric', 'Éric', 'participant'),
        person(5, 'g-me', 'Moi', 'participant'),
        person(6, 'g-olga', 'Olga', 'observer'),
      ],
      'g-me',
      '',
    )
    expect(people.map((p) => p.name)).toEqual(['Anne', 'Éric', 'Zoé', 'Olga'])
    expect(counts).toEqual({ facilitator: 1, participant: 2, observer: 1 })
  })

  it('finds names whatever their accents and case; the counts stay those of everyone', () => {
    const crowd = Array.from({ length: 1000 }, (_, i) =>
      person(i, `g-${i}`, `Participant ${i}`, 'participant'),
    )
    crowd.push(person(1000, 'g-lea', 'Léa Le Gall', 'participant'))
    const { people, counts } = listPeople(crowd, 'nobody', 'lea')
    expect(people.map((p) => p.name)).toEqual(['Léa Le Gall'])
    expect(counts.participant).toBe(1001)
  })
})
