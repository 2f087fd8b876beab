import { type Static, Type } from 'typebox'
import { maxMeasures } from '../projects/indicators.ts'
import { contractPriorityFields, Nullable } from './common.ts'
import { FollowupPatch, FollowupRecordFields, SupportKind } from './followup.ts'
import { PublicationPatch, PublicationRecordFields } from './publication.ts'
import { ActorType, ProjectStatus } from './record-kinds.ts'
import { Review, ReviewBody } from './review.ts'

export { ProjectStatus }

/** Route schemas of project records, actors and snapshots: validation and the OpenAPI document. */

const Money = Type.Number({ maximum: 1e11, description: 'Euros, cents precision' })
const IsoDate = Type.String({ maxLength: 10, description: 'YYYY-MM-DD' })

export const FundingSource = Type.Object({
  name: Type.String({ maxLength: 200 }),
  amount: Nullable(Money),
  secured: Type.Boolean(),
})
const Measured = Type.Number({ minimum: -1e12, maximum: 1e12 })
export const Measure = Type.Object({ value: Measured, date: IsoDate })
/** An indicator: unit, baseline and target (numbers, null when unknown), values measured over time. */
export const Indicator = Type.Object({
  // Room for an old free-text target kept in the label by the migration (2026-12-07-1300-indicators).
  label: Type.String({ maxLength: 650 }),
  unit: Type.String({ maxLength: 40 }),
  baseline: Nullable(Measured),
  target: Nullable(Measured),
  measures: Type.Array(Measure, { maxItems: maxMeasures }),
})
export const ActorRef = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), type: ActorType })
export const PartnerRef = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  type: ActorType,
  role: Type.String({ maxLength: 300 }),
})

const editable = {
  title: Type.String({ maxLength: 200 }),
  summary: Type.String({ maxLength: 5000 }),
  priorityCode: Nullable(Type.String({ maxLength: 20 })),
  actionCode: Nullable(Type.String({ maxLength: 20 })),
  objectives: Type.String({ maxLength: 10000 }),
  expectedOutcomes: Type.String({ maxLength: 10000 }),
  budget: Nullable(Money),
  fundingSources: Type.Array(FundingSource, { maxItems: 50 }),
  scheduleStart: Nullable(IsoDate),
  scheduleEnd: Nullable(IsoDate),
  indicators: Type.Array(Indicator, { maxItems: 50 }),
  status: ProjectStatus,
  carrier: Nullable(ActorRef),
  partners: Type.Array(PartnerRef, { maxItems: 50 }),
  supportNeeded: Type.String({ maxLength: 5000 }),
  riskToSecure: Type.String({ maxLength: 5000 }),
  evaluation: Type.String({ maxLength: 10000 }),
  evaluationWorked: Type.String({ maxLength: 10000 }),
  evaluationNotWorked: Type.String({ maxLength: 10000 }),
  evaluationLessons: Type.String({ maxLength: 10000 }),
}

/** PATCH body: any editable fields, and the version the change was made on. */
export const ProjectPatch = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  ...FollowupPatch,
  ...PublicationPatch,
  /** An application's review, whole (DESIGN.md: calls for projects); 400 on a record that answers no call. */
  review: Type.Optional(ReviewBody),
  title: Type.Optional(editable.title),
  summary: Type.Optional(editable.summary),
  priorityCode: Type.Optional(editable.priorityCode),
  actionCode: Type.Optional(editable.actionCode),
  objectives: Type.Optional(editable.objectives),
  expectedOutcomes: Type.Optional(editable.expectedOutcomes),
  budget: Type.Optional(editable.budget),
  fundingSources: Type.Optional(editable.fundingSources),
  scheduleStart: Type.Optional(editable.scheduleStart),
  scheduleEnd: Type.Optional(editable.scheduleEnd),
  indicators: Type.Optional(editable.indicators),
  status: Type.Optional(editable.status),
  carrier: Type.Optional(editable.carrier),
  partners: Type.Optional(editable.partners),
  supportNeeded: Type.Optional(editable.supportNeeded),
  riskToSecure: Type.Optional(editable.riskToSecure),
  evaluation: Type.Optional(editable.evaluation),
  evaluationWorked: Type.Optional(editable.evaluationWorked),
  evaluationNotWorked: Type.Optional(editable.evaluationNotWorked),
  evaluationLessons: Type.Optional(editable.evaluationLessons),
})

