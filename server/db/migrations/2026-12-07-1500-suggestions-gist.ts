import { type Kysely, sql } from 'kysely'

// Suggestions from earlier workshops (issue 16) answered by a nearest-neighbour walk instead of a
// filter then a sort. The GIN trigram index of 2026-12-06-1100-continuity finds every idea above the
// similarity threshold (about 1,500 of 20,000 alike ideas for a three-word text), each checked against
// the table, then sorted to keep 5: p95 141 ms on PGlite, 90 ms on Postgres (bench/README.md, its
// section on suggestions). A GiST trigram index gives them in order of distance (`<->`), so the query
// stops at the fifth: the same suggestions, in the same order. Text first (the tree is built on it,
// a GiST index splitting on its first column; the scope first clustered nothing, every idea of a
// contract sharing it), then the scope, checked in the index (btree_gist). The signature at 256 bytes
// (default 12) keeps one idea's trigrams apart from another's, so fewer branches are walked.
// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists btree_gist`.execute(db)
  await sql`create index archived_ideas_nearest on archived_ideas
    using gist (text gist_trgm_ops(siglen = 256), council_id, contract_id)`.execute(db)
  await sql`drop index if exists archived_ideas_similar`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index archived_ideas_similar on archived_ideas
    using gin (council_id, contract_id, text gin_trgm_ops)`.execute(db)
  await sql`drop index if exists archived_ideas_nearest`.execute(db)
}
