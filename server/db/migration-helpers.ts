import { type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, sql } from 'kysely'

// The column and table shapes the dated migrations of `migrations/` repeat. Frozen in time like them:
// a migration that has run must build the same schema again on a new database, so never change what a
// helper here builds (add another one instead), and never import application code here.

/** How one column is defined, as `addColumn`'s third argument. */
export type ColumnShape = (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder

/** A column's type, as `addColumn`'s second argument (`'text'`, `'jsonb'`…). */
type ColumnType = Parameters<CreateTableBuilder<string, string>['addColumn']>[1]

/** Column shapes, for `addColumn(name, type, column.…)`. */
export const column = {
  /** `not null`. */
  required: ((c) => c.notNull()) as ColumnShape,
  /** `not null default ''`: a text a person fills in later. */
  emptyText: ((c) => c.notNull().defaultTo('')) as ColumnShape,
  /** `not null default '[]'::jsonb`: a list that starts empty. */
  emptyList: ((c) => c.notNull().defaultTo(sql`'[]'::jsonb`)) as ColumnShape,
  /** `not null default now()`: when the row was written. */
  now: ((c) => c.notNull().defaultTo(sql`now()`)) as ColumnShape,
  /** `not null references <table> (id) on delete cascade`: a row that goes with the one it belongs to. */
  belongsTo(table: string): ColumnShape {
    return (c) => c.notNull().references(`${table}.id`).onDelete('cascade')
  },
  /** `references <table> (id) on delete set null`: a link that may be empty and outlives what it names. */
  optionalLink(table: string): ColumnShape {
    return (c) => c.references(`${table}.id`).onDelete('set null')
  },
}

/** Table shapes: how a table starts, its creation time, its indexes. */
export const table = {
  /** Starts a table of rows with a text id (`id text primary key`). */
  withId(db: Kysely<any>, name: string) {
    return db.schema.createTable(name).addColumn('id', 'text', (c) => c.primaryKey())
  },
  /** Starts a table of rows with a text id that belong to a council and go with it. */
  ofCouncil(db: Kysely<any>, name: string) {
    return table.withId(db, name).addColumn('council_id', 'text', column.belongsTo('councils'))
  },
  /** Adds `created_at timestamptz not null default now()`, through `CreateTableBuilder.$call`. */
  createdAt<T extends string, C extends string>(
    builder: CreateTableBuilder<T, C>,
  ): CreateTableBuilder<T, C | 'created_at'> {
    return builder.addColumn('created_at', 'timestamptz', column.now)
  },
  /** Adds columns that are all `not null`, in the order given (`{ name: type }`), through `$call`. */
  required(columns: Record<string, ColumnType>) {
    return <T extends string>(builder: CreateTableBuilder<T, any>): CreateTableBuilder<T, any> =>
      Object.entries(columns).reduce((b, [name, type]) => b.addColumn(name, type, column.required), builder)
  },
  /** `create index <name> on <table> (<columns>)`. */
  async index(db: Kysely<any>, name: string, on: string, columns: string[]): Promise<void> {
    await db.schema.createIndex(name).on(on).columns(columns).execute()
  },
}
