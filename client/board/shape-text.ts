import { useValue } from 'tldraw'
import { formatMessage, type MessageParams } from '../app/i18n.tsx'
import { session } from './board-state.ts'
import { messages } from './messages.ts'

/**
 * The board's strings inside shapes. Shapes render in tldraw's own React tree, outside the app's
 * LocaleProvider, so they read the locale from the board session instead of `useMessages`.
 */
export function useText(): (key: keyof typeof messages.fr, params?: MessageParams) => string {
  const locale = useValue('locale', () => session.get().locale, [])
  return (key, params) => formatMessage(messages[locale][key], params, locale)
}
