import type { ReactNode } from 'react'

interface RepeatedRowsProps<Row extends { key: string }> {
  rows: Row[]
  onChange: (rows: Row[]) => void
  /** The legend of row `i` (e.g. "Partenaire 2"). */
  legend: (i: number) => string
  removeLabel: (row: Row, i: number) => string
  addLabel: string
  newRow: () => Row
  /** The fields of one row; `update` merges a change into that row. */
  children: (row: Row, i: number, update: (change: Partial<Row>) => void) => ReactNode
}

/**
 * A list edited in place in a form (partners, funding sources, indicators): one fieldset per row with
 * its legend, its fields and a button to remove it, then a button to add a row.
 */
export function RepeatedRows<Row extends { key: string }>(props: RepeatedRowsProps<Row>) {
  const { rows, onChange } = props
  return (
    <>
      {rows.map((row, i) => (
        <fieldset key={row.key} className="subgroup">
          <legend>{props.legend(i)}</legend>
          <div className="field-row">
            {props.children(row, i, (change) =>
              onChange(rows.map((other, j) => (j === i ? { ...other, ...change } : other))),
            )}
          </div>
          <button
            type="button"
            className="button button-quiet"
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            {props.removeLabel(row, i)}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        className="button button-secondary"
        onClick={() => onChange([...rows, props.newRow()])}
      >
        {props.addLabel}
      </button>
    </>
  )
}