export const ProvenanceIdea = Type.Object({
  id: Type.String(),
  text: Type.String(),
  authorId: Type.String(),
  authorName: Type.String(),
  dots: Type.Integer(),
})

export const Provenance = Type.Object({
  /** Null once the workshop was deleted (the title stays). */
  workshopId: Nullable(Type.String()),
  workshopTitle: Type.String(),
  clusterId: Type.String(),
  clusterTitle: Type.String(),
  zoneId: Nullable(Type.String()),
  ideas: Type.Array(ProvenanceIdea),
  contributors: Type.Array(Type.String()),
  /** Dots given to the cluster itself (absent from records converted before clusters counted). */
  clusterDots: Type.Optional(Type.Integer()),
  /** Dots given to its ideas, summed. */
  ideaDots: Type.Optional(Type.Integer()),
  /** Both together. */
  totalDots: Type.Integer(),
  convertedAt: Type.String(),
  /** Clusters of other workshops attached to this record at their conversion. */
  attached: Type.Optional(
    Type.Array(
      Type.Object({
        workshopId: Type.String(),
        workshopTitle: Type.String(),
        clusterId: Type.String(),
        clusterTitle: Type.String(),
        ideas: Type.Array(ProvenanceIdea),
        contributors: Type.Array(Type.String()),
        totalDots: Type.Integer(),
        attachedAt: Type.String(),
      }),
    ),
  ),
})

export const ProjectRecord = Type.Object({
  id: Type.String(),
  councilId: Type.String(),
  /** Null once the workshop was deleted (DELETE /api/workshops/:id keeps its records). */
  workshopId: Nullable(Type.String()),
  contractId: Type.String(),
  clusterId: Type.String(),
  ...editable,
  ...FollowupRecordFields,
  priorityTitle: Nullable(Type.String()),
  actionTitle: Nullable(Type.String()),
  provenance: Provenance,
  editedFields: Type.Array(Type.String()),
  clusterMissing: Type.Boolean(),
  needsPriority: Type.Boolean(),
  snapshotId: Nullable(Type.String()),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  /** An application's review; null on other records. */
  review: Type.Optional(Nullable(Review)),
  published: Type.Optional(PublicationRecordFields.published),
  publicFields: Type.Optional(PublicationRecordFields.publicFields),
})

export const LooseIdeas = Type.Object({
  zones: Type.Array(
    Type.Object({
      zoneId: Nullable(Type.String()),
      zoneTitle: Type.String(),
      priorityCode: Nullable(Type.String()),
      actionCode: Nullable(Type.String()),
      ideas: Type.Array(ProvenanceIdea),
    }),
  ),
})

export const ConversionResult = Type.Object({
  snapshotId: Type.String(),
  projects: Type.Array(ProjectRecord),
  looseIdeas: LooseIdeas,
  created: Type.Integer(),
  updated: Type.Integer(),
  missing: Type.Integer(),
})

