#!/usr/bin/env node
// The CLI entry, in two places with one body: bin/gauntlet.js (the repo and the package) and
// dist/bin/gauntlet.js (a copy the build makes, for children spawned from dist/).
// - In a clone, the TypeScript sources are next to it: Node runs them itself, stripping the types
//   (./typescript.js; tsx, a devDependency, only on a Node without type stripping), so
//   `npx gauntlet <verb>` works straight after `npm ci` with no build step and never runs a stale
//   dist/ left by an earlier `npm run build`.
// - In the installed package there are no sources, only dist/: plain node runs the built JS, and
//   tsx is not needed (it is loaded later only to import a team's TypeScript driver or adapter).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { tooOldMessage } from './node-version.js';

// First, before anything that may need a newer Node: one clear line and exit 2 (a setup problem).
const tooOld = tooOldMessage(process.version, process.execPath);
if (tooOld !== null) {
  process.stderr.write(tooOld + '\n');
  process.exit(2);
}

// With --json, stdout carries the JSON document and nothing else. Some libraries print to file
// descriptor 1 themselves (pact-core's verifier is native code), past anything JavaScript can
// redirect, so the verb runs in a child: its stdout goes to our stderr, and what the verb writes as
// its result comes back on a pipe (fd 3) that we copy to our stdout.
// Only the verbs that verify pacts in process need it; servers (up, core, sim) keep one process, so
// their signals and children stay theirs.
const RESULT_FD = 3;
const NATIVE_STDOUT_VERBS = new Set(['gate', 'contracts', 'certify']);
const argv = process.argv.slice(2);
if (NATIVE_STDOUT_VERBS.has(argv[0]) && argv.includes('--json') && !argv.includes('--help') && !argv.includes('-h') && process.env.GAUNTLET_RESULT_FD === undefined) {
  process.exitCode = await runForJson(argv);
} else {
  if (process.env.GAUNTLET_RESULT_FD !== undefined) resultToPipe();
  await runCli(argv);
}

async function runForJson(args) {
  // Its own process group: a Ctrl-C reaches only us, and we pass it on once (a second signal
  // means "kill everything now" to the verb). If we die, the pipe closes and the child stops.
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...args], {
    stdio: ['inherit', 2, 'inherit', 'pipe'],
    env: { ...process.env, GAUNTLET_RESULT_FD: String(RESULT_FD) },
    detached: true,
  });
  child.stdio[RESULT_FD].pipe(process.stdout);
  const forward = (signal) => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
  const [code, signal] = await new Promise((resolve) => child.on('exit', (c, s) => resolve([c, s])));
  await new Promise((resolve) => (child.stdio[RESULT_FD].readableEnded ? resolve() : child.stdio[RESULT_FD].once('close', resolve)));
  return code ?? (signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1);
}

/**
 * In the child: the verb's result (harness/cli/result-out.ts writeResult) goes up the pipe; anything
 * else written to process.stdout (a library's logger: pact-js logs a failed verification there) goes
 * to stderr, as file descriptor 1 itself does.
 */
function resultToPipe() {
  const fd = Number(process.env.GAUNTLET_RESULT_FD);
  // Ours only: processes the verb starts (the core, the simulators) have no such pipe.
  delete process.env.GAUNTLET_RESULT_FD;
  const pipe = new Socket({ fd, readable: true, writable: true });
  // The parent is gone (it closed its end): stop as if told to.
  pipe.on('end', () => process.kill(process.pid, 'SIGTERM'));
  pipe.on('error', () => undefined);
  pipe.unref(); // our own exit is the verb's business; pending writes still finish first
  globalThis[Symbol.for('gauntlet.resultPipe')] = pipe;
  process.stdout.write = process.stderr.write.bind(process.stderr);
}

async function runCli(args) {

  const here = new URL('.', import.meta.url);
  const sources = new URL('../harness/cli/main.ts', here);
  const built = [new URL('../dist/harness/cli/main.js', here), new URL('../harness/cli/main.js', here)].find((u) => existsSync(u));

  let entry;
  if (existsSync(sources)) {
    const { prepareTypeScript } = await import('./typescript.js');
    await prepareTypeScript(sources.href);
    entry = sources;
  } else if (built) {
    entry = built;
  } else {
    process.stderr.write('gauntlet: neither the sources (harness/cli/main.ts) nor the build (dist/) is next to this file; run `npm run build`\n');
    process.exit(2);
  }
  const { main } = await import(entry.href);
  process.exitCode = await main(args);
}
