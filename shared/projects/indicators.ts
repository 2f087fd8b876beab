/**
 * Indicators of a project record (DESIGN.md, "Evaluation"): what is measured, in which unit, from
 * which baseline to which target, and the values measured over time. Pure functions shared by the
 * server (routes, exports, the contract's progress) and the client (the record page), so "reached"
 * means one thing everywhere.
 */

/** One value measured on a day (YYYY-MM-DD). */
export interface Measure {
  value: number
  date: string
}

export interface Indicator {
  label: string
  /** Free text: "emplois", "%", "m²"… */
  unit: string
  /** The value before the project, or null when not known. */
  baseline: number | null
  /** The value aimed at, or null when none was set. */
  target: number | null
  /** Values measured over time, in any order (the latest is the one with the latest date). */
  measures: Measure[]
}

/** At most this many measures per indicator (the API refuses more). */
export const maxMeasures = 100

/**
 * The latest measure: the one with the latest date; among measures of the same day, the one written
 * last. Undefined when nothing was measured.
 */
export function latestMeasure(indicator: Pick<Indicator, 'measures'>): Measure | undefined {
  let latest: Measure | undefined
  for (const measure of indicator.measures) if (!latest || measure.date >= latest.date) latest = measure
  return latest
}

/**
 * Whether an indicator reached its target:
 * - `null` when it has no target (it counts neither as reached nor as missed);
 * - otherwise the latest measure (latestMeasure) compared with the target, in the direction the
 *   baseline gives: a target below the baseline is a decrease to reach (waste, distance, cost), so
 *   the latest measure must be at or below it; any other target (above the baseline, equal to it, or
 *   no baseline) is an increase, reached at or above it;
 * - `false` when it has a target and no measure yet.
 */
export function indicatorReached(indicator: Indicator): boolean | null {
  if (indicator.target === null) return null
  const latest = latestMeasure(indicator)
  if (!latest) return false
  const decreasing = indicator.baseline !== null && indicator.target < indicator.baseline
  return decreasing ? latest.value <= indicator.target : latest.value >= indicator.target
}

/** How many of `indicators` have a target, and how many of those reached it. */
export function countReached(indicators: Indicator[]): { withTarget: number; reached: number } {
  let withTarget = 0
  let reached = 0
  for (const indicator of indicators) {
    const result = indicatorReached(indicator)
    if (result === null) continue
    withTarget += 1
    if (result) reached += 1
  }
  return { withTarget, reached }
}

/**
 * A number as people write it in a French or English form: "12", "12,5", "1 200", "-3.5" (spaces,
 * no-break spaces as thousands separators). Null for an empty text, NaN for anything else.
 */
export function parseNumber(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.')
  if (cleaned === '') return null
  return /^[+-]?\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : Number.NaN
}

/**
 * An indicator as stored, whatever its age. Records written before measures existed hold
 * `{label, target}` with a text target; the migration 2026-12-07-1300-indicators rewrote those, and a
 * council archive made before it may still carry them: a numeric target ("12", "75 %", "1 200 €")
 * becomes the number (the sign, if any, the unit), any other text stays readable in the label,
 * "Structures hébergées (cible : 12 à 18 mois)", with no target.
 */
export function readIndicator(stored: unknown): Indicator {
  const raw = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>
  const label = typeof raw.label === 'string' ? raw.label : ''
  if (Array.isArray(raw.measures))
    return {
      label,
      unit: typeof raw.unit === 'string' ? raw.unit : '',
      baseline: typeof raw.baseline === 'number' ? raw.baseline : null,
      target: typeof raw.target === 'number' ? raw.target : null,
      measures: raw.measures.filter(
        (m): m is Measure => !!m && typeof m.value === 'number' && typeof m.date === 'string',
      ),
    }
  return { label, ...oldTarget(raw.target), baseline: null, measures: [] }
  function oldTarget(target: unknown): { label?: string; unit: string; target: number | null } {
    if (typeof target === 'number') return { unit: '', target }
    const text = typeof target === 'string' ? target.trim() : ''
    const withUnit = /^(.*?)\s*(%|€)$/.exec(text)
    const number = parseNumber(withUnit ? withUnit[1]! : text)
    if (number === null && !withUnit) return { unit: '', target: null }
    if (number !== null && !Number.isNaN(number)) return { unit: withUnit?.[2] ?? '', target: number }
    return { label: label ? `${label} (cible : ${text})` : `Cible : ${text}`, unit: '', target: null }
  }
}
