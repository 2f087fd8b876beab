import {
  type Computed,
  computed,
  type Editor,
  HTMLContainer,
  Rectangle2d,
  resizeBox,
  ShapeUtil,
  type TLResizeInfo,
  type TLShape,
  type TLShapePartial,
  useEditor,
  useValue,
} from 'tldraw'
import {
  type ClusterShape,
  clusterShapeMigrations,
  clusterShapeProps,
  IDEA_SIZE,
  IDEA_TEXT_MAX,
  type IdeaShape,
  ideaShapeMigrations,
  ideaShapeProps,
  type ZoneShape,
  zoneShapeMigrations,
  zoneShapeProps,
} from '../../shared/board/shapes.ts'
import { shownAuthorName } from '../erasure/author-name.ts'
import { mayEditText } from './board-editor.ts'
import {
  cardPalette,
  dotTotals,
  INK,
  myDotsLeft,
  myVotes,
  session,
  totalsVisible,
  votingOn,
} from './board-state.ts'
import { ClusterTitle } from './cluster-title.tsx'
import { useText } from './shape-text.ts'
import { giveDot, takeDot } from './votes.ts'
import { ZoneTitle } from './zone-title.tsx'

/**
 * The React side of the three custom shapes. Props validators and migrations come from
 * shared/board/shapes.ts (the server validates with the same ones); these classes add geometry,
 * rendering, editing and drag-and-drop into clusters.
 */

/** Stops a pointer event on a button inside a shape from starting a drag on the canvas. */
const stop = (event: { stopPropagation(): void }) => event.stopPropagation()

/** The dot buttons and counts shown on an idea or a cluster. */
function Dots({ shapeId, kind }: { shapeId: string; kind: 'idea' | 'cluster' }) {
  const t = useText()
  const voting = useValue('voting', () => votingOn.get() === kind, [kind])
  const mine = useValue('mine', () => myVotes.get()[shapeId] ?? 0, [shapeId])
  const left = useValue('left', () => myDotsLeft.get(), [])
  const total = useValue('total', () => (totalsVisible.get() ? (dotTotals.get().get(shapeId) ?? 0) : null), [
    shapeId,
  ])
  return (
    <div className="kb-dots" onPointerDown={stop}>
      {total !== null && total > 0 && (
        <span className="kb-dot-total" title={t('dotsReceived', { count: total })}>
          {t('dotsReceived', { count: total })}
        </span>
      )}
      {voting && (
        <span className="kb-dot-buttons" style={{ pointerEvents: 'all' }}>
          <button
            type="button"
            aria-label={t('removeDot')}
            disabled={mine === 0}
            onPointerDown={stop}
            onClick={() => takeDot(shapeId)}
          >
            −
          </button>
          <span aria-live="polite" className="kb-dot-mine">
            {t('myDots', { count: mine })}
          </span>
          <button
            type="button"
            aria-label={t('giveDot')}
            disabled={left === 0}
            onPointerDown={stop}
            onClick={() => giveDot(shapeId)}
          >
            +
          </button>
        </span>
      )}
    </div>
  )
}

/** Who else is writing on each card, from the presence records (one computation per editor). */
const writersByEditor = new WeakMap<Editor, Computed<Map<string, string>>>()
function writersOf(editor: Editor): Computed<Map<string, string>> {
  let writers = writersByEditor.get(editor)
  if (!writers) {
    writers = computed('writers', () => {
      const names = new Map<string, string[]>()
      for (const presence of editor.getCollaborators()) {
        const shapeId = (presence.meta as { editingShapeId?: unknown }).editingShapeId
        if (typeof shapeId === 'string')
          names.set(shapeId, [...(names.get(shapeId) ?? []), presence.userName])
      }
      return new Map([...names].map(([id, list]) => [id, list.join(', ')]))
    })
    writersByEditor.set(editor, writers)
  }
  return writers
}

