import { type Static, Type } from 'typebox'
import { Nullable } from './common.ts'
import { ReviewDecision } from './review.ts'

/**
 * Calls for projects and calls for expressions of interest (issue 15, DESIGN.md, "Calls for projects"): a council's
 * call on one of its contracts, its public form, and the applications carriers send without an account.
 * Each application is a project record (status `candidature`); its carrier edits it with a private link
 * until the call closes.
 */

export const callKinds = ['call', 'ami'] as const
export const callQuestionTypes = ['short', 'long', 'number', 'choice'] as const
export type CallQuestionType = (typeof callQuestionTypes)[number]

/** Sizes the server enforces (the forms show the same). */
export const callLimits = {
  title: 200,
  description: 20_000,
  questions: 40,
  questionLabel: 500,
  choices: 30,
  choice: 200,
  criteria: 20,
  shortAnswer: 500,
  longAnswer: 10_000,
  carrierName: 200,
  email: 254,
  summary: 5_000,
  /** Euros. */
  budget: 1_000_000_000,
  /** A number answer's absolute value. */
  number: 1_000_000_000_000,
} as const

const Id = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' })
const Code = Type.String({ minLength: 1, maxLength: 20 })
const Instant = Type.String({ format: 'date-time', description: 'ISO 8601 date and time' })

export const CallQuestion = Type.Object(
  {
    id: Id,
    label: Type.String({ minLength: 1, maxLength: callLimits.questionLabel, pattern: '\\S' }),
    type: Type.Union([
      Type.Literal('short'),
      Type.Literal('long'),
      Type.Literal('number'),
      Type.Literal('choice'),
    ]),
    required: Type.Boolean(),
    /** Only for `choice`: the choices offered, at least two. */
    choices: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: callLimits.choice, pattern: '\\S' }), {
        maxItems: callLimits.choices,
      }),
    ),
  },
  { additionalProperties: false },
)
export type CallQuestion = Static<typeof CallQuestion>

export const CallCriterion = Type.Object(
  {
    id: Id,
    label: Type.String({ minLength: 1, maxLength: callLimits.questionLabel, pattern: '\\S' }),
    weight: Type.Number({ minimum: 0, maximum: 100 }),
  },
  { additionalProperties: false },
)
export type CallCriterion = Static<typeof CallCriterion>

const Kind = Type.Union([Type.Literal('call'), Type.Literal('ami')])

const callFields = {
  title: Type.String({ minLength: 1, maxLength: callLimits.title, pattern: '\\S' }),
  description: Type.String({ maxLength: callLimits.description }),
  kind: Kind,
  /** At least one priority code of the contract. */
  priorityCodes: Type.Array(Code, { minItems: 1, maxItems: 50 }),
  /** Fiches-actions of those priorities (optional). */
  actionCodes: Type.Optional(Type.Array(Code, { maxItems: 200 })),
  opensAt: Instant,
  closesAt: Instant,
  questions: Type.Array(CallQuestion, { maxItems: callLimits.questions }),
  /** The review grid, each criterion scored 0 to 5 and weighted. */
  criteria: Type.Optional(Type.Array(CallCriterion, { maxItems: callLimits.criteria })),
}

/** `POST /api/calls` (DESIGN.md, "Calls for projects"). */
export const CallInput = Type.Object(
  { contractId: Type.String({ format: 'uuid' }), ...callFields },
  { additionalProperties: false },
)
export type CallInput = Static<typeof CallInput>

/** `PATCH /api/calls/:id`: any field of the call but its contract. */
export const CallPatch = Type.Partial(Type.Object(callFields, { additionalProperties: false }))
export type CallPatch = Static<typeof CallPatch>

export const callStates = ['upcoming', 'open', 'closed'] as const
export const CallState = Type.Union([Type.Literal('upcoming'), Type.Literal('open'), Type.Literal('closed')])
export type CallState = (typeof callStates)[number]

const Coded = Type.Object({ code: Type.String(), title: Type.String() })

/** A call as its council sees it. */
export const Call = Type.Object({
  id: Type.String(),
  contractId: Type.String(),
  contractTitle: Type.String(),
  title: Type.String(),
  description: Type.String(),
  kind: Kind,
  priorityCodes: Type.Array(Type.String()),
  actionCodes: Type.Array(Type.String()),
  opensAt: Type.String(),
  closesAt: Type.String(),
  questions: Type.Array(CallQuestion),
  criteria: Type.Array(CallCriterion),
  state: CallState,
  applicationCount: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
})
export type Call = Static<typeof Call>

export const CallListQuery = Type.Object({ contractId: Type.Optional(Type.String({ format: 'uuid' })) })

