// Optional peer dependencies of the installed package. The simulators, the checker, the vitest
// fixture and the drills need none of them; verifying pacts (contracts, gate, certify) needs Pact,
// and the gate's Allure results need allure-js-commons. They stay out of a team's install unless it
// uses those verbs (package.json peerDependenciesMeta marks them optional, so npm does not add
// them), and a verb that reaches for one that is missing says which, and the install line, instead
// of Node's "Cannot find package" stack trace.

/** Each optional peer and the range package.json declares for it (a test keeps the two equal). */
export const OPTIONAL_PEERS: Readonly<Record<string, string>> = {
  '@pact-foundation/pact': '^17',
  '@pact-foundation/pact-core': '^20',
  'allure-js-commons': '^3',
};

/**
 * The optional peer a failed import or resolve was looking for, or undefined when the error is
 * anything else. ESM says "Cannot find package 'X' imported from …" (ERR_MODULE_NOT_FOUND),
 * require.resolve "Cannot find module 'X'" (MODULE_NOT_FOUND), X possibly with a subpath.
 */
export function missingPeer(err: unknown): string | undefined {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (e === null || typeof e !== 'object') return undefined;
  if (e.code !== 'ERR_MODULE_NOT_FOUND' && e.code !== 'MODULE_NOT_FOUND') return undefined;
  const name = /Cannot find (?:package|module) '([^']+)'/.exec(String(e.message))?.[1];
  if (name === undefined) return undefined;
  return Object.keys(OPTIONAL_PEERS).find((peer) => name === peer || name.startsWith(`${peer}/`));
}

/** The one-line message for a verb that needs an optional peer that is not installed. */
export function missingPeerMessage(verb: string, peer: string): string {
  const install = Object.entries(OPTIONAL_PEERS)
    .filter(([name]) => name === peer || (peer.startsWith('@pact-foundation/') && name.startsWith('@pact-foundation/')))
    .map(([name, range]) => `${name}@${range}`)
    .join(' ');
  return `gauntlet ${verb}: needs ${peer}, an optional peer dependency of gauntlet that is not installed; install it with: npm install --save-dev ${install}`;
}
