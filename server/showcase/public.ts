import type { Kysely } from 'kysely'
import type { PublicProject, Showcase, ShowcaseQuery } from '../../shared/api/showcase.ts'
import { readIndicator } from '../../shared/projects/indicators.ts'
import { listProjectActors } from '../actors/repository.ts'
import { listContractsById } from '../contracts/repository.ts'
import type { Database } from '../db/schema.ts'
import { notFound } from '../errors.ts'
import { centsToEuros, codeTitles } from '../projects/present.ts'
import type { ProjectRow } from '../projects/tables.ts'
import { publicationOf } from './publication.ts'
import { findCouncilBySlug } from './slug.ts'

/**
 * The public showcase of one council, built field by field from what the council made public: a field
 * it did not choose is never read into the answer (absent, not null), so nothing private can slip
 * through a field added to records later. Only published records are selected; the query never reads
 * the review, the application, referents, history or provenance's ideas.
 */
export async function councilShowcase(
  db: Kysely<Database>,
  slug: string,
  query: ShowcaseQuery = {},
): Promise<Showcase> {
  const council = await findCouncilBySlug(db, slug)
  if (!council?.slug) throw notFound('Vitrine')
  const rows = await db
    .selectFrom('projects')
    .leftJoin('workshops', 'workshops.id', 'projects.workshop_id')
    .leftJoin('calls', 'calls.id', 'projects.call_id')
    .selectAll('projects')
    .select(['workshops.title as workshop_title', 'calls.title as call_title'])
    .where('projects.council_id', '=', council.id)
    .where('projects.published', '=', true)
    .execute()
  const contracts = new Map(
    (await listContractsById(db, [...new Set(rows.map((r) => r.contract_id))])).map((c) => [c.id, c]),
  )
  const links = await listProjectActors(
    db,
    rows.map((r) => r.id),
  )
  const projects = rows.map((row) => {
    const contract = contracts.get(row.contract_id)
    return publicProject(row, contract?.title ?? '', contract?.priorities ?? [], links)
  })
  return {
    format: 'kenlabour-showcase',
    version: 1,
    council: { name: council.name, slug: council.slug },
    generatedAt: new Date().toISOString(),
    projects: sortProjects(projects, query.sort ?? 'priority'),
  }
}

type ShowcaseRow = ProjectRow & { workshop_title: string | null; call_title: string | null }

function publicProject(
  row: ShowcaseRow,
  contractTitle: string,
  priorities: Parameters<typeof codeTitles>[0],
  links: Awaited<ReturnType<typeof listProjectActors>>,
): PublicProject {
  const { publicFields } = publicationOf(row)
  const titles = codeTitles(priorities, row.priority_code, row.action_code)
  const out: PublicProject = {
    id: row.id,
    title: row.title,
    status: row.status,
    contractTitle,
    priority: row.priority_code ? { code: row.priority_code, title: titles.priorityTitle } : null,
    origin: originOf(row),
    updatedAt: new Date(row.updated_at).toISOString(),
    publicFields,
  }
  const mine = links.filter((l) => l.projectId === row.id)
  for (const field of publicFields) {
    switch (field) {
      case 'summary':
        out.summary = row.summary
        break
      case 'objectives':
        out.objectives = row.objectives
        break
      case 'expectedOutcomes':
        out.expectedOutcomes = row.expected_outcomes
        break
      case 'action':
        out.action = row.action_code ? { code: row.action_code, title: titles.actionTitle } : null
        break
      case 'carrier': {
        const carrier = mine.find((l) => l.role === 'carrier')
        out.carrier = carrier ? { name: carrier.name, type: carrier.type } : null
        break
      }
      case 'partners':
        out.partners = mine
          .filter((l) => l.role === 'partner')
          .sort((a, b) => a.position - b.position)
          .map((l) => ({ name: l.name, type: l.type, role: l.partnerRole }))
        break
      case 'budget':
        out.budget = centsToEuros(row.budget_cents)
        break
      case 'funding':
        out.funding = {
          fundedAmount: fundedAmount(row.funding_sources),
          sources: row.funding_sources.map((s) => ({ name: s.name, amount: s.amount, secured: s.secured })),
        }
        break
      case 'schedule':
        out.schedule = { start: row.schedule_start, end: row.schedule_end }
        break
      case 'indicators':
        out.indicators = row.indicators.map(readIndicator).map((i) => ({
          label: i.label,
          unit: i.unit,
          baseline: i.baseline,
          target: i.target,
          measures: i.measures.map((m) => ({ value: m.value, date: m.date })),
        }))
        break
    }
  }
  return out
}

/** The call a record answers (its public page), or the title of the workshop it came from. */
function originOf(row: ShowcaseRow): PublicProject['origin'] {
  if (row.call_id && row.call_title !== null)
    return { kind: 'call', callId: row.call_id, title: row.call_title, path: `/appels/${row.call_id}` }
  const workshopTitle =
    row.workshop_title ?? (row.workshop_id === null ? row.provenance?.workshopTitle : null)
  return workshopTitle ? { kind: 'workshop', title: workshopTitle } : null
}

/** The secured sources' amounts together (cents added, so 0.1 + 0.2 is 0.3); null when none counts. */
export function fundedAmount(sources: readonly { amount: number | null; secured: boolean }[]): number | null {
  const counted = sources.filter((s) => s.secured && s.amount !== null)
  if (counted.length === 0) return null
  return counted.reduce((sum, s) => sum + Math.round((s.amount as number) * 100), 0) / 100
}

const collator = new Intl.Collator('fr', { numeric: true, sensitivity: 'base' })

function sortProjects(projects: PublicProject[], sort: NonNullable<ShowcaseQuery['sort']>): PublicProject[] {
  const byTitle = (a: PublicProject, b: PublicProject) =>
    collator.compare(a.title, b.title) || a.id.localeCompare(b.id)
  if (sort === 'title') return projects.sort(byTitle)
  if (sort === 'updated')
    return projects.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || byTitle(a, b))
  // By contract, then priority code (records without one last), then title.
  return projects.sort(
    (a, b) =>
      collator.compare(a.contractTitle, b.contractTitle) ||
      (a.priority === null ? 1 : 0) - (b.priority === null ? 1 : 0) ||
      collator.compare(a.priority?.code ?? '', b.priority?.code ?? '') ||
      byTitle(a, b),
  )
}
