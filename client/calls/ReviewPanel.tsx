import { type FormEvent, useEffect, useId, useState } from 'react'
import type { CallCriterion } from '../../shared/api/calls.ts'
import type { ReviewDecision } from '../../shared/api/review.ts'
import { decisionLabels } from '../../shared/calls/decisions.ts'
import { maxScore, minScore, scoredCount, weightedScore } from '../../shared/calls/score.ts'
import type { ProjectRecord } from '../../shared/projects/record.ts'
import { ApiError } from '../app/api.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { ErrorAlert, Loading, TextAreaField } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { reviewApi } from './review-api.ts'
import { reviewMessages } from './review-messages.ts'
import './review.css'

const scale = Array.from({ length: maxScore - minScore + 1 }, (_, i) => minScore + i)
const decisions: (ReviewDecision | 'none')[] = ['none', 'retained', 'postponed', 'refused']

interface Draft {
  scores: Record<string, number>
  decision: ReviewDecision | 'none'
  reason: string
}

const draftOf = (record: ProjectRecord): Draft => ({
  scores: { ...(record.review?.scores ?? {}) },
  decision: record.review?.decision ?? 'none',
  reason: record.review?.reason ?? '',
})

/**
 * The council's review of one application: each criterion of the call scored 0 to 5 (or left
 * unscored), the weighted score as it will be computed (shared/calls/score.ts), a decision and its
 * reason, saved with `PATCH /api/projects/:id` `{version, review}`. The server checks it all again.
 */
