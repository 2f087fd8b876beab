import type { MigrationId } from '@tldraw/store'
import {
  createShapePropsMigrationIds,
  createShapePropsMigrationSequence,
  DefaultColorStyle,
  type RecordProps,
  type TLBaseShape,
  type TLDefaultColorStyle,
} from '@tldraw/tlschema'
import { T } from '@tldraw/validate'

/**
 * The three custom shapes of the board (DESIGN.md, "Board format"), without React: the tldraw client
 * adds geometry and components on top of these props and migrations; the server validates every
 * client record with them.
 */

/** Longest idea text, in characters (UTF-16 code units, as JavaScript counts them). */
export const IDEA_TEXT_MAX = 500
/** Longest zone or cluster title and author name. */
export const TITLE_MAX = 200
export const AUTHOR_NAME_MAX = 80
/** Largest width or height of a custom shape, in page units: keeps a hostile shape from covering the world. */
export const SHAPE_SIZE_MAX = 100_000

export interface IdeaShapeProps {
  w: number
  h: number
  /** Plain text, at most IDEA_TEXT_MAX characters. */
  text: string
  color: TLDefaultColorStyle
  /** Actor id of the author: a guest id or a user id (what `votes` is keyed by too). */
  authorId: string
  authorName: string
}

export interface ZoneShapeProps {
  w: number
  h: number
  title: string
  priorityCode: string
  /** An action of the priority, or '' when the zone is the whole priority. */
  actionCode: string
  color: TLDefaultColorStyle
}

export interface ClusterShapeProps {
  w: number
  h: number
  title: string
}

declare module '@tldraw/tlschema' {
  interface TLGlobalShapePropsMap {
    idea: IdeaShapeProps
    zone: ZoneShapeProps
    cluster: ClusterShapeProps
  }
}

export type IdeaShape = TLBaseShape<'idea', IdeaShapeProps>
export type ZoneShape = TLBaseShape<'zone', ZoneShapeProps>
export type ClusterShape = TLBaseShape<'cluster', ClusterShapeProps>

const size = T.nonZeroFiniteNumber.check((value) => {
  if (value < 0 || value > SHAPE_SIZE_MAX) throw new Error(`Expected a size between 0 and ${SHAPE_SIZE_MAX}`)
})

function maxLength(max: number) {
  return T.string.check((value) => {
    if (value.length > max) throw new Error(`Expected at most ${max} characters, got ${value.length}`)
  })
}

/** A priority or action code such as `P1` or `1.2`: short, printable. */
const code = T.string.check((value) => {
  if (value.length > 20) throw new Error('Expected a code of at most 20 characters')
})

export const ideaShapeProps: RecordProps<IdeaShape> = {
  w: size,
  h: size,
  text: maxLength(IDEA_TEXT_MAX),
  color: DefaultColorStyle,
  authorId: maxLength(100),
  authorName: maxLength(AUTHOR_NAME_MAX),
}

export const zoneShapeProps: RecordProps<ZoneShape> = {
  w: size,
  h: size,
  title: maxLength(TITLE_MAX),
  priorityCode: code,
  actionCode: code,
  color: DefaultColorStyle,
}

export const clusterShapeProps: RecordProps<ClusterShape> = {
  w: size,
  h: size,
  title: maxLength(TITLE_MAX),
}

// Migration ids are part of the board format (DESIGN.md, "Shape versions"): stored documents name them
// in meta.schema, so an id, once published, never changes and never gets another meaning. New versions
// append to a sequence.

/** Versions of the idea props. */
export const ideaShapeVersions = createShapePropsMigrationIds('idea', {
  /** Ideas imported from plain sticky notes had no author: they get an anonymous one. */
  AddAuthor: 1,
})

/** Versions of the zone props. */
export const zoneShapeVersions = createShapePropsMigrationIds('zone', {
  /** The first zones were whole priorities: the action code came later ('' = whole priority). */
  AddActionCode: 1,
})

/** Versions of the cluster props. */
export const clusterShapeVersions = createShapePropsMigrationIds('cluster', {
  /** Clusters started as unnamed groups. */
  AddTitle: 1,
})

/**
 * A sequence of one migration, `id`, that adds the text props `names` (empty when absent) and removes
 * them going down: each custom shape's one version so far is of that kind.
 */
function addTextProps(id: MigrationId, names: string[]) {
  return createShapePropsMigrationSequence({
    sequence: [
      {
        id,
        up: (props) => {
          for (const name of names) props[name] ??= ''
        },
        down: (props) => {
          for (const name of names) delete props[name]
        },
      },
    ],
  })
}

export const ideaShapeMigrations = addTextProps(ideaShapeVersions.AddAuthor, ['authorId', 'authorName'])
export const zoneShapeMigrations = addTextProps(zoneShapeVersions.AddActionCode, ['actionCode'])
export const clusterShapeMigrations = addTextProps(clusterShapeVersions.AddTitle, ['title'])

/** The custom shapes as `createTLSchema` takes them. */
export const boardShapeSchemas = {
  idea: { props: ideaShapeProps, migrations: ideaShapeMigrations },
  zone: { props: zoneShapeProps, migrations: zoneShapeMigrations },
  cluster: { props: clusterShapeProps, migrations: clusterShapeMigrations },
}

/** Default sizes of new shapes, in page units. */
export const IDEA_SIZE = { w: 200, h: 140 } as const

/** Colours given to priorities in order (P1, P2…), cycling; tldraw's default palette names. */
export const priorityColors: readonly TLDefaultColorStyle[] = [
  'blue',
  'green',
  'orange',
  'violet',
  'red',
  'light-blue',
  'light-green',
  'yellow',
  'light-violet',
  'light-red',
]
