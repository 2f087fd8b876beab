import type { TLRecord } from '@tldraw/tlschema'
import type { AgendaStep, TemplateContent, TemplateZone } from '../../shared/api/templates.ts'
import { BOARD_PAGE_ID } from '../../shared/board/create-board.ts'
import { facilitatorShapeTypes, shapeKind } from '../../shared/board/rights.ts'
import type { WorkshopLiveState } from '../../shared/workshop/live-state.ts'

/**
 * Annotation shapes a template keeps: the facilitator's instructions, arrows, frames and drawings.
 * Ideas, clusters (the participants' work), sticky notes and images (uploads tied to one board) stay
 * behind.
 */
export const templateAnnotationTypes: ReadonlySet<string> = new Set(
  [...facilitatorShapeTypes].filter((type) => shapeKind(type) === 'annotation' && type !== 'image'),
)

type Shape = TLRecord & {
  typeName: 'shape'
  type: string
  parentId: string
  x: number
  y: number
  props: Record<string, any>
}
type Binding = TLRecord & { typeName: 'binding'; fromId: string; toId: string }

const isShape = (record: TLRecord): record is Shape => record.typeName === 'shape'
const isBinding = (record: TLRecord): record is Binding => record.typeName === 'binding'

/**
 * The template of a board: its zones with their layout, its annotations (with the arrows' bindings
 * between kept shapes) and the live state's settings and agenda. No idea, cluster or vote comes along.
 * An annotation inside a shape that stays behind (a cluster) stays behind with it.
 */
export function templateOfBoard(
  records: Iterable<TLRecord>,
  state: WorkshopLiveState,
  agenda: AgendaStep[] = state.agenda ?? [],
): TemplateContent {
  const all = [...records]
  const shapes = all.filter(isShape)
  const zones: TemplateZone[] = shapes
    .filter((shape) => shape.type === 'zone')
    .map((zone) => ({
      id: zone.id,
      priorityCode: zone.props.priorityCode,
      actionCode: zone.props.actionCode,
      title: zone.props.title,
      x: zone.x,
      y: zone.y,
      w: zone.props.w,
      h: zone.props.h,
      color: zone.props.color,
    }))
  const kept = new Set<string>([BOARD_PAGE_ID, ...zones.map((zone) => zone.id)])
  // Parents before children: a frame's contents are kept once the frame is.
  let candidates = shapes.filter((shape) => templateAnnotationTypes.has(shape.type))
  for (let grew = true; grew; ) {
    grew = false
    const waiting: Shape[] = []
    for (const shape of candidates) {
      if (kept.has(shape.parentId)) {
        kept.add(shape.id)
        grew = true
      } else waiting.push(shape)
    }
    candidates = waiting
  }
  const annotations = [
    ...shapes.filter((shape) => kept.has(shape.id) && shape.type !== 'zone'),
    ...all.filter(isBinding).filter((binding) => kept.has(binding.fromId) && kept.has(binding.toId)),
  ].map((record) => structuredClone(record) as unknown as Record<string, unknown>)
  return {
    zones,
    annotations,
    agenda,
    settings: {
      dotsPerParticipant: state.vote.dotsPerParticipant,
      voteTarget: state.vote.target,
      privateIdeation: state.privateIdeation,
      anonymous: state.anonymous,
      ideasInClustering: state.ideasInClustering,
    },
  }
}
