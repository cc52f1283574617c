import { describeSessionStoreConformance } from '../../test/support/session-store-conformance.ts'
import { createSqlSessionStore } from './sql-session-store.ts'

describeSessionStoreConformance('SQL session store', (database) => createSqlSessionStore(database))
describeSessionStoreConformance('SQL session store through Kysely (a database built by hand)', (database) => createSqlSessionStore(database.db))
