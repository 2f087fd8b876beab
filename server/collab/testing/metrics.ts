import type { FastifyInstance } from 'fastify'
import { metricsHeaders } from '../../testing/app.ts'
import { eventually } from './clients.ts'

/** A counter or gauge of `app`, summed over its labels, read from the app's registry in-process. */
export async function metricValue(app: FastifyInstance, name: string): Promise<number> {
  const metric = app.metrics.getSingleMetric(name)
  if (!metric) throw new Error(`no metric ${name}`)
  const { values } = await metric.get()
  return values.reduce((sum, v) => sum + v.value, 0)
}

/** Resolves once `app`'s metric `name` has reached `from + by`: a sign the server did something. */
export async function metricGrown(
  app: FastifyInstance,
  name: string,
  from: number,
  by = 1,
  timeoutMs = 10_000,
): Promise<void> {
  await eventually(
    async () => ((await metricValue(app, name)) >= from + by ? true : undefined),
    timeoutMs,
    `${name} to grow by ${by}`,
  )
}

/** A metric of a server process (testing/processes.ts), summed over its labels, from its /metrics. */
export async function metricOf(server: { origin: string }, name: string): Promise<number> {
  const body = await (await fetch(`${server.origin}/metrics`, { headers: metricsHeaders })).text()
  return body
    .split('\n')
    .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0)
}
