import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'

/**
 * The Postgres extensions the embedded store loads: the same ones a migration creates on Postgres
 * (`create extension if not exists …`). pg_trgm gives trigram similarity and its GIN index, btree_gin
 * lets that index hold the council and contract too: together they find ideas of earlier workshops
 * like the one being written (continuity/).
 */
export const pgliteExtensions = { pg_trgm, btree_gin }
