import { useState } from 'react'
import { type Editor, useValue } from 'tldraw'
import { type Phase, phases } from '../../shared/workshop/live-state.ts'
import { apiPatch } from '../app/api.ts'
import { useMessages } from '../app/i18n.tsx'
import { useErrorText } from '../app/ui.tsx'
import { AgendaProposal } from '../templates/AgendaProposal.tsx'
import { liveState } from './board-state.ts'
import { messages } from './messages.ts'
import { ZoneControls } from './ZoneControls.tsx'

/** The body of PATCH /api/workshops/:id (server/workshops/schemas.ts). */
export interface WorkshopControl {
  phase?: Phase
  locked?: boolean
  cursorsHidden?: boolean
  lockedShapeIds?: string[]
  followMe?: boolean
  /** Silent writing on; false reveals every private idea at once into the board. */
  privateIdeation?: boolean
  timer?: {
    action: 'start' | 'pause' | 'resume' | 'addMinute' | 'reset'
    durationMs?: number
    sound?: boolean
  }
  vote?: { dotsPerParticipant?: number; target?: 'ideas' | 'clusters'; revealed?: boolean }
}

/**
 * The facilitator's controls. Each goes through the server (PATCH /api/workshops/:id), which writes the
 * new live state into the board; this panel, like every screen, then shows what the board says.
 */
