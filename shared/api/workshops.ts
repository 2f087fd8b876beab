import { type Static, Type } from 'typebox'
import { ContractPriority } from './contracts.ts'
import { AgendaStep, TemplateReport } from './templates.ts'

const Code = Type.String({ minLength: 1, maxLength: 20 })
const PhaseSchema = Type.Union([
  Type.Literal('ideation'),
  Type.Literal('clustering'),
  Type.Literal('voting'),
  Type.Literal('closed'),
])

export const StartZone = Type.Object({ priorityCode: Type.String(), actionCode: Type.String() })

/** What POST /api/workshops accepts. */
export const CreateWorkshopInput = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
  contractId: Type.String({ format: 'uuid' }),
  /** Priorities to start with, one zone each (default: every priority of the contract). */
  priorityCodes: Type.Optional(Type.Array(Code, { minItems: 1, maxItems: 30 })),
  /** Zones to start with, each a priority or one of its actions (actionCode omitted or ''). */
  zones: Type.Optional(
    Type.Array(
      Type.Object({ priorityCode: Code, actionCode: Type.Optional(Type.String({ maxLength: 20 })) }),
      {
        minItems: 1,
        maxItems: 200,
      },
    ),
  ),
  /**
   * Anonymous workshop: cards carry no author in the shared document (the server keeps authorship).
   * Chosen here, fixed afterwards (PATCH does not change it).
   */
  anonymous: Type.Optional(Type.Boolean()),
  /**
   * A template to start from (GET /api/templates): its zones mapped onto this contract by code, its
   * annotations, agenda and settings. Zones and priorities given here are ignored then.
   */
  templateId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
})

export const TimerAction = Type.Union([
  Type.Literal('start'),
  Type.Literal('pause'),
  Type.Literal('resume'),
  Type.Literal('addMinute'),
  Type.Literal('reset'),
])

/** Longest timer a facilitator may set: a half-day workshop. */
export const MAX_TIMER_MS = 4 * 60 * 60 * 1000

/** What PATCH /api/workshops/:id accepts: any non-empty subset of the facilitator controls. */
export const PatchWorkshopInput = Type.Object(
  {
    phase: Type.Optional(PhaseSchema),
    locked: Type.Optional(Type.Boolean()),
    cursorsHidden: Type.Optional(Type.Boolean()),
    lockedShapeIds: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100, pattern: '^shape:' }), { maxItems: 2000 }),
    ),
    /** true: every participant follows the requesting facilitator's viewport; false: stop. */
    followMe: Type.Optional(Type.Boolean()),
    timer: Type.Optional(
      Type.Object({
        action: TimerAction,
        /** Needed by `start` unless a previous timer gives its length. */
        durationMs: Type.Optional(Type.Integer({ minimum: 1000, maximum: MAX_TIMER_MS })),
        sound: Type.Optional(Type.Boolean()),
      }),
    ),
    vote: Type.Optional(
      Type.Object({
        dotsPerParticipant: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
        target: Type.Optional(Type.Union([Type.Literal('ideas'), Type.Literal('clusters')])),
        revealed: Type.Optional(Type.Boolean()),
      }),
    ),
    /** Silent writing: true starts it; false ends it and reveals every private idea at once. */
    privateIdeation: Type.Optional(Type.Boolean()),
    /** Whether participants may still post new ideas during clustering. */
    ideasInClustering: Type.Optional(Type.Boolean()),
    /** Fixed at creation: the current value is accepted, the other refused (409 `anonymous_fixed`). */
    anonymous: Type.Optional(Type.Boolean()),
  },
  { minProperties: 1 },
)

