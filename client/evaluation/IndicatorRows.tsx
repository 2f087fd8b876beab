import { indicatorReached, latestMeasure, parseNumber } from '../../shared/projects/indicators.ts'
import { useLocale, useMessages } from '../app/i18n.tsx'
import { Text } from '../projects/fields.tsx'
import { RepeatedRows } from '../projects/RepeatedRows.tsx'
import type { IndicatorRow } from './indicator-form.ts'
import { messages } from './messages.ts'
import './evaluation.css'

interface Props {
  rows: IndicatorRow[]
  onChange: (rows: IndicatorRow[]) => void
  newKey: () => string
  /** The id and error of a field, by its path ("indicators.0.measures.1.date"). */
  fieldProps: (field: string) => { id: string; error?: string }
}

/**
 * The record page's indicators: label, unit, baseline and target, then the values measured over time
 * (a value and a date each), and whether the target is reached as the server counts it
 * (shared/projects/indicators.ts).
 */
export function IndicatorRows({ rows, onChange, newKey, fieldProps }: Props) {
  const t = useMessages(messages)
  const { formatNumber } = useLocale()
  return (
    <RepeatedRows
      rows={rows}
      onChange={onChange}
      path="indicators"
      fieldProps={fieldProps}
      legend={(i) => t('indicatorN', { n: i + 1 })}
      removeLabel={() => t('removeIndicator')}
      addLabel={t('addIndicator')}
      newRow={() => ({ key: newKey(), label: '', unit: '', baseline: '', target: '', measures: [] })}
    >
      {(row, i, update, bind) => (
        <>
          <Text label={t('indicatorLabel')} {...bind('label')} />
          <Text label={t('indicatorUnit')} hint={t('indicatorUnitHint')} {...bind('unit')} />
          <Text label={t('indicatorBaseline')} inputMode="decimal" {...bind('baseline')} />
          <Text label={t('indicatorTarget')} inputMode="decimal" hint={t('numberHint')} {...bind('target')} />
          <div className="kc-measures">
            <RepeatedRows
              rows={row.measures}
              onChange={(measures) => update({ measures })}
              path={`indicators.${i}.measures`}
              fieldProps={fieldProps}
              legend={(j) => t('measureN', { n: j + 1 })}
              removeLabel={(_, j) => t('removeMeasure', { n: j + 1 })}
              addLabel={t('addMeasure')}
              newRow={() => ({ key: newKey(), value: '', date: '' })}
            >
              {(_measure, _j, _update, bindMeasure) => (
                <>
                  <Text label={t('measureValue')} inputMode="decimal" {...bindMeasure('value')} />
                  <Text label={t('measureDate')} type="date" {...bindMeasure('date')} />
                </>
              )}
            </RepeatedRows>
            <p className="hint" data-testid={`indicator-${i}-reached`}>
              {reachedLine(row, t, formatNumber)}
            </p>
          </div>
        </>
      )}
    </RepeatedRows>
  )
}

/** What the row says about its target, from what is typed (numbers that do not parse count as none). */
function reachedLine(
  row: IndicatorRow,
  t: (key: keyof (typeof messages)['fr'], params?: Record<string, string | number>) => string,
  formatNumber: (n: number) => string,
): string {
  const number = (text: string) => {
    const n = parseNumber(text)
    return n === null || Number.isNaN(n) ? null : n
  }
  const indicator = {
    label: row.label,
    unit: row.unit,
    baseline: number(row.baseline),
    target: number(row.target),
    measures: row.measures.flatMap((m) => {
      const value = number(m.value)
      return value === null || !m.date ? [] : [{ value, date: m.date }]
    }),
  }
  const reached = indicatorReached(indicator)
  const latest = latestMeasure(indicator)
  if (reached === null) return t('reachedNoTarget')
  if (!latest) return t('reachedNoMeasure')
  const value = `${formatNumber(latest.value)}${row.unit ? ` ${row.unit}` : ''}`
  return t(reached ? 'reachedYes' : 'reachedNo', { value })
}
