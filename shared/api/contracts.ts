import { type Static, Type } from 'typebox'

// Bounds keep one contract far below the 1 MiB body limit and make every list on screen readable:
// real partnership contracts have 3 to 8 priorities with a handful of fiches-actions each.
export const contractLimits = {
  titleLength: 200,
  descriptionLength: 2000,
  priorities: 30,
  actionsPerPriority: 50,
} as const

/** A code such as `P1` or `1.1`: letters, digits, dots, dashes, underscores; no spaces. */
const Code = Type.String({ minLength: 1, maxLength: 20, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' })
/** Text that must say something: at least one non-blank character. */
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' })
const Description = Type.Optional(Type.String({ maxLength: contractLimits.descriptionLength }))

export const ActionInput = Type.Object({
  code: Code,
  title: Text(contractLimits.titleLength),
  description: Description,
})

export const PriorityInput = Type.Object({
  code: Code,
  title: Text(contractLimits.titleLength),
  description: Description,
  actions: Type.Array(ActionInput, { maxItems: contractLimits.actionsPerPriority }),
})

/** What POST /api/contracts accepts. Unknown extra fields (the example file's `note`) are ignored. */
export const ContractInput = Type.Object({
  title: Text(contractLimits.titleLength),
  territory: Text(contractLimits.titleLength),
  period: Text(50),
  priorities: Type.Array(PriorityInput, { minItems: 1, maxItems: contractLimits.priorities }),
})

export const ContractPriority = Type.Object({
  code: Type.String(),
  title: Type.String(),
  description: Type.Optional(Type.String()),
  actions: Type.Array(
    Type.Object({ code: Type.String(), title: Type.String(), description: Type.Optional(Type.String()) }),
  ),
})

export const Contract = Type.Object({
  id: Type.String({ format: 'uuid' }),
  title: Type.String(),
  territory: Type.String(),
  period: Type.String(),
  priorities: Type.Array(ContractPriority),
  createdBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
})

/** A code in a contract file: some files write `1` where the form writes `"1"`. */
const FileCode = Type.Union([Type.String({ minLength: 1 }), Type.Number()])

/**
 * A contract file to import into the new-contract form (shaped like the example contract): lenient on
 * what the form lets people complete (territory, period, actions, number codes); extra fields (the
 * example's `note`) are dropped. The form then sends a ContractInput.
 */
export const ContractFile = Type.Object({
  title: Type.String(),
  territory: Type.Optional(Type.String()),
  period: Type.Optional(Type.String()),
  priorities: Type.Array(
    Type.Object({
      code: FileCode,
      title: Type.String(),
      description: Type.Optional(Type.String()),
      actions: Type.Optional(
        Type.Array(
          Type.Object({ code: FileCode, title: Type.String(), description: Type.Optional(Type.String()) }),
        ),
      ),
    }),
  ),
})

export type ActionInput = Static<typeof ActionInput>
export type PriorityInput = Static<typeof PriorityInput>
export type ContractInput = Static<typeof ContractInput>
export type ContractPriority = Static<typeof ContractPriority>
export type Contract = Static<typeof Contract>
export type ContractFile = Static<typeof ContractFile>