/** Smallest text a card draws on screen, in px: below it, words are no longer read from a projector. */
const LEGIBLE_PX = 11

/**
 * The font size (page units) of a card's text at `zoom`, in a few steps, so that zooming re-renders a
 * card only when its step changes: the usual 17 px, larger as the view zooms out so the first words stay
 * at least LEGIBLE_PX on screen, down to 25 %; below that, null: the card is a coloured block.
 */
export function ideaTextSize(zoom: number): number | null {
  if (zoom < 0.25) return null
  for (const size of [17, 22, 28, 36, 44]) if (size * zoom >= LEGIBLE_PX) return size
  return 44
}

function IdeaCard({ shape }: { shape: IdeaShape }) {
  const editor = useEditor()
  const t = useText()
  const locale = useValue('locale', () => session.get().locale, [])
  const editing = useValue('editing', () => editor.getEditingShapeId() === shape.id, [editor, shape.id])
  const textSize = useValue('text size', () => ideaTextSize(editor.getZoomLevel()), [editor])
  // Zoomed out: larger text, as many whole lines as fit above the dots; the author waits for a closer look.
  const far = !editing && textSize !== 17
  const lines = textSize ? Math.max(1, Math.floor((shape.props.h - 56) / (textSize * 1.25))) : 0
  const writers = useValue('writers', () => writersOf(editor).get().get(shape.id) ?? '', [editor, shape.id])
  const colors = cardPalette[shape.props.color] ?? cardPalette.yellow
  return (
    <HTMLContainer
      className="kb-idea"
      style={{
        width: shape.props.w,
        height: shape.props.h,
        background: colors.fill,
        borderTop: `6px solid ${colors.accent}`,
        color: INK,
        pointerEvents: editing ? 'all' : undefined,
      }}
    >
      {editing ? (
        <textarea
          className="kb-idea-input"
          aria-label={t('ideaText')}
          // biome-ignore lint/a11y/noAutofocus: the user just asked to edit this card.
          autoFocus
          maxLength={IDEA_TEXT_MAX}
          defaultValue={shape.props.text}
          onPointerDown={stop}
          onChange={(event) =>
            editor.updateShape({ id: shape.id, type: 'idea', props: { text: event.currentTarget.value } })
          }
          onKeyDown={(event) => {
            event.stopPropagation()
            if (event.key === 'Escape' || (event.key === 'Enter' && (event.metaKey || event.ctrlKey))) {
              event.preventDefault()
              editor.setEditingShape(null)
            }
          }}
        />
      ) : textSize === null ? null : (
        <p
          className={far ? 'kb-idea-text kb-idea-text-far' : 'kb-idea-text'}
          style={
            far
              ? { fontSize: textSize, WebkitLineClamp: lines, maxHeight: lines * textSize * 1.25 }
              : undefined
          }
        >
          {shape.props.text || <em className="kb-muted">{t('emptyIdea')}</em>}
        </p>
      )}
      {writers && !far && (
        <span className="kb-idea-writers" role="status">
          ✎ {t('writing', { names: writers })}
        </span>
      )}
      <footer className="kb-idea-footer">
        <span className="kb-idea-author">{far ? '' : shownAuthorName(shape.props.authorName, locale)}</span>
        <Dots shapeId={shape.id} kind="idea" />
      </footer>
    </HTMLContainer>
  )
}

/**
 * What the three shapes share: a box of `props.w` by `props.h` (its geometry), resized down to
 * `minSize`, whose selection outline is its rectangle.
 */
abstract class BoxShapeUtil<S extends IdeaShape | ZoneShape | ClusterShape> extends ShapeUtil<S> {
  /** The smallest box a resize leaves, in page units. */
  protected abstract readonly minSize: { minWidth: number; minHeight: number }
  /** Whether a click inside the box takes the shape (true), or only its edge does. */
  protected readonly filled: boolean = true

  getGeometry(shape: S) {
    return new Rectangle2d({ width: shape.props.w, height: shape.props.h, isFilled: this.filled })
  }

