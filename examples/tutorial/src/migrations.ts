import type { Generated, Kysely, Migration } from 'kysely'
import { createTenantTable } from '@gatehouse-auth/gatehouse'

/** The tutorial's own tables, applied after Gatehouse's and tracked in `app_migrations`. */
export const tutorialMigrations: Record<string, Migration> = {
  '0001_create_secrets': {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema before it exists
    async up(db: Kysely<any>) {
      await createTenantTable(db, 'secrets', (t) =>
        t
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addColumn('inserted_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull()),
      )
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
    async down(db: Kysely<any>) {
      await db.schema.dropTable('secrets').execute()
    },
  },
}

/** The tutorial's tables as Kysely sees them. */
export interface TutorialTables {
  secrets: {
    id: Generated<number>
    account_id: number
    key: string
    value: string
    inserted_at: number
    updated_at: number
  }
}

/** The tables that belong to one account each. */
export const TENANT_TABLES = ['secrets'] as const
