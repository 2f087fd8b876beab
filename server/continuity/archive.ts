import { type Kysely, sql } from 'kysely'
import type { Database } from '../db/schema.ts'

/**
 * Keeps a converted workshop's ideas as rows of `archived_ideas`, where similarity (pg_trgm) and the
 * waiting-ideas list find them. Why rows and not the boards: a board is a Yjs document, readable only
 * by loading it; conversion already reads the final board once and stores what matters as JSON (each
 * record's provenance ideas, the snapshot's loose ideas), so the archive is derived from those, in the
 * conversion's transaction, and the trigram GIN index covers every earlier idea of the council.
 *
 * Re-running a conversion refreshes the rows in place (same id per card, so links and "brought onto
 * a later board" marks survive) and removes the cards no longer on the board.
 */
export async function archiveWorkshopIdeas(
  db: Kysely<Database>,
  workshopId: string,
  snapshotId: string,
): Promise<void> {
  const fresh = sql`
    select distinct on (shape_id) * from (
      select p.council_id, p.contract_id, p.workshop_id, i->>'id' as shape_id, i->>'text' as text,
        p.priority_code, p.action_code, false as loose, p.id as project_id
      from projects p cross join lateral jsonb_array_elements(p.provenance->'ideas') i
      where p.workshop_id = ${workshopId} and not p.cluster_missing
      union all
      -- Clusters of this workshop attached at conversion to a record of another workshop.
      select w.council_id, w.contract_id, w.id, i->>'id', i->>'text', p.priority_code, p.action_code,
        false, p.id
      from workshops w join projects p on p.council_id = w.council_id
      cross join lateral jsonb_array_elements(coalesce(p.provenance->'attached', '[]'::jsonb)) a
      cross join lateral jsonb_array_elements(a->'ideas') i
      where w.id = ${workshopId} and a->>'workshopId' = ${workshopId}
      union all
      select w.council_id, w.contract_id, w.id, i->>'id', i->>'text', z->>'priorityCode',
        nullif(z->>'actionCode', ''), true, null
      from board_snapshots s join workshops w on w.id = s.workshop_id
      cross join lateral jsonb_array_elements(s.loose_ideas->'zones') z
      cross join lateral jsonb_array_elements(z->'ideas') i
      where s.id = ${snapshotId}
    ) ideas
    where length(coalesce(text, '')) > 0 and shape_id is not null`
  await sql`
    delete from archived_ideas
    where workshop_id = ${workshopId} and shape_id not in (select shape_id from (${fresh}) f)`.execute(db)
  await sql`
    insert into archived_ideas
      (id, council_id, contract_id, workshop_id, shape_id, text, priority_code, action_code, loose,
       project_id, converted_at)
    select gen_random_uuid()::text, council_id, contract_id, workshop_id, shape_id, text, priority_code,
      action_code, loose, project_id, now()
    from (${fresh}) f
    on conflict (workshop_id, shape_id) do update set
      text = excluded.text, priority_code = excluded.priority_code, action_code = excluded.action_code,
      loose = excluded.loose, project_id = excluded.project_id, converted_at = excluded.converted_at`.execute(
    db,
  )
}
