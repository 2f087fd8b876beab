import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin'
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'

/**
 * The Postgres extensions the embedded store loads: the same ones a migration creates on Postgres
 * (`create extension if not exists …`). pg_trgm gives trigram similarity and its indexes; btree_gist
 * lets the GiST trigram index hold the council and contract too: together they find the ideas of
 * earlier workshops nearest to the one being written (continuity/). btree_gin served the GIN index
 * that index replaced; its migration still creates the extension.
 */
export const pgliteExtensions = { pg_trgm, btree_gin, btree_gist }
