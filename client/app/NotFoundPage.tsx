import { useMessages } from './i18n.tsx'
import { messages } from './messages.ts'
import { Link } from './router.tsx'
import { useDocumentTitle } from './ui.tsx'

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