  override canResize() {
    return true
  }

  override onResize(shape: S, info: TLResizeInfo<S>): TLShapePartial<S> {
    // The resized shape is a partial of itself; TypeScript does not see it through the type parameter.
    return resizeBox(shape, info, this.minSize) as unknown as TLShapePartial<S>
  }

  getIndicatorPath(shape: S) {
    const path = new Path2D()
    path.rect(0, 0, shape.props.w, shape.props.h)
    return { path }
  }

  override indicator(shape: S) {
    return <rect width={shape.props.w} height={shape.props.h} />
  }
}

/** Zones and clusters: titled areas, read out by their title, never rotated. */
abstract class TitledAreaShapeUtil<S extends ZoneShape | ClusterShape> extends BoxShapeUtil<S> {
  override getText(shape: S) {
    return shape.props.title
  }

  override hideRotateHandle() {
    return true
  }
}

/** An idea card: text, author, colour and dots. */
export class IdeaShapeUtil extends BoxShapeUtil<IdeaShape> {
  static override type = 'idea' as const
  static override props = ideaShapeProps
  static override migrations = ideaShapeMigrations

  getDefaultProps(): IdeaShape['props'] {
    return { w: IDEA_SIZE.w, h: IDEA_SIZE.h, text: '', color: 'yellow', authorId: '', authorName: '' }
  }

  override canEdit(shape: IdeaShape) {
    // Participants edit their own cards only (rights table); the server refuses the rest anyway.
    return mayEditText(shape as unknown as TLShape)
  }

  protected readonly minSize = { minWidth: 80, minHeight: 60 }

  override getText(shape: IdeaShape) {
    return shape.props.text
  }

  override getAriaDescriptor(shape: IdeaShape) {
    // Anonymous workshops carry no author name: the text alone, without a dangling dash.
    return shape.props.authorName ? `${shape.props.text} — ${shape.props.authorName}` : shape.props.text
  }

  component(shape: IdeaShape) {
    return <IdeaCard shape={shape} />
  }
}

function ZoneArea({ shape }: { shape: ZoneShape }) {
  const colors = cardPalette[shape.props.color] ?? cardPalette.blue
  const code = shape.props.actionCode
    ? `${shape.props.priorityCode} · ${shape.props.actionCode}`
    : shape.props.priorityCode
  // Server-made zones are titled "P1 — …": the code badge would only repeat it.
  const title = shape.props.title
  const showCode = !!code && !title.startsWith(shape.props.actionCode || shape.props.priorityCode)
  return (
    <HTMLContainer
      className="kb-zone"
      style={{
        width: shape.props.w,
        height: shape.props.h,
        background: `${colors.fill}99`,
        border: `4px solid ${colors.accent}`,
        color: INK,
      }}
    >
      <header className="kb-zone-title" style={{ background: colors.fill, borderBottomColor: colors.accent }}>
        {showCode && (
          <span className="kb-zone-code" style={{ background: colors.accent }}>
            {code}
          </span>
        )}
        <ZoneTitle shape={shape} />
      </header>
    </HTMLContainer>
  )
}

/** A zone: a large titled area for a priority (or one of its actions), coloured per priority. */
export class ZoneShapeUtil extends TitledAreaShapeUtil<ZoneShape> {
  static override type = 'zone' as const
  static override props = zoneShapeProps
  static override migrations = zoneShapeMigrations

  getDefaultProps(): ZoneShape['props'] {
    return { w: 1200, h: 900, title: '', priorityCode: '', actionCode: '', color: 'blue' }
  }

  // Not filled: a click in the open area of a zone starts a selection box instead of grabbing the
  // zone, which is what people do most (select ideas); the zone is taken by its edge or title.
  protected override readonly filled = false

  protected readonly minSize = { minWidth: 300, minHeight: 200 }

  component(shape: ZoneShape) {
    return <ZoneArea shape={shape} />
  }
}

