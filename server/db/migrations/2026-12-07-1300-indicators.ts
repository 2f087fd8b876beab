import { type Kysely, sql } from 'kysely'

// Indicators with measures (issue 15, evaluation). A record's indicators were `{label, target}`, the
// target a free text; they become `{label, unit, baseline, target, measures: [{value, date}]}` with
// numbers. A numeric target ("12", "12,5", "1 200", "75 %", "3 000 €") becomes that number (a trailing
// % or € becomes the unit); any other text ("12 à 18 mois") stays readable in the label,
// "Structures hébergées (cible : 12 à 18 mois)", with no target, for a person to rewrite. The history
// keeps the values as they were. shared/projects/indicators.ts readIndicator reads both shapes the same
// way (council archives made before this migration).
// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  const rows = await sql<{ id: string; indicators: unknown }>`select id, indicators from projects
    where jsonb_array_length(indicators) > 0`.execute(db)
  for (const row of rows.rows) {
    const stored = (
      typeof row.indicators === 'string' ? JSON.parse(row.indicators) : row.indicators
    ) as unknown[]
    if (
      stored.every((i) => i && typeof i === 'object' && Array.isArray((i as { measures?: unknown }).measures))
    )
      continue
    const upgraded = stored.map(upgrade)
    await sql`update projects set indicators = cast(${JSON.stringify(upgraded)} as text)::jsonb where id = ${row.id}`.execute(
      db,
    )
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const rows = await sql<{ id: string; indicators: unknown }>`select id, indicators from projects
    where jsonb_array_length(indicators) > 0`.execute(db)
  for (const row of rows.rows) {
    const stored = (typeof row.indicators === 'string' ? JSON.parse(row.indicators) : row.indicators) as {
      label?: string
      unit?: string
      target?: unknown
    }[]
    const old = stored.map((i) => ({
      label: i.label ?? '',
      target:
        typeof i.target === 'number'
          ? `${String(i.target).replace('.', ',')}${i.unit ? ` ${i.unit}` : ''}`
          : '',
    }))
    await sql`update projects set indicators = cast(${JSON.stringify(old)} as text)::jsonb where id = ${row.id}`.execute(
      db,
    )
  }
}

function upgrade(stored: unknown) {
  const raw = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>
  if (Array.isArray(raw.measures)) return raw
  const label = typeof raw.label === 'string' ? raw.label : ''
  const base = { label, unit: '', baseline: null, target: null as number | null, measures: [] }
  if (typeof raw.target === 'number') return { ...base, target: raw.target }
  const text = typeof raw.target === 'string' ? raw.target.trim() : ''
  if (text === '') return base
  const withUnit = /^(.*?)\s*(%|€)$/.exec(text)
  const digits = (withUnit ? withUnit[1]! : text).replace(/[\s\u00a0\u202f]/g, '').replace(',', '.')
  if (/^[+-]?\d+(\.\d+)?$/.test(digits)) return { ...base, unit: withUnit?.[2] ?? '', target: Number(digits) }
  return { ...base, label: label ? `${label} (cible : ${text})` : `Cible : ${text}` }
}
