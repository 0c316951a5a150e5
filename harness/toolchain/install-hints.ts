// The exact commands that install each missing piece, for error messages and `gauntlet doctor`.
import { join } from 'node:path';
import { type Env, type ToolName, TOOL_PINS, toolBinDir } from './versions.ts';

/** The one command that installs everything this folder looks for. */
export const MAKE_SETUP = 'make setup';

/** Quotes a word for a POSIX shell when it needs it. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** A `go install` line that puts the pinned tool into the cache, under its expected name. */
export function goInstallCommand(name: ToolName, env: Env = process.env): string {
  const pin = TOOL_PINS[name];
  const bin = toolBinDir(env);
  const q = shellQuote;
  const install =
    `GOBIN=${q(bin)} go install -ldflags ${q(pin.ldflags)} ${pin.goPackage}@v${pin.version}`;
  const parts = [`mkdir -p ${q(bin)}`, install];
  if (pin.goBinary !== name) {
    parts.push(`mv -f ${q(join(bin, pin.goBinary))} ${q(join(bin, name))}`);
  }
  return parts.join(' && ');
}

/** Debian command installing the PostgreSQL server binaries (initdb, postgres, pg_ctl). */
export function postgresInstallCommand(isRoot: boolean = isRootUser()): string {
  const sudo = isRoot ? '' : 'sudo ';
  return `${sudo}apt-get update && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql`;
}

/** Docker is optional (only a fallback for Toxiproxy); this is how to get one on Debian. */
export function dockerInstallHint(isRoot: boolean = isRootUser()): string {
  const sudo = isRoot ? '' : 'sudo ';
  return `optional: ${sudo}apt-get install -y docker.io, then start the daemon (or set DOCKER_HOST)`;
}

function isRootUser(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}
