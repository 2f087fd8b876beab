import { type Static, Type } from 'typebox'

/** The error body every failing route answers with (shared/http/error-codes.ts lists the codes). */
export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    field: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    details: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
  }),
})

/** Standard error responses for the OpenAPI document. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  413: ErrorBody,
  429: ErrorBody,
} as const

/** A 204 answer. */
export const NoContent = Type.Null()

/** A UUID path parameter. */
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })

/** `schema` or null. */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()])

/**
 * The fields of a line of totals per priority of a contract (a council's records or actors counted by
 * priority); priorityCode and priorityTitle are null on the line of what has no priority.
 */
export const contractPriorityFields = {
  contractId: Type.String(),
  priorityCode: Nullable(Type.String()),
  priorityTitle: Nullable(Type.String()),
}

/** True when A and B are the same type: checks a schema's literals against a list kept in shared/. */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false

export type ErrorBody = Static<typeof ErrorBody>
export type IdParams = Static<typeof IdParams>
