import { useEffect, useMemo, useState } from 'react'
import { createShapeId, type Editor, type TLShapeId, useValue } from 'tldraw'
import type { ContractPriority } from '../../shared/api/contracts.ts'
import type { WorkshopView } from '../../shared/api/workshops.ts'
import { ZONE_LAYOUT } from '../../shared/board/create-board.ts'
import { priorityColors, type ZoneShape } from '../../shared/board/shapes.ts'
import { apiGet } from '../app/api.ts'
import { useMessages } from '../app/i18n.tsx'
import { useLoad } from '../app/use-load.ts'
import { indexAboveZones } from './board-editor.ts'
import { messages } from './messages.ts'

/**
 * The facilitator's zones (rights table: zones are theirs): rename the selected zone, and add a zone
 * for any priority or fiche-action of the workshop's contract, placed beside the others. Changes go
 * through the editor like any edit of theirs, so they reach everyone and the server checks them.
 */

/** A place on the board for a zone: a priority, or one of its fiches-actions. */
interface ZoneChoice {
  key: string
  priorityCode: string
  actionCode: string
  title: string
}

/** Every priority of a contract, each followed by its fiches-actions. */
function zoneChoices(priorities: ContractPriority[]): ZoneChoice[] {
  return priorities.flatMap((p) => [
    { key: p.code, priorityCode: p.code, actionCode: '', title: `${p.code} — ${p.title}` },
    ...p.actions.map((a) => ({
      key: `${p.code}/${a.code}`,
      priorityCode: p.code,
      actionCode: a.code,
      title: `${a.code} — ${a.title}`,
    })),
  ])
}

export function ZoneControls({ editor, workshopId }: { editor: Editor; workshopId: string }) {
  const t = useMessages(messages)
  const zone = useValue('selected zone', () => {
    const selected = editor.getSelectedShapes()
    return selected.length === 1 && selected[0]!.type === 'zone'
      ? (selected[0] as unknown as ZoneShape)
      : null
  }, [editor])
  const [title, setTitle] = useState('')
  // biome-ignore lint/correctness/useExhaustiveDependencies: another zone selected starts from its title
  useEffect(() => setTitle(zone?.props.title ?? ''), [zone?.id, zone?.props.title])

  // The single-workshop answer carries its contract's priorities and actions. Without it, zones can
  // still be renamed; adding waits for the next opening.
  const workshop = useLoad(
    (signal) => apiGet<WorkshopView>(`/api/workshops/${encodeURIComponent(workshopId)}`, signal),
    [workshopId],
  ).data
  const choices = useMemo(() => zoneChoices(workshop?.priorities ?? []), [workshop])
  const [choice, setChoice] = useState('')

  const rename = () => {
    const next = title.trim().slice(0, 200)
    if (!zone || !next || next === zone.props.title) return
    editor.run(() => editor.updateShape({ id: zone.id, type: 'zone', props: { title: next } }), {
      ignoreShapeLock: true,
    })
  }

  const add = () => {
    const picked = choices.find((c) => c.key === choice)
    if (!picked) return
    const id = addZone(editor, picked)
    editor.select(id)
    editor.zoomToSelection({ animation: { duration: 300 } })
  }

  return (
    <fieldset className="kb-zone-controls">
      <legend>{t('zones')}</legend>
      {zone ? (
        <form
          onSubmit={(event) => {
            event.preventDefault()
            rename()
          }}
        >
          <label>
            {t('zoneTitle')}
            <input value={title} maxLength={200} onChange={(event) => setTitle(event.target.value)} />
          </label>
          <button type="submit" disabled={!title.trim() || title.trim() === zone.props.title}>
            {t('renameZone')}
          </button>
        </form>
      ) : (
        <p className="kb-note">{t('selectZoneToRename')}</p>
      )}
      {choices.length > 0 && (
        <form
          onSubmit={(event) => {
            event.preventDefault()
            add()
          }}
        >
          <label>
            {t('newZoneFor')}
            <select value={choice} onChange={(event) => setChoice(event.target.value)}>
              <option value="">—</option>
              {choices.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.title}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={!choice}>
            {t('addZone')}
          </button>
        </form>
      )}
    </fieldset>
  )
}

/** Adds a zone beside the others (to the right of the rightmost, top-aligned), locked like all zones. */
function addZone(editor: Editor, choice: ZoneChoice): TLShapeId {
  const zones = editor.getCurrentPageShapes().filter((s) => s.type === 'zone') as unknown as ZoneShape[]
  const right = zones.length ? Math.max(...zones.map((z) => z.x + z.props.w)) : -ZONE_LAYOUT.gap
  const top = zones.length ? Math.min(...zones.map((z) => z.y)) : 0
  const sameColor = zones.find((z) => z.props.priorityCode === choice.priorityCode)?.props.color
  const id = createShapeId()
  editor.createShape({
    id,
    type: 'zone',
    x: right + ZONE_LAYOUT.gap,
    y: top,
    isLocked: true,
    // Zones are the board's ground: under every card and cluster (sendToBack skips locked shapes).
    index: indexAboveZones(editor),
    props: {
      w: ZONE_LAYOUT.w,
      h: ZONE_LAYOUT.h,
      title: choice.title.slice(0, 200),
      priorityCode: choice.priorityCode,
      actionCode: choice.actionCode,
      color: sameColor ?? priorityColors[zones.length % priorityColors.length]!,
    },
  })
  return id
}
