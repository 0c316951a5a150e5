// `gauntlet doctor`: what this machine has for the live world, and how to get what it lacks.
import {
  type DockerStatus,
  type Env,
  type FoundTool,
  type PostgresStatus,
  type ToolName,
  MAKE_SETUP,
  NODE_PIN,
  TOOL_NAMES,
  TOOL_PINS,
  detectDocker,
  detectPostgres,
  dockerInstallHint,
  findTool,
  goInstallCommand,
  postgresInstallCommand,
  nodeSatisfies,
  toolBinDir,
} from '../toolchain/index.ts';
import { UsageError } from './args.ts';
import { HelpShown, parseVerb, type VerbSpec } from './command.ts';


export interface ToolReport {
  readonly found: boolean;
  readonly required: true;
  readonly path: string | null;
  readonly version: string | null;
  readonly pinned: string;
  readonly matchesPin: boolean;
  readonly source: 'cache' | 'path' | null;
  /** Exact commands that install the pinned version; null when found at the pin. */
  readonly install: InstallHint | null;
}

export interface InstallHint {
  /** The project's way: `make setup`. */
  readonly make: string;
  /** The one-tool command it runs. */
  readonly direct: string;
}

export interface DoctorReport {
  /** Every required tool (toxiproxy-server, vegeta, postgres) is present. */
  readonly ok: boolean;
  readonly node: { readonly version: string; readonly required: string; readonly ok: boolean };
  readonly toolsDir: string;
  readonly tools: Readonly<Record<ToolName, ToolReport>>;
  readonly postgres: {
    readonly found: boolean;
    readonly required: true;
    readonly binDir: string | null;
    readonly version: string | null;
    readonly binaries: { readonly initdb: string | null; readonly postgres: string | null; readonly pg_ctl: string | null };
    readonly install: InstallHint | null;
  };
  readonly databaseUrl: { readonly set: boolean; readonly value: string | null };
  readonly docker: { readonly available: boolean; readonly required: false; readonly detail: string; readonly install: string | null };
  /** Each required item that is absent, with how to install it. */
  readonly missing: ReadonlyArray<{ readonly name: string } & InstallHint>;
}

export interface DoctorOptions {
  /** Where Debian-style PostgreSQL installs are looked for (default /usr/lib/postgresql). */
  readonly postgresRoots?: readonly string[];
}

export async function collectDoctorReport(
  env: Env = process.env,
  options: DoctorOptions = {},
): Promise<DoctorReport> {
  const [tools, postgres, docker] = await Promise.all([
    Promise.all(TOOL_NAMES.map((name) => findTool(name, { env }).then((found) => [name, found] as const))),
    detectPostgres({ env, ...(options.postgresRoots ? { roots: options.postgresRoots } : {}) }),
    detectDocker({ env }),
  ]);
  const toolReports = Object.fromEntries(
    tools.map(([name, found]) => [name, toolReport(name, found, env)]),
  ) as Record<ToolName, ToolReport>;
  const pg = postgresReport(postgres);

  const missing: Array<{ name: string } & InstallHint> = [];
  for (const name of TOOL_NAMES) {
    const t = toolReports[name];
    if (!t.found && t.install !== null) missing.push({ name, ...t.install });
  }
  if (!pg.found && pg.install !== null) missing.push({ name: 'postgres', ...pg.install });

  return {
    ok: missing.length === 0,
    node: { version: process.version, required: `>=${NODE_PIN.minimum}`, ok: nodeSatisfies(process.version) },
    toolsDir: toolBinDir(env),
    tools: toolReports,
    postgres: pg,
    databaseUrl: { set: postgres.databaseUrl.set, value: postgres.databaseUrl.redacted ?? null },
    docker: dockerReport(docker),
    missing,
  };
}

function toolReport(name: ToolName, found: FoundTool | undefined, env: Env): ToolReport {
  const pinned = TOOL_PINS[name].version;
  const install = { make: MAKE_SETUP, direct: goInstallCommand(name, env) };
  if (found === undefined) {
    return { found: false, required: true, path: null, version: null, pinned, matchesPin: false, source: null, install };
  }
  return {
    found: true,
    required: true,
    path: found.path,
    version: found.version,
    pinned,
    matchesPin: found.matchesPin,
    source: found.source,
    install: found.matchesPin ? null : install,
  };
}