/** A call as anyone sees it: no review grid, no count, the council's name and slug. */
export const PublicCall = Type.Object({
  id: Type.String(),
  councilName: Type.String(),
  councilSlug: Nullable(Type.String()),
  contractTitle: Type.String(),
  title: Type.String(),
  description: Type.String(),
  kind: Kind,
  priorities: Type.Array(Coded),
  actions: Type.Array(Coded),
  opensAt: Type.String(),
  closesAt: Type.String(),
  state: CallState,
  questions: Type.Array(CallQuestion),
})
export type PublicCall = Static<typeof PublicCall>

export const PublicCallsQuery = Type.Object({
  /** A council's slug (lower-case ASCII words joined by '-'). */
  council: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9-]+$' })),
  /** A priority code (letters, digits, and . _ / - or spaces inside). */
  priority: Type.Optional(
    Type.String({ minLength: 1, maxLength: 20, pattern: '^[\\p{L}\\p{N}][\\p{L}\\p{N} ._/-]*$' }),
  ),
})

/** The kinds of carrier a form offers (an actor type; the State does not apply). */
export const carrierKinds = ['association', 'entreprise', 'collectivite', 'citoyen', 'ess', 'autre'] as const
export const CarrierKind = Type.Union([
  Type.Literal('association'),
  Type.Literal('entreprise'),
  Type.Literal('collectivite'),
  Type.Literal('citoyen'),
  Type.Literal('ess'),
  Type.Literal('autre'),
])

/** An answer: text for short, long and choice questions, a number for number questions. */
export const Answer = Type.Union([Type.String({ maxLength: callLimits.longAnswer }), Type.Number()])

/** `POST /api/public/calls/:id/applications` and the carrier's edit through the private link. */
export const ApplicationInput = Type.Object(
  {
    carrier: Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: callLimits.carrierName, pattern: '\\S' }),
        kind: CarrierKind,
        email: Type.String({ format: 'email', maxLength: callLimits.email }),
      },
      { additionalProperties: false },
    ),
    title: Type.String({ minLength: 1, maxLength: callLimits.title, pattern: '\\S' }),
    summary: Type.String({ maxLength: callLimits.summary }),
    /** Question id → answer. */
    answers: Type.Record(Type.String({ maxLength: 40 }), Answer, { maxProperties: callLimits.questions }),
    /** Budget estimate in euros. */
    budget: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: callLimits.budget }))),
    /** One of the call's priorities; required when the call covers several. */
    priorityCode: Type.Optional(Code),
    /**
     * The honeypot: hidden from people, filled by robots. A filled one is answered like a success and
     * nothing is stored (DESIGN.md "Calls for projects").
     */
    website: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
)
export type ApplicationInput = Static<typeof ApplicationInput>

export const ApplicationCreated = Type.Object({
  /** The application's id (the project record's id: both name the same thing). */
  id: Type.String(),
  projectId: Type.String(),
  /** Shown once: the private link's secret. Only its SHA-256 is stored. */
  editToken: Type.String(),
})
export type ApplicationCreated = Static<typeof ApplicationCreated>

/** The header that carries the private link's token. */
export const applicationTokenHeader = 'x-application-token'

/** The carrier of an application, as the council and the carrier read it back. */
const CarrierContact = Type.Object({ name: Type.String(), kind: Type.String(), email: Type.String() })

/** An application as its carrier reads it back through the private link. */
export const CarrierApplication = Type.Object({
  id: Type.String(),
  call: PublicCall,
  carrier: CarrierContact,
  title: Type.String(),
  summary: Type.String(),
  answers: Type.Record(Type.String(), Answer),
  budget: Nullable(Type.Number()),
  priorityCode: Nullable(Type.String()),
  submittedAt: Type.String(),
  updatedAt: Type.String(),
  /** False once the call has closed: the application is then read-only. */
  editable: Type.Boolean(),
})
export type CarrierApplication = Static<typeof CarrierApplication>

/** One line of `GET /api/calls/:id/applications` (DESIGN.md, "Calls for projects"). */
export const ApplicationSummary = Type.Object({
  projectId: Type.String(),
  title: Type.String(),
  carrier: CarrierContact,
  priorityCode: Nullable(Type.String()),
  budget: Nullable(Type.Number()),
  status: Type.String(),
  submittedAt: Type.String(),
  /** The weighted score (0 to 5), once every criterion is scored. */
  score: Type.Optional(Type.Number()),
  decision: Type.Optional(ReviewDecision),
})
export type ApplicationSummary = Static<typeof ApplicationSummary>
