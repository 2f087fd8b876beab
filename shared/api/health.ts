import { type Static, Type } from 'typebox'

const healthOf = <S extends string>(status: S) =>
  Type.Object({
    status: Type.Literal(status),
    database: Type.Union([Type.Literal('embedded'), Type.Literal('postgres')]),
    redis: Type.Boolean(),
    version: Type.String(),
  })

/** GET /api/health when the store answers (200). */
export const HealthOk = healthOf('ok')
/** GET /api/health when the store does not answer (503). */
export const HealthUnavailable = healthOf('unavailable')
export type Health = Static<typeof HealthOk> | Static<typeof HealthUnavailable>
