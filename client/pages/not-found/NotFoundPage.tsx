import { useMessages } from '../../app/i18n.tsx'
import { messages } from '../../app/messages.ts'
import { Link } from '../../app/router.tsx'
import { useDocumentTitle } from '../../app/ui.tsx'

/** Any address that matches no route. */
export function NotFoundPage() {
  const t = useMessages(messages)
  useDocumentTitle(t('notFoundTitle'))
  return (
    <div className="page page-narrow">
      <h1>{t('notFoundTitle')}</h1>
      <p>{t('notFoundText')}</p>
      <p>
        <Link className="button" to="/">
          {t('backHome')}
        </Link>
      </p>
    </div>
  )
}
