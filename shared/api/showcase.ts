import { type Static, Type } from 'typebox'
import { slugMaxLength, slugPattern } from '../showcase/fields.ts'
import { Nullable } from './common.ts'
import { FundingSource, Indicator } from './projects.ts'
import { ActorType, ProjectStatus } from './record-kinds.ts'

/**
 * The public showcase (DESIGN.md, "Public showcase"): a council's published records, without account.
 * The answer of GET /api/public/councils/:slug/projects and of its `.json` download is this one shape,
 * `kenlabour-showcase` version 1: a field a council did not make public is absent, never null.
 */

export const SlugParams = Type.Object({
  slug: Type.String({ minLength: 1, maxLength: 100 }),
})
export type SlugParams = Static<typeof SlugParams>

export const ShowcaseQuery = Type.Object({
  /** `priority` (default): by contract, priority code, then title; `title`; `updated`: latest change first. */
  sort: Type.Optional(Type.Union([Type.Literal('priority'), Type.Literal('title'), Type.Literal('updated')])),
})
export type ShowcaseQuery = Static<typeof ShowcaseQuery>

const CodeTitle = Type.Object({ code: Type.String(), title: Nullable(Type.String()) })

/** Where a record comes from: a call for projects (its public page) or a workshop (its title only). */
export const PublicOrigin = Type.Union([
  Type.Object({
    kind: Type.Literal('call'),
    callId: Type.String(),
    title: Type.String(),
    /** The call's public page on this instance. */
    path: Type.String(),
  }),
  Type.Object({ kind: Type.Literal('workshop'), title: Type.String() }),
])

export const PublicProject = Type.Object({
  id: Type.String(),
  title: Type.String(),
  status: ProjectStatus,
  contractTitle: Type.String(),
  priority: Nullable(CodeTitle),
  origin: Nullable(PublicOrigin),
  updatedAt: Type.String(),
  /** The fields below that this record shows. */
  publicFields: Type.Array(Type.String()),
  summary: Type.Optional(Type.String()),
  objectives: Type.Optional(Type.String()),
  expectedOutcomes: Type.Optional(Type.String()),
  action: Type.Optional(Nullable(CodeTitle)),
  carrier: Type.Optional(Nullable(Type.Object({ name: Type.String(), type: ActorType }))),
  partners: Type.Optional(
    Type.Array(Type.Object({ name: Type.String(), type: ActorType, role: Type.String() })),
  ),
  budget: Type.Optional(Nullable(Type.Number())),
  funding: Type.Optional(
    Type.Object({
      /** Sum of the secured sources' amounts, in euros; null when none is secured with an amount. */
      fundedAmount: Nullable(Type.Number()),
      sources: Type.Array(FundingSource),
    }),
  ),
  schedule: Type.Optional(Type.Object({ start: Nullable(Type.String()), end: Nullable(Type.String()) })),
  indicators: Type.Optional(Type.Array(Indicator)),
})
export type PublicProject = Static<typeof PublicProject>

export const Showcase = Type.Object({
  format: Type.Literal('kenlabour-showcase'),
  version: Type.Literal(1),
  council: Type.Object({ name: Type.String(), slug: Type.String() }),
  generatedAt: Type.String(),
  projects: Type.Array(PublicProject),
})
export type Showcase = Static<typeof Showcase>

/** PUT /api/council/slug: a council administrator's new address for the public pages. */
export const SlugBody = Type.Object(
  { slug: Type.String({ minLength: 2, maxLength: slugMaxLength, pattern: slugPattern }) },
  { additionalProperties: false },
)
export type SlugBody = Static<typeof SlugBody>
