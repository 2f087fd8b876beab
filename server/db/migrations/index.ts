import type { Migration } from 'kysely/migration'
import * as initial from './2026-11-26-0730-initial.ts'
import * as projects from './2026-11-26-0800-projects.ts'
import * as integrity from './2026-12-05-0500-workshop-integrity.ts'
import * as updateDigest from './2026-12-05-1000-board-update-digest.ts'
import * as accounts from './2026-12-05-1700-accounts.ts'
import * as deletion from './2026-12-05-1900-deletion.ts'
import * as workshopTemplates from './2026-12-05-1940-workshop-templates.ts'
import * as erasures from './2026-12-06-1000-erasures.ts'
import * as continuity from './2026-12-06-1100-continuity.ts'
import * as callsShowcaseFollowup from './2026-12-07-0900-calls-showcase-followup.ts'
import * as indicators from './2026-12-07-1300-indicators.ts'
import * as suggestionsGist from './2026-12-07-1500-suggestions-gist.ts'

/**
 * Every migration, by dated name. Listed here rather than read from the folder so the server needs no
 * file-system scan at start; add each new dated file to this list.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-26-0730-initial': initial,
  '2026-11-26-0800-projects': projects,
  '2026-12-05-0500-workshop-integrity': integrity,
  '2026-12-05-1000-board-update-digest': updateDigest,
  '2026-12-05-1700-accounts': accounts,
  '2026-12-05-1900-deletion': deletion,
  '2026-12-05-1940-workshop-templates': workshopTemplates,
  '2026-12-06-1000-erasures': erasures,
  '2026-12-06-1100-continuity': continuity,
  '2026-12-07-0900-calls-showcase-followup': callsShowcaseFollowup,
  '2026-12-07-1300-indicators': indicators,
  '2026-12-07-1500-suggestions-gist': suggestionsGist,
}
