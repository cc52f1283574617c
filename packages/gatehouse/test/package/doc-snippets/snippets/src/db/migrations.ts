// The `src/db/migrations.ts` that `gatehouse init` writes, declared (docs/cli.md imports it).
import type { Migration } from '@gatehouse-auth/gatehouse'

export declare const appMigrations: Record<string, Migration>
