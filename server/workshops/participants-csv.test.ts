import { describe, expect, it } from 'vitest'
import { type ParticipantEntry, participantsToCsv } from './participants-csv.ts'

/** The CSV alone, without a database: cases the route test (participants.test.ts) does not reach. */
describe('participantsToCsv', () => {
  const entry = (displayName: string, joinedAt: string, more: Partial<ParticipantEntry> = {}) => ({
    guestId: crypto.randomUUID(),
    displayName,
    role: 'participant' as const,
    joinedAt,
    online: false,
    ...more,
  })
  const lines = (csv: string) => csv.slice(1).split('\r\n')

  it('writes winter arrivals in Paris time (UTC+1), not the summer offset', () => {
    // 08:05 UTC in December is 09:05 in Paris; a fixed +2 would say 10:05.
    const csv = participantsToCsv([entry('Maël', '2026-12-05T08:05:00.000Z', { online: true })])
    expect(lines(csv)[1]).toBe('Maël;participant·e;05/12/2026 09:05;oui')
  })

  it('neutralises names starting with + and @ as well as = and -', () => {
    const csv = participantsToCsv([
      entry('+33 6 12', '2026-12-05T08:05:00.000Z'),
      entry('@SUM(A1)', '2026-12-05T08:05:00.000Z', { role: 'observer' }),
      entry('Anne-Sophie', '2026-12-05T08:05:00.000Z'),
    ])
    const [, plus, at, inner] = lines(csv)
    expect(plus).toMatch(/^'\+33 6 12;/)
    expect(at).toBe("'@SUM(A1);observateur·rice;05/12/2026 09:05;non")
    // A dash inside a name is no formula: left as typed.
    expect(inner).toMatch(/^Anne-Sophie;/)
  })

  it('writes the header alone for a workshop nobody joined', () => {
    expect(participantsToCsv([])).toBe('\ufeffNom;Rôle;Arrivée;En ligne\r\n')
  })
})
