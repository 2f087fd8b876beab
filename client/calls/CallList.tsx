import { Fragment, type ReactNode } from 'react'
import { Loading } from '../app/ui.tsx'

/**
 * A list of calls as the calls pages show it (the council's, the public one): "loading" while it
 * comes (nothing once the load failed: the page shows the error), `empty` when there is none, else
 * one item per call.
 */
export function CallList<Call extends { id: string }>(props: {
  calls: Call[] | undefined
  error: unknown
  empty: string
  testId: string
  children: (call: Call) => ReactNode
}) {
  if (!props.calls) return props.error ? null : <Loading />
  if (props.calls.length === 0) return <p className="empty">{props.empty}</p>
  return (
    <ul className="item-list" data-testid={props.testId}>
      {props.calls.map((call) => (
        <Fragment key={call.id}>{props.children(call)}</Fragment>
      ))}
    </ul>
  )
}
