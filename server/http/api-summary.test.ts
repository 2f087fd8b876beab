import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { suiteApp } from '../testing/live-app.ts'
import { servedRoutes } from '../testing/served-routes.ts'
import { storeTargets } from '../testing/stores.ts'

/**
 * The HTTP API summary of DESIGN.md ("HTTP API") lists exactly the routes the server serves: a route
 * added without a line there, or a line left for a route that is gone, fails here.
 */

const design = readFileSync(new URL('../../DESIGN.md', import.meta.url), 'utf8')

/**
 * Routes named in the section, each `METHOD /path` in backticks. Shorthands after a route: `.csv` (the
 * same route with that suffix) and `DELETE …` (the same path with another method). A query (`?format=`)
 * is not part of the route.
 */
function documentedRoutes(markdown: string): string[] {
  const start = markdown.indexOf('\n## HTTP API\n')
  if (start < 0) throw new Error('DESIGN.md has no "HTTP API" section')
  const end = markdown.indexOf('\n## ', start + 1)
  const section = markdown.slice(start, end < 0 ? undefined : end)
  const routes: string[] = []
  let previous: { method: string; path: string } | undefined
  for (const [, span] of section.matchAll(/`([^`]+)`/g)) {
    const route = span!.match(/^(GET|POST|PUT|PATCH|DELETE) (\/\S*)/)
    const sameRoute = span!.match(/^(GET|POST|PUT|PATCH|DELETE) …$/)
    if (route) previous = { method: route[1]!, path: route[2]!.replace(/\?.*$/, '') }
    else if (sameRoute && previous) previous = { method: sameRoute[1]!, path: previous.path }
    else if (/^\.\w+$/.test(span!) && previous)
      previous = { method: previous.method, path: previous.path + span }
    else continue
    routes.push(`${previous.method} ${previous.path}`)
  }
  return [...new Set(routes)].sort()
}

describe('DESIGN.md "HTTP API"', () => {
  const suite = suiteApp(storeTargets[0]!)

  it('reads the shorthands', () => {
    expect(
      documentedRoutes(
        '\n## HTTP API\n| `GET /api/x/:id/people` · `.csv` | `PUT /api/y/:id` · `DELETE …` | `GET /api/z?format=md` |\n## Next\n`GET /api/no`',
      ),
    ).toEqual([
      'DELETE /api/y/:id',
      'GET /api/x/:id/people',
      'GET /api/x/:id/people.csv',
      'GET /api/z',
      'PUT /api/y/:id',
    ])
  })

  it('lists every route the server serves, and only those', () => {
    const served = [
      ...new Set(
        servedRoutes(suite.app)
          .filter((r) => /^\/(api|collab|metrics)(\/|$)/.test(r.url))
          .map((r) => `${r.method} ${r.url}`),
      ),
    ].sort()
    expect(served.length).toBeGreaterThan(40)
    const documented = documentedRoutes(design)
    expect(
      served.filter((route) => !documented.includes(route)),
      'served but missing from DESIGN.md "HTTP API": add a line to its table',
    ).toEqual([])
    expect(
      documented.filter((route) => !served.includes(route)),
      'in DESIGN.md "HTTP API" but not served: remove or correct the line',
    ).toEqual([])
  })
})