/** POST /api/workshops/:id/convert body (optional): clusters to attach to existing records. */
export const ConvertBody = Type.Object(
  {
    attach: Type.Optional(
      Type.Array(
        Type.Object(
          {
            clusterId: Type.String({ minLength: 1, maxLength: 200 }),
            projectId: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        { maxItems: 500 },
      ),
    ),
  },
  { additionalProperties: false },
)
export type ConvertBody = Static<typeof ConvertBody>

/** GET /api/workshops/:id/conversion/similar: clusters that would make a new record and resemble existing ones. */
export const SimilarRecords = Type.Object({
  clusters: Type.Array(
    Type.Object({
      clusterId: Type.String(),
      clusterTitle: Type.String(),
      ideaCount: Type.Integer(),
      records: Type.Array(
        Type.Object({
          projectId: Type.String(),
          title: Type.String(),
          workshopTitle: Type.String(),
          /** pg_trgm similarity of the titles, 0 to 1. */
          similarity: Type.Number(),
        }),
      ),
    }),
  ),
})
export type SimilarRecords = Static<typeof SimilarRecords>

export const LatestConversion = Type.Object({
  snapshotId: Type.String(),
  convertedAt: Type.String(),
  looseIdeas: LooseIdeas,
  projectCount: Type.Integer(),
})

export const ProjectFiltersQuery = Type.Object({
  workshopId: Type.Optional(Type.String({ format: 'uuid' })),
  contractId: Type.Optional(Type.String({ format: 'uuid' })),
  priorityCode: Type.Optional(Type.String({ maxLength: 20 })),
  actionCode: Type.Optional(Type.String({ maxLength: 20 })),
  status: Type.Optional(ProjectStatus),
  supportKind: Type.Optional(SupportKind),
})

export const ProjectList = Type.Object({
  projects: Type.Array(ProjectRecord),
  countsByPriority: Type.Array(
    Type.Object({
      ...contractPriorityFields,
      count: Type.Integer(),
    }),
  ),
  uncovered: Type.Array(
    Type.Object({
      contractId: Type.String(),
      contractTitle: Type.String(),
      priorities: Type.Array(Type.Object({ code: Type.String(), title: Type.String() })),
      actions: Type.Array(
        Type.Object({ priorityCode: Type.String(), code: Type.String(), title: Type.String() }),
      ),
    }),
  ),
})

export const HistoryList = Type.Object({
  history: Type.Array(
    Type.Object({
      id: Type.Integer(),
      at: Type.String(),
      userId: Nullable(Type.String()),
      userName: Type.String(),
      source: Type.Union([Type.Literal('edit'), Type.Literal('conversion')]),
      field: Type.String(),
      oldValue: Type.Unknown(),
      newValue: Type.Unknown(),
    }),
  ),
})

export const ExportQuery = Type.Object({
  format: Type.Union([Type.Literal('md'), Type.Literal('pdf'), Type.Literal('docx'), Type.Literal('json')]),
})

const Box = { x: Type.Number(), y: Type.Number(), w: Type.Number(), h: Type.Number() }
export const SnapshotView = Type.Object({
  snapshotId: Type.String(),
  workshopId: Type.String(),
  workshopTitle: Type.String(),
  createdAt: Type.String(),
  highlightClusterId: Nullable(Type.String()),
  bounds: Type.Object(Box),
  zones: Type.Array(
    Type.Object({
      id: Type.String(),
      ...Box,
      title: Type.String(),
      priorityCode: Type.String(),
      actionCode: Type.String(),
    }),
  ),
  clusters: Type.Array(
    Type.Object({
      id: Type.String(),
      ...Box,
      title: Type.String(),
      zoneId: Nullable(Type.String()),
      /** Dots given to the cluster itself. */
      dots: Type.Integer(),
    }),
  ),
  ideas: Type.Array(
    Type.Object({
      id: Type.String(),
      ...Box,
      text: Type.String(),
      authorName: Type.String(),
      dots: Type.Integer(),
      clusterId: Nullable(Type.String()),
      zoneId: Nullable(Type.String()),
    }),
  ),
})

export type FundingSource = Static<typeof FundingSource>
export type Indicator = Static<typeof Indicator>
export type Measure = Static<typeof Measure>
export type ActorRef = Static<typeof ActorRef>
export type PartnerRef = Static<typeof PartnerRef>
export type ProjectPatch = Static<typeof ProjectPatch>
export type ProvenanceIdea = Static<typeof ProvenanceIdea>
export type Provenance = Static<typeof Provenance>
export type ProjectRecord = Static<typeof ProjectRecord>
export type LooseIdeas = Static<typeof LooseIdeas>
export type ConversionResult = Static<typeof ConversionResult>
export type LatestConversion = Static<typeof LatestConversion>
export type ProjectFiltersQuery = Static<typeof ProjectFiltersQuery>
export type ProjectList = Static<typeof ProjectList>
export type HistoryList = Static<typeof HistoryList>
export type ExportQuery = Static<typeof ExportQuery>
export type SnapshotView = Static<typeof SnapshotView>
