import { spreadsheetCsv } from '../http/spreadsheet-csv.ts'

/** A participant as the list and its CSV show them (participant-routes.ts). */
export interface ParticipantEntry {
  guestId: string
  displayName: string
  role: 'participant' | 'observer'
  /** ISO 8601. */
  joinedAt: string
  online: boolean
}

const header = ['Nom', 'Rôle', 'Arrivée', 'En ligne']
const roleLabels = { participant: 'participant·e', observer: 'observateur·rice' } as const

/**
 * Local time in France, the workshops' time zone (a server in UTC would otherwise write times an hour or
 * two off), in the form a French spreadsheet reads as a date: "05/12/2026 09:30".
 */
const parisTime = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'short',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
})

/**
 * The participants list for a French spreadsheet (http/spreadsheet-csv.ts), names that could run as
 * formulas neutralised, since display names are typed by anyone holding the join code.
 */
export function participantsToCsv(participants: ParticipantEntry[]): string {
  const rows = participants.map((p) => [
    p.displayName,
    roleLabels[p.role],
    parisTime.format(new Date(p.joinedAt)),
    p.online ? 'oui' : 'non',
  ])
  return spreadsheetCsv([header, ...rows])
}
