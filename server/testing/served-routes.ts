import type { FastifyInstance } from 'fastify'

/**
 * Every route the app serves, read from Fastify's own route tree (printRoutes), HEAD left out: what a
 * document of the routes is checked against, so a route added without a schema, or hidden from the
 * OpenAPI document, is found too.
 */
export function servedRoutes(app: FastifyInstance): { method: string; url: string }[] {
  const routes: { method: string; url: string }[] = []
  const stack: { depth: number; path: string }[] = []
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = line.match(/^(.*?)[├└]── (\S+) \(([A-Z, ]+)\)$/)
    if (!match) continue
    const depth = match[1]!.length / 4
    while (stack.length > 0 && stack[stack.length - 1]!.depth >= depth) stack.pop()
    const path = (stack.at(-1)?.path ?? '') + match[2]
    stack.push({ depth, path })
    for (const method of match[3]!.split(', ')) if (method !== 'HEAD') routes.push({ method, url: path })
  }
  return routes
}
