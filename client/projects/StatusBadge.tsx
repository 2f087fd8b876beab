import { statusLabels } from '../../shared/projects/labels.ts'
import type { ProjectStatus } from '../../shared/projects/record.ts'
import { useLocale } from '../app/i18n.tsx'

/** A record's status as a labelled badge (colour and text, never colour alone). */
export function StatusBadge({ status }: { status: ProjectStatus }) {
  const { locale } = useLocale()
  return <span className={`status status-${status}`}>{statusLabels[locale][status]}</span>
}
