// testcontainers is an optional peer of the published package (only `--env containers` and the
// toxiproxy container fallback use it): loaded on demand, and its absence said in one sentence
// with the fix, instead of Node's "Cannot find package 'testcontainers'" from deep in a stack.
export type Testcontainers = typeof import('testcontainers');

export const TESTCONTAINERS_MISSING =
  'containers: the testcontainers package is not installed (it is an optional dependency of gauntlet, needed only for --env containers): npm install --save-dev testcontainers';

export async function loadTestcontainers(load: () => Promise<Testcontainers> = () => import('testcontainers')): Promise<Testcontainers> {
  try {
    return await load();
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && /testcontainers/.test((err as Error).message)) throw new Error(TESTCONTAINERS_MISSING, { cause: err });
    throw err;
  }
}
