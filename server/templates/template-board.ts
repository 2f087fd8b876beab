import type { TLRecord } from '@tldraw/tlschema'
import { getIndicesAbove, type IndexKey } from '@tldraw/utils'
import * as Y from 'yjs'
import type { TemplateContent } from '../../shared/api/templates.ts'
import {
  BOARD_PAGE_ID,
  type BoardZone,
  boardZonesFor,
  createBoardDocument,
  type PriorityLike,
} from '../../shared/board/create-board.ts'
import { boardRecords } from '../../shared/board/record-index.ts'
import { checkBoardRecord } from '../../shared/board/schema.ts'
import { defaultLiveState, type WorkshopLiveState } from '../../shared/workshop/live-state.ts'
import { templateAnnotationTypes } from './board-template.ts'

/** A template whose content does not make a valid board: `field` names the part at fault. */
export class TemplateContentError extends Error {
  readonly field: string
  constructor(field: string, message: string) {
    super(message)
    this.field = field
  }
}

/** A workshop as a template starts it on one contract. */
export interface TemplateStart {
  /** The zones tied to this contract's codes (the workshop's `start_zones`). */
  startZones: { priorityCode: string; actionCode: string }[]
  liveState: WorkshopLiveState
  /** Codes of the template's zones this contract lacks: those zones are kept with their title, free. */
  missingCodes: string[]
  /** The board's first document. */
  doc: Y.Doc
}

type Record_ = TLRecord & Record<string, any>

/**
 * The board a template starts on a contract. Each zone of the template is mapped by code: a priority
 * (or an action of it) that the contract has keeps its place and size and takes the contract's title;
 * one the contract lacks becomes a free-titled zone (no code) with the template's title, and its code
 * is reported. Annotations are laid on top of the zones, arrows keep their bindings. The live state
 * carries the template's settings and agenda. Every record passes the board schema, or this throws a
 * TemplateContentError naming it.
 */
export function startFromTemplate(content: TemplateContent, priorities: PriorityLike[]): TemplateStart {
  const fromContract = contractZones(content.zonesFromContract, priorities)
  const liveState: WorkshopLiveState = {
    ...defaultLiveState,
    vote: {
      dotsPerParticipant: content.settings.dotsPerParticipant,
      target: content.settings.voteTarget,
      revealed: false,
    },
    privateIdeation: content.settings.privateIdeation,
    anonymous: content.settings.anonymous,
    ideasInClustering: content.settings.ideasInClustering,
    ...(content.agenda.length > 0 ? { agenda: content.agenda } : {}),
  }
  const doc = createBoardDocument({ zones: fromContract, liveState })
  const index = boardRecords(doc)
  const taken = new Set<string>([...index.values()].map((record) => record.id))
  const startZones = fromContract.map(({ priorityCode, actionCode }) => ({ priorityCode, actionCode }))
  const missing = new Set<string>()
  const zoneRecords: Record_[] = []
  content.zones.forEach((zone, i) => {
    const field = `content.zones.${i}`
    if (taken.has(zone.id)) {
      if (content.zonesFromContract) return // the contract's own zone stands in for it
      throw new TemplateContentError(`${field}.id`, `Identifiant de zone en double : ${zone.id}`)
    }
    taken.add(zone.id)
    const priority = zone.priorityCode ? priorities.find((p) => p.code === zone.priorityCode) : undefined
    const action = zone.actionCode ? priority?.actions.find((a) => a.code === zone.actionCode) : undefined
    const mapped = zone.priorityCode !== '' && !!priority && (zone.actionCode === '' || !!action)
    if (zone.priorityCode !== '' && !mapped) missing.add(priority ? zone.actionCode : zone.priorityCode)
    if (mapped) startZones.push({ priorityCode: zone.priorityCode, actionCode: zone.actionCode })
    const code = zone.actionCode || zone.priorityCode
    zoneRecords.push({
      id: zone.id,
      typeName: 'shape',
      type: 'zone',
      x: zone.x,
      y: zone.y,
      rotation: 0,
      index: 'a1' as IndexKey,
      parentId: BOARD_PAGE_ID,
      isLocked: true,
      opacity: 1,
      meta: {},
      props: {
        w: zone.w,
        h: zone.h,
        title: mapped ? `${code} — ${(action ?? priority)!.title}`.slice(0, 200) : zone.title,
        priorityCode: mapped ? zone.priorityCode : '',
        actionCode: mapped ? zone.actionCode : '',
        color: zone.color,
      },
    } as unknown as Record_)
  })
  const annotations = annotationRecords(content, taken)
  // Zones under annotations: page-level shapes get indices above the contract's zones, in that order.
  const pageLevel = [
    ...zoneRecords,
    ...annotations.filter((r) => r.typeName === 'shape' && r.parentId === BOARD_PAGE_ID),
  ]
  const lastIndex = ([...index.values()] as Record_[])
    .filter((r) => r.typeName === 'shape')
    .map((r) => r.index as IndexKey)
    .sort()
    .at(-1)
  const indices = getIndicesAbove(lastIndex ?? null, pageLevel.length)
  pageLevel.forEach((record, i) => {
    record.index = indices[i]
  })
  const added = [...zoneRecords, ...annotations]
  added.forEach((record) => {
    const checked = checkBoardRecord(record.id, record)
    if (!checked.ok) {
      const where = zoneRecords.includes(record)
        ? `content.zones.${zoneRecords.indexOf(record)}`
        : `content.annotations.${content.annotations.indexOf(record.original)}`
      throw new TemplateContentError(where, `Élément invalide (${record.id}) : ${checked.message}`)
    }
  })
  doc.transact(() => {
    for (const record of added) index.set(clean(record))
  })
  return { startZones, liveState, missingCodes: [...missing], doc }
}

