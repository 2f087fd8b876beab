import type { ReactNode } from 'react'
import { Link } from '../app/router.tsx'

/**
 * "No account yet? Create one": a sentence and the link to another account page, which takes `suite`
 * (where to go afterwards) along when there is one.
 */
export function SwitchLink(props: {
  question: string
  to: string
  suite?: string | null
  children: ReactNode
}) {
  return (
    <p>
      {props.question}{' '}
      <Link to={props.suite ? `${props.to}?suite=${encodeURIComponent(props.suite)}` : props.to}>
        {props.children}
      </Link>
    </p>
  )
}
