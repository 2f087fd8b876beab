import type { TLShapeId } from 'tldraw'
import { type Editor, useValue } from 'tldraw'
import { useMessages } from '../app/i18n.tsx'
import { goToZone, showEverything, zoneTitle } from './camera.ts'
import { messages } from './messages.ts'
import type { MyZone } from './my-zone.ts'

/**
 * Two ways back when lost on a large board: "show everything" (every shape of the page) and "back to my
 * zone" (see my-zone.ts; shown once I have one). The camera moves only when one is pressed.
 */
export function CameraControls({ editor, myZone }: { editor: Editor; myZone: MyZone | null }) {
  const t = useMessages(messages)
  const zone = useValue('my zone', () => myZone?.zone.get() ?? null, [myZone])
  const title = zoneTitle(zone ?? undefined)
  return (
    <nav className="kb-camera" aria-label={t('viewControls')}>
      <button type="button" onClick={() => showEverything(editor)} data-testid="show-everything">
        {t('showEverything')}
      </button>
      {zone && (
        <button
          type="button"
          aria-label={t('backToMyZoneNamed', { zone: title })}
          title={title}
          onClick={() => goToZone(editor, zone.id as TLShapeId)}
          data-testid="back-to-my-zone"
        >
          {t('backToMyZone')}
        </button>
      )}
    </nav>
  )
}