export function ReviewPanel(props: {
  projectId: string
  criteria: CallCriterion[]
  /** Called with the record once a review is saved (the list shows the new score and decision). */
  onSaved?: (record: ProjectRecord) => void
}) {
  const t = useMessages(reviewMessages)
  const { locale, formatNumber, formatDateTime } = useLocale()
  const formId = useId()
  const loaded = useLoad((signal) => reviewApi.record(props.projectId, signal), [props.projectId])
  const record = loaded.data
  const [draft, setDraft] = useState<Draft>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const [notice, setNotice] = useState<'saved' | 'stale'>()
  const [reasonError, setReasonError] = useState<string>()

  useEffect(() => {
    if (record) setDraft(draftOf(record))
  }, [record])

  if (loaded.error) return <ErrorAlert error={loaded.error} />
  if (!record || !draft) return <Loading />

  const score = weightedScore(props.criteria, draft.scores)
  const { scored, total } = scoredCount(props.criteria, draft.scores)
  const change = (next: Partial<Draft>) => {
    setDraft({ ...draft, ...next })
    setNotice(undefined)
  }
  const setScore = (criterionId: string, value: number | null) => {
    const scores = { ...draft.scores }
    if (value === null) delete scores[criterionId]
    else scores[criterionId] = value
    change({ scores })
  }

  const save = async (event: FormEvent) => {
    event.preventDefault()
    setError(undefined)
    setReasonError(undefined)
    if (draft.decision === 'refused' && !draft.reason.trim()) {
      setReasonError(t('reasonRequired'))
      return
    }
    setBusy(true)
    try {
      // Scores only for the call's current criteria (a criterion removed since is dropped).
      const criteria = new Set(props.criteria.map((c) => c.id))
      const scores = Object.fromEntries(Object.entries(draft.scores).filter(([id]) => criteria.has(id)))
      const saved = await reviewApi.save(record.id, record.version, {
        scores,
        decision: draft.decision === 'none' ? null : draft.decision,
        reason: draft.reason,
      })
      loaded.setData(saved)
      setNotice('saved')
      props.onSaved?.(saved)
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'stale_version') {
        setNotice('stale')
        loaded.reload()
      } else if (failure instanceof ApiError && failure.field === 'review.reason')
        setReasonError(t('reasonRequired'))
      else setError(failure)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="review-panel" onSubmit={save} aria-labelledby={`${formId}-title`} noValidate>
      <h3 id={`${formId}-title`}>{t('title')}</h3>
      {props.criteria.length > 0 ? (
        <p className="hint">{t('intro')}</p>
      ) : (
        <p className="hint">{t('noCriteria')}</p>
      )}
      {props.criteria.map((criterion) => (
        <fieldset key={criterion.id} className="review-criterion">
          <legend>
            {criterion.label}{' '}
            <span className="review-weight">({t('weight', { weight: formatNumber(criterion.weight) })})</span>
          </legend>
          <div className="review-choices review-scale">
            {[null, ...scale].map((value) => (
              <label key={value ?? 'none'} className="review-choice">
                <input
                  type="radio"
                  name={`${formId}-${criterion.id}`}
                  checked={
                    value === null ? !(criterion.id in draft.scores) : draft.scores[criterion.id] === value
                  }
                  onChange={() => setScore(criterion.id, value)}
                />
                <span aria-hidden="true">{value ?? '–'}</span>
                <span className="visually-hidden">
                  {value === null ? t('notScored') : t('scoreOption', { score: value })}
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      {props.criteria.length > 0 && (
        <p className="review-total" aria-live="polite">
          {score === null
            ? t('totalPending', { scored, total })
            : t('total', {
                score: formatNumber(score, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
              })}
        </p>
      )}
      <fieldset className="review-criterion">
        <legend>{t('decision')}</legend>
        <div className="review-choices">
          {decisions.map((decision) => (
            <label key={decision} className={`review-choice review-decision review-decision-${decision}`}>
              <input
                type="radio"
                name={`${formId}-decision`}
                checked={draft.decision === decision}
                onChange={() => change({ decision })}
              />
              <span>{decisionLabels[locale][decision]}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <TextAreaField
        label={t('reason')}
        hint={t('reasonHint')}
        value={draft.reason}
        onChange={(reason) => change({ reason })}
        required={draft.decision === 'refused'}
        maxLength={5000}
        rows={3}
        error={reasonError}
      />
      <ErrorAlert error={error} />
      <div className="review-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('saving') : t('save')}
        </button>
        <span className="review-notice" role="status">
          {notice === 'saved' ? t('saved') : notice === 'stale' ? t('stale') : ''}
        </span>
      </div>
      {record.review && (
        <p className="hint">{t('reviewedOn', { date: formatDateTime(record.review.reviewedAt) })}</p>
      )}
    </form>
  )
}

/**
 * A button that opens the review of one application under it (in a list of applications), and closes
 * it again; the panel keeps its own state while open.
 */
export function ReviewDisclosure(props: {
  projectId: string
  title: string
  criteria: CallCriterion[]
  onSaved?: (record: ProjectRecord) => void
}) {
  const t = useMessages(reviewMessages)
  const [open, setOpen] = useState(false)
  const panelId = useId()
  return (
    <div className="review-disclosure">
      <button
        type="button"
        className="button button-secondary"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        {open ? t('closeReview', { title: props.title }) : t('openReview', { title: props.title })}
      </button>
      <div id={panelId} hidden={!open}>
        {open && (
          <ReviewPanel projectId={props.projectId} criteria={props.criteria} onSaved={props.onSaved} />
        )}
      </div>
    </div>
  )
}

/** Links to a call's applications as a table (CSV) and as the committee's document (DOCX). */
export function ReviewExports({ callId }: { callId: string }) {
  const t = useMessages(reviewMessages)
  const headingId = useId()
  return (
    <section className="card review-exports" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('exportsTitle')}</h2>
      <p className="hint">{t('exportsIntro')}</p>
      <p className="review-links">
        <a className="button button-secondary" href={reviewApi.csvUrl(callId)} download>
          {t('downloadCsv')}
        </a>
        <a className="button button-secondary" href={reviewApi.docxUrl(callId)} download>
          {t('downloadDocx')}
        </a>
      </p>
    </section>
  )
}