/** The ideas inside a cluster, by geometry or parent (shared/board/membership.ts gives the same answer). */
export function ideasInCluster(editor: Editor, cluster: ClusterShape): IdeaShape[] {
  const bounds = editor.getShapePageBounds(cluster)
  if (!bounds) return []
  return editor.getCurrentPageShapes().filter((shape): shape is IdeaShape => {
    if (shape.type !== 'idea') return false
    if (shape.parentId === cluster.id) return true
    const center = editor.getShapePageBounds(shape)?.center
    return !!center && bounds.containsPoint(center)
  })
}

/** Smallest cluster title on screen, in px: a group's name is read from further away than a card. */
const LEGIBLE_TITLE_PX = 12

/**
 * The font size (page units) of a cluster's title line at `zoom`: 20 close up, larger in a few steps as
 * the view zooms out so that the name stays at least LEGIBLE_TITLE_PX on screen down to 25 %.
 */
export function clusterTitleSize(zoom: number): number {
  for (const size of [20, 26, 34, 44, 52]) if (size * zoom >= LEGIBLE_TITLE_PX) return size
  return 52
}

function ClusterArea({ shape }: { shape: ClusterShape }) {
  const editor = useEditor()
  const t = useText()
  const titleSize = useValue('cluster title size', () => clusterTitleSize(editor.getZoomLevel()), [editor])
  const count = useValue('count', () => ideasInCluster(editor, shape).length, [editor, shape])
  const ideaDots = useValue(
    'idea dots',
    () =>
      totalsVisible.get()
        ? ideasInCluster(editor, shape).reduce((sum, idea) => sum + (dotTotals.get().get(idea.id) ?? 0), 0)
        : null,
    [editor, shape],
  )
  return (
    <HTMLContainer className="kb-cluster" style={{ width: shape.props.w, height: shape.props.h, color: INK }}>
      <header
        className={titleSize === 20 ? 'kb-cluster-title' : 'kb-cluster-title kb-cluster-title-far'}
        style={titleSize === 20 ? undefined : { fontSize: titleSize }}
      >
        <ClusterTitle shape={shape} />
        <span className="kb-cluster-count">{t('ideaCount', { count })}</span>
        {ideaDots !== null && ideaDots > 0 && (
          <span className="kb-dot-total">{t('clusterIdeaDots', { count: ideaDots })}</span>
        )}
        <Dots shapeId={shape.id} kind="cluster" />
      </header>
    </HTMLContainer>
  )
}

/** A cluster: a named group of ideas, a project candidate. Ideas dropped on it become its children. */
export class ClusterShapeUtil extends TitledAreaShapeUtil<ClusterShape> {
  static override type = 'cluster' as const
  static override props = clusterShapeProps
  static override migrations = clusterShapeMigrations

  getDefaultProps(): ClusterShape['props'] {
    return { w: 520, h: 380, title: '' }
  }

  protected readonly minSize = { minWidth: 220, minHeight: 160 }

  override canReceiveNewChildrenOfType(_shape: ClusterShape, type: TLShape['type']) {
    return type === 'idea'
  }

  override onDragShapesIn(cluster: ClusterShape, shapes: TLShape[]) {
    const ideas = shapes.filter((shape) => shape.type === 'idea' && shape.parentId !== cluster.id)
    if (ideas.length) this.editor.reparentShapes(ideas, cluster.id)
  }

  override onDragShapesOut(cluster: ClusterShape, shapes: TLShape[]) {
    const ideas = shapes.filter((shape) => shape.parentId === cluster.id)
    if (ideas.length) this.editor.reparentShapes(ideas, this.editor.getCurrentPageId())
  }

  component(shape: ClusterShape) {
    return <ClusterArea shape={shape} />
  }
}

/** The custom shapes, as `<Tldraw shapeUtils>` takes them. */
export const boardShapeUtils = [IdeaShapeUtil, ZoneShapeUtil, ClusterShapeUtil]
