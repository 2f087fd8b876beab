import { type Static, Type } from 'typebox'

/**
 * Workshop templates (DESIGN.md "Workshop templates"): a workshop's zones and their layout, the
 * facilitator's annotations, the agenda and the settings, without any idea. Saved from a workshop,
 * shipped built in, or imported from a file; a new workshop starts from one on any contract.
 */

const Code = Type.String({ maxLength: 20 })
const Coordinate = Type.Number({ minimum: -1_000_000, maximum: 1_000_000 })
const Size = Type.Number({ minimum: 1, maximum: 100_000 })

/** A zone of a template: a priority (`actionCode` ''), an action, or a free title (both codes ''). */
export const TemplateZone = Type.Object({
  /** The zone's tldraw shape id, kept on the new board (annotations' arrows may point at it). */
  id: Type.String({ minLength: 7, maxLength: 100, pattern: '^shape:' }),
  priorityCode: Code,
  actionCode: Code,
  /** The zone's title as saved ("P1 — Mobilités"); a mapped zone takes the new contract's title. */
  title: Type.String({ maxLength: 200 }),
  x: Coordinate,
  y: Coordinate,
  w: Size,
  h: Size,
  color: Type.String({ minLength: 1, maxLength: 20 }),
})

/** One phase of the agenda: the timer proposes `minutes` when the workshop enters `phase`. */
export const AgendaStep = Type.Object({
  phase: Type.Union([Type.Literal('ideation'), Type.Literal('clustering'), Type.Literal('voting')]),
  minutes: Type.Integer({ minimum: 1, maximum: 240 }),
})

export const TemplateSettings = Type.Object({
  dotsPerParticipant: Type.Integer({ minimum: 1, maximum: 50 }),
  voteTarget: Type.Union([Type.Literal('ideas'), Type.Literal('clusters')]),
  /** The workshop starts in silent writing. */
  privateIdeation: Type.Boolean(),
  anonymous: Type.Boolean(),
  ideasInClustering: Type.Boolean(),
})

export const TemplateContent = Type.Object({
  /**
   * Built-in templates only need it: one zone per priority (or per action) of the contract the workshop
   * starts on, laid out in a grid from the origin, before `zones`.
   */
  zonesFromContract: Type.Optional(Type.Union([Type.Literal('priorities'), Type.Literal('actions')])),
  zones: Type.Array(TemplateZone, { maxItems: 200 }),
  /**
   * The facilitator's annotations: tldraw shape records of the annotation types (text, arrow, frame,
   * geo, line, draw, highlight) and the bindings of arrows between them, as in the board format.
   */
  annotations: Type.Array(Type.Record(Type.String(), Type.Unknown()), { maxItems: 500 }),
  agenda: Type.Array(AgendaStep, { maxItems: 3 }),
  settings: TemplateSettings,
})

const Title = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })
const Description = Type.String({ maxLength: 2000 })
const Lang = Type.Union([Type.Literal('fr'), Type.Literal('en'), Type.Null()])

/** `GET /api/templates?lang=`: the built-in templates in that language only (the council's own, all). */
export const TemplateListQuery = Type.Object({
  lang: Type.Optional(Type.Union([Type.Literal('fr'), Type.Literal('en')])),
})

/** The fields every answer about a template starts with: who it is and where it comes from. */
const templateIdentity = {
  /** A uuid for a council's templates, `builtin-…` for the built-in ones. */
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  lang: Lang,
  builtIn: Type.Boolean(),
  createdAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  sourceWorkshopId: Type.Union([Type.String(), Type.Null()]),
}

/** What a template says about itself, in lists. */
export const TemplateSummary = Type.Object({
  ...templateIdentity,
  zonesFromContract: Type.Union([Type.Literal('priorities'), Type.Literal('actions'), Type.Null()]),
  zones: Type.Array(
    Type.Object({ priorityCode: Type.String(), actionCode: Type.String(), title: Type.String() }),
  ),
  annotationCount: Type.Integer(),
  agenda: Type.Array(AgendaStep),
  settings: TemplateSettings,
})

/** One template, whole. */
export const Template = Type.Object({ ...templateIdentity, content: TemplateContent })

/** POST /api/workshops/:id/template: the title, and the agenda when the workshop has none yet. */
export const SaveTemplateInput = Type.Object({
  title: Title,
  description: Type.Optional(Description),
  agenda: Type.Optional(Type.Array(AgendaStep, { maxItems: 3 })),
})

/** POST /api/workshops/:id/duplicate. */
export const DuplicateWorkshopInput = Type.Object({ title: Type.Optional(Title) })

export const TEMPLATE_FILE_FORMAT = 'kenlabour-template'
export const TEMPLATE_FILE_VERSION = 1

/** The portable file of a template (GET /api/templates/:id/export), version 1. */
export const TemplateFile = Type.Object({
  format: Type.Literal(TEMPLATE_FILE_FORMAT),
  version: Type.Literal(TEMPLATE_FILE_VERSION),
  exportedAt: Type.String({ format: 'date-time' }),
  template: Type.Object({
    title: Title,
    description: Description,
    lang: Lang,
    content: TemplateContent,
  }),
})

/**
 * What POST /api/templates/import accepts at the door: any file of that shape. Its format, version and
 * content are then checked one by one so that each mistake has its own code (template_format,
 * template_version, invalid_template).
 */
export const TemplateImportInput = Type.Object({
  format: Type.String({ maxLength: 100 }),
  version: Type.Number(),
  exportedAt: Type.Optional(Type.String({ maxLength: 100 })),
  template: Type.Unknown(),
})

/** What a workshop started from a template reports: codes of the template this contract lacks. */
export const TemplateReport = Type.Object({
  id: Type.String(),
  title: Type.String(),
  /** Priority or action codes of the template's zones that the contract lacks (now free-titled zones). */
  missingCodes: Type.Array(Type.String()),
})

export type TemplateZone = Static<typeof TemplateZone>
export type AgendaStep = Static<typeof AgendaStep>
export type TemplateSettings = Static<typeof TemplateSettings>
export type TemplateContent = Static<typeof TemplateContent>
export type TemplateSummary = Static<typeof TemplateSummary>
export type Template = Static<typeof Template>
export type SaveTemplateInput = Static<typeof SaveTemplateInput>
export type TemplateFile = Static<typeof TemplateFile>
export type TemplateReport = Static<typeof TemplateReport>
