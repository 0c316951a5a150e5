// The storage case suite on a real Postgres server: the one GAUNTLET_TEST_DATABASE_URL names
// (scripts/with-postgres.sh starts a throwaway one: `bash scripts/with-postgres.sh npx vitest run core/storage/`).
import { describe, it } from 'vitest';
import { TEST_DATABASE_URL_ENV, testDb } from '../db/test-db.ts';
import { sqlStore } from './sql-store.ts';
import { storeCases } from './store.cases.ts';

const url = process.env[TEST_DATABASE_URL_ENV];
if (url !== undefined && url !== '') {
  storeCases('postgres', async () => sqlStore(await testDb()));
} else {
  const reason = `${TEST_DATABASE_URL_ENV} is not set: the storage cases on a Postgres server run under scripts/with-postgres.sh`;
  console.warn(`sql-store.postgres.test.ts skipped: ${reason}`);
  describe.skip(`storage cases on postgres (skipped: ${reason})`, () => {
    it('needs a server', () => undefined);
  });
}
