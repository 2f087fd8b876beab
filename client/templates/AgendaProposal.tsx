import { useEffect } from 'react'
import type { WorkshopLiveState } from '../../shared/workshop/live-state.ts'
import { useMessages } from '../app/i18n.tsx'
import { messages } from './messages.ts'
import './templates.css'

/** The minutes the workshop's agenda plans for its current phase, if it has an agenda. */
export function plannedMinutes(state: Pick<WorkshopLiveState, 'phase' | 'agenda'>): number | undefined {
  return state.agenda?.find((step) => step.phase === state.phase)?.minutes
}

/**
 * The agenda in the facilitator's timer controls: on entering a phase the agenda plans, the timer's
 * minutes are set to the planned length (`propose`), and the plan is said next to them. Renders
 * nothing for a workshop without an agenda.
 */
export function AgendaProposal({
  state,
  propose,
}: {
  state: Pick<WorkshopLiveState, 'phase' | 'agenda'>
  propose: (minutes: number) => void
}) {
  const t = useMessages(messages)
  const planned = plannedMinutes(state)
  useEffect(() => {
    if (planned !== undefined) propose(planned)
  }, [planned, propose])
  if (!state.agenda?.length) return null
  return (
    <p className="kb-agenda" data-testid="agenda-planned">
      {planned === undefined ? t('agendaNothing') : t('agendaPlanned', { minutes: planned })}
    </p>
  )
}