export function FacilitatorPanel({ editor, workshopId }: { editor: Editor; workshopId: string }) {
  const t = useMessages(messages)
  const errorText = useErrorText()
  const state = useValue('live state', () => liveState.get(), [])
  const selection = useValue('selection', () => editor.getSelectedShapeIds(), [editor])
  const [minutes, setMinutes] = useState(5)
  const [sound, setSound] = useState(true)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const send = async (control: WorkshopControl) => {
    setBusy(true)
    setError(null)
    try {
      await apiPatch(`/api/workshops/${workshopId}`, control)
    } catch (e) {
      setError(t('controlFailed', { reason: errorText(e) }))
    } finally {
      setBusy(false)
    }
  }

  const timer = state.timer
  const running = !!timer && timer.endsAt !== null
  const paused =
    !!timer && timer.endsAt === null && timer.remainingMs > 0 && timer.remainingMs < timer.durationMs
  const lockedSelection = selection.length > 0 && selection.every((id) => state.lockedShapeIds.includes(id))

  return (
    <section className="kb-panel kb-facilitator" aria-labelledby="kb-facilitator-title">
      <h2 id="kb-facilitator-title">{t('facilitatorPanel')}</h2>
      {error && (
        <p className="kb-alert" role="alert">
          {error}
        </p>
      )}

      <fieldset disabled={busy}>
        <legend>{t('phaseLabel')}</legend>
        <div className="kb-segmented">
          {phases.map((phase) => (
            <button
              key={phase}
              type="button"
              aria-pressed={state.phase === phase}
              aria-label={t('setPhase', { phase: t(`phase_${phase}`) })}
              onClick={() => void send({ phase })}
            >
              {t(`phase_${phase}`)}
            </button>
          ))}
        </div>
      </fieldset>

      <fieldset disabled={busy}>
        <legend>{t('timer')}</legend>
        <AgendaProposal state={state} propose={setMinutes} />
        <div className="kb-row">
          <NumberInput
            label={t('minutes')}
            min={1}
            max={240}
            value={minutes}
            onChange={(typed) => setMinutes(Math.max(1, Math.min(240, typed || 1)))}
          />
          <label className="kb-check">
            <input
              type="checkbox"
              checked={sound}
              onChange={(event) => setSound(event.currentTarget.checked)}
            />
            {t('sound')}
          </label>
        </div>
        <div className="kb-row">
          {running ? (
            <button type="button" onClick={() => void send({ timer: { action: 'pause' } })}>
              {t('pause')}
            </button>
          ) : paused ? (
            <button type="button" onClick={() => void send({ timer: { action: 'resume' } })}>
              {t('resume')}
            </button>
          ) : (
            <button
              type="button"
              onClick={() => void send({ timer: { action: 'start', durationMs: minutes * 60_000, sound } })}
            >
              {t('start')}
            </button>
          )}
          <button
            type="button"
            disabled={!timer}
            onClick={() => void send({ timer: { action: 'addMinute' } })}
          >
            {t('addMinute')}
          </button>
          <button type="button" disabled={!timer} onClick={() => void send({ timer: { action: 'reset' } })}>
            {t('reset')}
          </button>
        </div>
      </fieldset>

      <fieldset disabled={busy}>
        <legend>{t('silentWriting')}</legend>
        <label className="kb-check">
          <input
            type="checkbox"
            checked={state.privateIdeation}
            onChange={(event) => void send({ privateIdeation: event.currentTarget.checked })}
          />
          {t('silentWriting')}
        </label>
        {state.privateIdeation && (
          <button type="button" onClick={() => void send({ privateIdeation: false })}>
            {t('revealIdeas')}
          </button>
        )}
      </fieldset>

      <fieldset disabled={busy}>
        <legend>{t('phase_voting')}</legend>
        <div className="kb-row">
          <NumberInput
            label={t('dotsPerParticipant')}
            min={1}
            max={50}
            value={state.vote.dotsPerParticipant}
            onChange={(n) => {
              if (Number.isInteger(n) && n >= 1 && n <= 50) void send({ vote: { dotsPerParticipant: n } })
            }}
          />
          <label>
            {t('voteOn')}
            <select
              value={state.vote.target}
              onChange={(event) =>
                void send({ vote: { target: event.currentTarget.value as 'ideas' | 'clusters' } })
              }
            >
              <option value="ideas">{t('voteIdeas')}</option>
              <option value="clusters">{t('voteClusters')}</option>
            </select>
          </label>
        </div>
        <Toggle
          on={state.vote.revealed}
          onLabel={t('hideResults')}
          offLabel={t('reveal')}
          set={(revealed) => void send({ vote: { revealed } })}
        />
      </fieldset>

      <fieldset disabled={busy}>
        <legend>{t('facilitator')}</legend>
        <Toggle
          on={!!state.followMe}
          onLabel={t('releaseFollow')}
          offLabel={t('followMe')}
          set={(followMe) => void send({ followMe })}
        />
        <Toggle
          on={state.locked}
          onLabel={t('unlockBoard')}
          offLabel={t('lockBoard')}
          set={(locked) => void send({ locked })}
        />
        <button
          type="button"
          disabled={selection.length === 0}
          onClick={() => {
            const ids = lockedSelection
              ? state.lockedShapeIds.filter((id) => !selection.includes(id as never))
              : [...new Set([...state.lockedShapeIds, ...selection])]
            void send({ lockedShapeIds: ids })
          }}
        >
          {lockedSelection ? t('unlockSelection') : t('lockSelection')}
        </button>
        <p className="kb-muted">{t('lockedShapes', { count: state.lockedShapeIds.length })}</p>
        <Toggle
          on={state.cursorsHidden}
          onLabel={t('showCursors')}
          offLabel={t('hideCursors')}
          set={(cursorsHidden) => void send({ cursorsHidden })}
        />
      </fieldset>
      <ZoneControls editor={editor} workshopId={workshopId} />
    </section>
  )
}

/** A labelled number field of the panel; `onChange` gets what was typed, as a number. */
function NumberInput(props: {
  label: string
  min: number
  max: number
  value: number
  onChange: (typed: number) => void
}) {
  return (
    <label>
      {props.label}
      <input
        type="number"
        min={props.min}
        max={props.max}
        value={props.value}
        onChange={(event) => props.onChange(Number(event.currentTarget.value))}
      />
    </label>
  )
}

/** A pressed-or-not button for a setting of the board: it says what pressing it will do. */
function Toggle(props: { on: boolean; onLabel: string; offLabel: string; set: (on: boolean) => void }) {
  return (
    <button type="button" aria-pressed={props.on} onClick={() => props.set(!props.on)}>
      {props.on ? props.onLabel : props.offLabel}
    </button>
  )
}
