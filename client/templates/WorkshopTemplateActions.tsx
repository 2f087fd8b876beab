import { type FormEvent, useState } from 'react'
import type { Template } from '../../shared/api/templates.ts'
import { apiPost } from '../app/api.ts'
import { navigateWithNotice, showNotice } from '../app/flash-notice.tsx'
import { useMessages } from '../app/i18n.tsx'
import { Link } from '../app/router.tsx'
import { ErrorAlert, TextField } from '../app/ui.tsx'
import { useAction } from '../app/use-action.ts'
import { usePhaseLabel } from '../workshops/phase.ts'
import type { Workshop } from '../workshops/workshop.ts'
import { messages } from './messages.ts'
import './templates.css'

type AgendaPhase = 'ideation' | 'clustering' | 'voting'
const agendaPhases: readonly AgendaPhase[] = ['ideation', 'clustering', 'voting']

/**
 * The workshop page's "template and copy" section: save the workshop as a template of the council
 * (POST /api/workshops/:id/template), or duplicate it (POST /api/workshops/:id/duplicate) and go to the
 * copy.
 */
export function WorkshopTemplateActions({
  workshop,
}: {
  workshop: Pick<Workshop, 'id' | 'title'> & { state?: Pick<Workshop['state'], 'agenda'> }
}) {
  const t = useMessages(messages)
  const phaseLabel = usePhaseLabel()
  const [title, setTitle] = useState(workshop.title)
  /** The agenda's minutes per phase, as typed ('' = nothing planned). */
  const [minutes, setMinutes] = useState<Record<AgendaPhase, string>>(() => {
    const planned = (phase: AgendaPhase) =>
      String(workshop.state?.agenda?.find((step) => step.phase === phase)?.minutes ?? '')
    return { ideation: planned('ideation'), clustering: planned('clustering'), voting: planned('voting') }
  })
  const { busy, error: failure, run } = useAction()
  /** Which of the two the running action is. */
  const [doing, setDoing] = useState<'save' | 'duplicate'>()
  const id = encodeURIComponent(workshop.id)

  const save = async (event: FormEvent) => {
    event.preventDefault()
    setDoing('save')
    await run(async () => {
      const agenda = agendaPhases
        .filter((phase) => minutes[phase] !== '')
        .map((phase) => ({ phase, minutes: Number(minutes[phase]) }))
      const template = await apiPost<Template>(`/api/workshops/${id}/template`, {
        title: title.trim(),
        agenda,
      })
      showNotice(t('saved', { title: template.title }))
    })
  }

  const duplicate = async () => {
    setDoing('duplicate')
    await run(async () => {
      const copy = await apiPost<Workshop>(`/api/workshops/${id}/duplicate`, {})
      navigateWithNotice(`/ateliers/${copy.id}`, t('duplicated'))
    })
  }

  return (
    <section className="card" aria-labelledby="workshop-template-title">
      <h2 id="workshop-template-title">{t('sectionTitle')}</h2>
      <p className="hint">{t('sectionIntro')}</p>
      <form className="form" onSubmit={save}>
        <TextField
          label={t('templateTitle')}
          name="templateTitle"
          required
          maxLength={200}
          value={title}
          onChange={setTitle}
        />
        <fieldset className="template-agenda">
          <legend>{t('agendaLegend')}</legend>
          <p className="hint">{t('agendaHint')}</p>
          {agendaPhases.map((phase) => (
            <div key={phase} className="field">
              <label htmlFor={`template-agenda-${phase}`}>{phaseLabel(phase)}</label>
              <input
                id={`template-agenda-${phase}`}
                type="number"
                min={1}
                max={240}
                inputMode="numeric"
                value={minutes[phase]}
                onChange={(event) => {
                  const value = event.currentTarget.value
                  setMinutes((current) => ({ ...current, [phase]: value }))
                }}
              />
            </div>
          ))}
        </fieldset>
        <button type="submit" className="button" disabled={busy}>
          {busy && doing === 'save' ? t('saving') : t('saveTemplate')}
        </button>
      </form>
      <p className="actions">
        <button
          type="button"
          className="button button-secondary"
          disabled={busy}
          onClick={() => void duplicate()}
        >
          {busy && doing === 'duplicate' ? t('duplicating') : t('duplicate')}
        </button>
        <Link to="/modeles">{t('seeTemplates')}</Link>
      </p>
      <ErrorAlert error={failure} />
    </section>
  )
}