/** WorkshopLiveState (shared/workshop/live-state.ts) as a response schema. */
export const LiveState = Type.Object({
  phase: PhaseSchema,
  locked: Type.Boolean(),
  lockedShapeIds: Type.Array(Type.String()),
  cursorsHidden: Type.Boolean(),
  timer: Type.Union([
    Type.Object({
      durationMs: Type.Number(),
      endsAt: Type.Union([Type.Number(), Type.Null()]),
      remainingMs: Type.Number(),
      sound: Type.Boolean(),
    }),
    Type.Null(),
  ]),
  vote: Type.Object({
    dotsPerParticipant: Type.Integer(),
    target: Type.Union([Type.Literal('ideas'), Type.Literal('clusters')]),
    revealed: Type.Boolean(),
  }),
  followMe: Type.Union([
    Type.Object({ presenterId: Type.String(), presenterName: Type.String() }),
    Type.Null(),
  ]),
  ideasInClustering: Type.Boolean(),
  privateIdeation: Type.Boolean(),
  anonymous: Type.Boolean(),
  /** The planned durations per phase, from the template the workshop started from. */
  agenda: Type.Optional(Type.Array(AgendaStep)),
})

export const Facilitator = Type.Object({ userId: Type.String(), displayName: Type.String() })
export const FacilitatorList = Type.Object({ facilitators: Type.Array(Facilitator) })

/** A workshop as council members see it: everything, codes included (shown as XXXX-XXXX). */
export const WorkshopView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  boardId: Type.String({ format: 'uuid' }),
  title: Type.String(),
  contractId: Type.String({ format: 'uuid' }),
  contractTitle: Type.String(),
  phase: PhaseSchema,
  locked: Type.Boolean(),
  joinCode: Type.String(),
  observerCode: Type.String(),
  startZones: Type.Array(StartZone),
  facilitators: Type.Array(Facilitator),
  /** True when the requesting account facilitates this workshop. */
  isFacilitator: Type.Boolean(),
  role: Type.Union([Type.Literal('facilitator'), Type.Literal('member')]),
  state: LiveState,
  /** The contract's priorities and actions (single-workshop answers only, not the list). */
  priorities: Type.Optional(Type.Array(ContractPriority)),
  createdAt: Type.String({ format: 'date-time' }),
  closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** In the answer that creates a workshop from a template: which template, and the codes it lacked. */
  template: Type.Optional(TemplateReport),
})

/** A workshop as one of its guests sees it: no codes, no facilitator list. */
export const GuestWorkshopView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  boardId: Type.String({ format: 'uuid' }),
  title: Type.String(),
  phase: PhaseSchema,
  locked: Type.Boolean(),
  role: Type.Union([Type.Literal('participant'), Type.Literal('observer')]),
  priorities: Type.Array(ContractPriority),
})

export const CodeKind = Type.Union([Type.Literal('join'), Type.Literal('observer')])

export const WorkshopCodes = Type.Object({
  joinCode: Type.String(),
  observerCode: Type.String(),
  /** Guest sessions ended by this revocation. */
  endedSessions: Type.Integer(),
})

/** A workshop's guests as its facilitators list them (GET /api/workshops/:id/participants). */
export const ParticipantList = Type.Array(
  Type.Object({
    guestId: Type.String({ format: 'uuid' }),
    displayName: Type.String(),
    role: Type.Union([Type.Literal('participant'), Type.Literal('observer')]),
    joinedAt: Type.String({ format: 'date-time' }),
    /** Connected to the workshop's board now, on any instance. */
    online: Type.Boolean(),
  }),
)

export type StartZone = Static<typeof StartZone>
export type CreateWorkshopInput = Static<typeof CreateWorkshopInput>
export type TimerAction = Static<typeof TimerAction>
export type PatchWorkshopInput = Static<typeof PatchWorkshopInput>
export type LiveState = Static<typeof LiveState>
export type Facilitator = Static<typeof Facilitator>
export type FacilitatorList = Static<typeof FacilitatorList>
export type WorkshopView = Static<typeof WorkshopView>
export type GuestWorkshopView = Static<typeof GuestWorkshopView>
export type CodeKind = Static<typeof CodeKind>
export type WorkshopCodes = Static<typeof WorkshopCodes>
export type ParticipantList = Static<typeof ParticipantList>
