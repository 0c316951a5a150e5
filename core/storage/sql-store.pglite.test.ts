// The storage case suite on PGlite (always, whatever GAUNTLET_TEST_DATABASE_URL says).
import { pgliteTestDb } from '../db/test-db.ts';
import { sqlStore } from './sql-store.ts';
import { storeCases } from './store.cases.ts';

storeCases('pglite', async () => sqlStore(await pgliteTestDb()));
