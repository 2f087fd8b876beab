import type { ReactNode } from 'react'
import type { TextKey } from './fields.tsx'

/** What ties a text field to a row's key: its value and change, its id and error (by its path). */
export type BindText<Row> = (key: TextKey<Row>) => {
  value: string
  onChange: (value: string) => void
  id: string
  error?: string
}

interface RepeatedRowsProps<Row extends { key: string }> {
  rows: Row[]
  onChange: (rows: Row[]) => void
  /** The rows' path in the form ("partners", "indicators.0.measures"), for the fields' ids and errors. */
  path: string
  /** The id and error of a field, by its path ("partners.0.name"). */
  fieldProps: (field: string) => { id: string; error?: string }
  /** The legend of row `i` (e.g. "Partenaire 2"). */
  legend: (i: number) => string
  removeLabel: (row: Row, i: number) => string
  addLabel: string
  newRow: () => Row
  /**
   * The fields of one row; `update` merges a change into that row, `bind` ties a text field to one of
   * its keys.
   */
  children: (row: Row, i: number, update: (change: Partial<Row>) => void, bind: BindText<Row>) => ReactNode
}

/**
 * A list edited in place in a form (partners, funding sources, indicators): one fieldset per row with
 * its legend, its fields and a button to remove it, then a button to add a row.
 */
export function RepeatedRows<Row extends { key: string }>(props: RepeatedRowsProps<Row>) {
  const { rows, onChange } = props
  return (
    <>
      {rows.map((row, i) => {
        const update = (change: Partial<Row>) =>
          onChange(rows.map((other, j) => (j === i ? { ...other, ...change } : other)))
        const bind: BindText<Row> = (key) => ({
          value: row[key] as string,
          onChange: (value) => update({ [key]: value } as Partial<Row>),
          ...props.fieldProps(`${props.path}.${i}.${String(key)}`),
        })
        return (
          <fieldset key={row.key} className="subgroup">
            <legend>{props.legend(i)}</legend>
            <div className="field-row">{props.children(row, i, update, bind)}</div>
            <button
              type="button"
              className="button button-quiet"
              onClick={() => onChange(rows.filter((_, j) => j !== i))}
            >
              {props.removeLabel(row, i)}
            </button>
          </fieldset>
        )
      })}
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