/** The zones a built-in template takes from the contract: one per priority or per action, in a grid. */
function contractZones(kind: TemplateContent['zonesFromContract'], priorities: PriorityLike[]): BoardZone[] {
  if (kind === 'priorities')
    return boardZonesFor(
      priorities.map((p) => ({ priorityCode: p.code, actionCode: '' })),
      priorities,
    )
  if (kind === 'actions')
    return boardZonesFor(
      priorities.flatMap((p) => p.actions.map((a) => ({ priorityCode: p.code, actionCode: a.code }))),
      priorities,
    )
  return []
}

/**
 * The template's annotations as records for the new board, checked for what the board schema cannot
 * see: only annotation shapes and arrow bindings, unique ids, parents and bound shapes that exist.
 */
function annotationRecords(content: TemplateContent, taken: Set<string>): Record_[] {
  const records = content.annotations.map((value, i) => {
    const field = `content.annotations.${i}`
    const record = structuredClone(value) as Record_
    const id = typeof record.id === 'string' ? record.id : ''
    const shape = record.typeName === 'shape' && templateAnnotationTypes.has(record.type)
    const binding = record.typeName === 'binding' && record.type === 'arrow'
    if (!shape && !binding)
      throw new TemplateContentError(field, `Seules les annotations et leurs flèches entrent dans un modèle.`)
    if (taken.has(id)) throw new TemplateContentError(`${field}.id`, `Identifiant en double : ${id}`)
    taken.add(id)
    Object.defineProperty(record, 'original', { value, enumerable: false })
    return record
  })
  for (const [i, record] of records.entries()) {
    const refs = record.typeName === 'shape' ? [record.parentId] : [record.fromId, record.toId]
    for (const ref of refs)
      if (ref !== BOARD_PAGE_ID && !taken.has(ref))
        throw new TemplateContentError(`content.annotations.${i}`, `Élément lié à un autre absent : ${ref}`)
  }
  return records
}

/** A plain copy without the bookkeeping property. */
function clean(record: Record_): TLRecord {
  return JSON.parse(JSON.stringify(record)) as TLRecord
}

/** Checks a template's content by starting it on an empty contract; null when it makes a valid board. */
export function templateContentError(content: TemplateContent): TemplateContentError | null {
  try {
    startFromTemplate(content, []).doc.destroy()
    return null
  } catch (error) {
    if (error instanceof TemplateContentError) return error
    throw error
  }
}

/** The board's first document as stored bytes. */
export const encodeBoard = (doc: Y.Doc): Uint8Array => Y.encodeStateAsUpdate(doc)
