/**
 * The project record (fiche-projet) as the API sends it and the client shows it (DESIGN.md, "Project
 * record"). Shared by the server (routes, exports) and the client (pages), so both read the same shape.
 */

import type { Review } from '../api/review.ts'
import type { PublicField } from '../showcase/fields.ts'
import type { Indicator } from './indicators.ts'

export type { Indicator, Measure } from './indicators.ts'

import type { FollowupFields } from '../followup/record.ts'

export const projectStatuses = [
  'candidature',
  'emerging',
  'in_instruction',
  'submitted',
  'funded',
  'in_progress',
  'completed',
  'evaluated',
  'abandoned',
] as const
export type ProjectStatus = (typeof projectStatuses)[number]

export const actorTypes = [
  'collectivite',
  'association',
  'entreprise',
  'ess',
  'citoyen',
  'etat',
  'autre',
] as const
export type ActorType = (typeof actorTypes)[number]

/** Public actors, for the public/private mix of a priority; every other type but `autre` is private. */
export const publicActorTypes: readonly ActorType[] = ['collectivite', 'etat']

/** A source of funding: who, how much (euros) and whether it is secured. */
export interface FundingSource {
  name: string
  /** Euros, or null when not known yet. */
  amount: number | null
  secured: boolean
}

export interface ActorRef {
  name: string
  type: ActorType
}

export interface PartnerRef extends ActorRef {
  /** What the partner does in the project (free text). */
  role: string
}

/** One idea a record came from, as it was on the board at the last conversion. */
export interface ProvenanceIdea {
  id: string
  text: string
  authorId: string
  authorName: string
  dots: number
}

/** Where a record comes from: the workshop's board, refreshed by each conversion. */
export interface Provenance {
  /** Null once the workshop was deleted: the record stays, with the workshop's title below. */
  workshopId: string | null
  workshopTitle: string
  clusterId: string
  clusterTitle: string
  /** Zone of the cluster at the last conversion, or null when it lay outside every zone. */
  zoneId: string | null
  ideas: ProvenanceIdea[]
  /**
   * Distinct authors of the ideas, by name, in the order they first appear. In an anonymous workshop:
   * everyone who wrote an idea on the board, sorted, tied to no group or idea.
   */
  contributors: string[]
  /** Dots given to the cluster itself (absent from records converted before clusters counted). */
  clusterDots?: number
  /** Dots given to the cluster's ideas, summed (absent from records converted before). */
  ideaDots?: number
  /** Dots on the cluster and on its ideas together. */
  totalDots: number
  /** ISO time of the last conversion that saw the cluster. */
  convertedAt: string
  /**
   * Clusters of later workshops that the facilitator attached to this record at their conversion,
   * instead of creating a new record (each refreshed by its own workshop's re-conversions).
   */
  attached?: AttachedCluster[]
}

/** A cluster of another workshop whose ideas were added to a record at conversion. */
export interface AttachedCluster {
  workshopId: string
  workshopTitle: string
  clusterId: string
  clusterTitle: string
  ideas: ProvenanceIdea[]
  contributors: string[]
  totalDots: number
  attachedAt: string
}

/** The fields a person may edit (PATCH /api/projects/:id). */
export interface EditableFields {
  title: string
  summary: string
  priorityCode: string | null
  actionCode: string | null
  objectives: string
  expectedOutcomes: string
  /** Estimated budget in euros (cents precision), or null. */
  budget: number | null
  fundingSources: FundingSource[]
  /** ISO dates (YYYY-MM-DD). */
  scheduleStart: string | null
  scheduleEnd: string | null
  indicators: Indicator[]
  status: ProjectStatus
  carrier: ActorRef | null
  partners: PartnerRef[]
  /** The accompaniment the carrier needs. */
  supportNeeded: string
  /** For small carriers: the risk to secure (e.g. a guarantee fund). */
  riskToSecure: string
  /** Qualitative evaluation in one text, before it had three parts: kept readable and editable. */
  evaluation: string
  /** The qualitative evaluation after funding: what worked, what did not, the lessons. */
  evaluationWorked: string
  evaluationNotWorked: string
  evaluationLessons: string
}

export type EditableField = keyof EditableFields

export const editableFields: readonly EditableField[] = [
  'title',
  'summary',
  'priorityCode',
  'actionCode',
  'objectives',
  'expectedOutcomes',
  'budget',
  'fundingSources',
  'scheduleStart',
  'scheduleEnd',
  'indicators',
  'status',
  'carrier',
  'partners',
  'supportNeeded',
  'riskToSecure',
  'evaluation',
  'evaluationWorked',
  'evaluationNotWorked',
  'evaluationLessons',
]

/** A full record (GET /api/projects/:id). */
export interface ProjectRecord extends EditableFields, FollowupFields {
  id: string
  councilId: string
  /** The workshop the record came from; null once that workshop was deleted (provenance keeps its title). */
  workshopId: string | null
  contractId: string
  clusterId: string
  priorityTitle: string | null
  actionTitle: string | null
  provenance: Provenance
  /** Fields a person has changed: conversion never overwrites them. */
  editedFields: EditableField[]
  /** The cluster was not on the board at the last conversion. */
  clusterMissing: boolean
  /** The cluster lay outside every zone: a person must choose the priority. */
  needsPriority: boolean
  /** The board snapshot this record was last converted from. */
  snapshotId: string | null
  /** Optimistic concurrency: send it back with PATCH; a stale one answers 409. */
  version: number
  createdAt: string
  updatedAt: string
  /** An application's review (scores, decision, reason); null on other records. */
  review?: Review | null
  /** Shown on the council's public showcase (showcase/); off by default. */
  published?: boolean
  /** The fields the showcase shows besides title, priority, status and origin. */
  publicFields?: PublicField[]
}

/** One change of one field. */
export interface HistoryEntry {
  id: number
  at: string
  /** The person who made it (an account), null for a system change. */
  userId: string | null
  userName: string
  /** `edit` by a person, `conversion` by a (re-)conversion of the board. */
  source: 'edit' | 'conversion'
  field: string
  oldValue: unknown
  newValue: unknown
}

/** Ideas left outside every cluster, kept with the workshop, grouped by zone. */
export interface LooseIdeasZone {
  /** Null for ideas outside every zone. */
  zoneId: string | null
  zoneTitle: string
  priorityCode: string | null
  actionCode: string | null
  ideas: ProvenanceIdea[]
}

export interface LooseIdeas {
  zones: LooseIdeasZone[]
}

/** Normalises an actor's name so "Mairie  de Plouguerneau" and "mairie de plouguerneau" are one actor. */
export function normaliseActorName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’'`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
}
