import { useMessages } from '../app/i18n.tsx'
import { messages } from './messages.ts'
import type { Phase } from './workshop.ts'

/** The translated name of a workshop phase (unknown phases are shown as they are). */
export function usePhaseLabel(): (phase: string) => string {
  const t = useMessages(messages)
  return (phase: string) =>
    phase === 'ideation' || phase === 'clustering' || phase === 'voting' || phase === 'closed'
      ? t(`phase_${phase as Phase}`)
      : phase
}