function postgresReport(status: PostgresStatus): DoctorReport['postgres'] {
  return {
    found: status.found,
    required: true,
    binDir: status.binDir ?? null,
    version: status.version ?? null,
    binaries: {
      initdb: status.binaries.initdb ?? null,
      postgres: status.binaries.postgres ?? null,
      pg_ctl: status.binaries.pg_ctl ?? null,
    },
    install: status.found ? null : { make: MAKE_SETUP, direct: postgresInstallCommand() },
  };
}

function dockerReport(status: DockerStatus): DoctorReport['docker'] {
  return {
    available: status.available,
    required: false,
    detail: status.detail,
    install: status.available ? null : dockerInstallHint(),
  };
}

export const DOCTOR_SPEC = {
  name: 'doctor',
  options: { json: { description: 'print the report as one JSON document on stdout' } },
  examples: ['npx gauntlet doctor'],
  notes: 'Shows which native tools the live world needs are present (toxiproxy-server, vegeta, PostgreSQL server\nbinaries), DATABASE_URL (redacted) and Docker, and how to install what is missing.\nExits 0 when the required tools are present, else 1.',
} as const satisfies VerbSpec;

export async function doctor(argv: string[], env: Env = process.env): Promise<number> {
  let json: boolean;
  // Called straight by its tests as well as through main: it answers its own usage errors.
  try {
    json = parseVerb(DOCTOR_SPEC, argv).values.json;
  } catch (err) {
    if (err instanceof HelpShown) return 0;
    if (!(err instanceof UsageError)) throw err;
    console.error(`gauntlet doctor: ${err.message}\n(gauntlet doctor --help shows the usage)`);
    return 2;
  }
  const report = await collectDoctorReport(env);
  console.log(json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.ok ? 0 : 1;
}

export function formatReport(r: DoctorReport): string {
  const lines: string[] = [];
  const row = (label: string, state: string, rest = ''): void => {
    lines.push(`  ${label.padEnd(18)}${state.padEnd(16)}${rest}`.trimEnd());
  };
  lines.push('gauntlet doctor');
  row('node', r.node.ok ? 'ok' : 'TOO OLD', `${r.node.version} (needs ${r.node.required})`);
  for (const name of TOOL_NAMES) {
    const t = r.tools[name];
    if (!t.found) row(name, 'MISSING', `pinned v${t.pinned}; expected in ${r.toolsDir}`);
    else {
      const pin = t.matchesPin ? '' : `  (pinned v${t.pinned}: reinstall with ${MAKE_SETUP})`;
      row(name, 'ok', `${t.path}  v${t.version}${pin}`);
    }
  }
  if (r.postgres.found) {
    const bins = Object.entries(r.postgres.binaries)
      .filter(([, p]) => p !== null)
      .map(([b]) => b)
      .join(', ');
    row('postgres', 'ok', `${r.postgres.binDir}  v${r.postgres.version ?? '?'}  (${bins})`);
  } else {
    row('postgres', 'MISSING', 'no initdb + postgres under /usr/lib/postgresql/*/bin nor on PATH');
  }
  row('DATABASE_URL', r.databaseUrl.set ? 'set' : 'not set', r.databaseUrl.value ?? '');
  row('docker', r.docker.available ? 'available' : 'not available', `${r.docker.detail}${r.docker.available ? '' : ' (optional)'}`);

  if (r.missing.length > 0) {
    lines.push('', `missing: install everything with \`${MAKE_SETUP}\`, or one at a time:`);
    for (const m of r.missing) lines.push(`  ${m.name}:`, `    ${m.direct}`);
  }
  if (!r.docker.available && r.docker.install !== null) {
    lines.push('', `docker: ${r.docker.install}`);
  }
  lines.push('', r.ok ? 'all required tools present' : 'required tools missing');
  return lines.join('\n');
}
