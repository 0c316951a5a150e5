// Pinned native tools and where they live: one cache outside the repo, shared by every clone.
// scripts/setup-tools.sh installs exactly these pins (versions.test.ts keeps the two in step).
import { homedir } from 'node:os';
import { join } from 'node:path';

export type Env = Readonly<Record<string, string | undefined>>;

export type ToolName = 'toxiproxy-server' | 'vegeta' | 'stripe-mock';

export interface ToolPin {
  readonly name: ToolName;
  /** Release version, x.y.z, without the leading v. */
  readonly version: string;
  /** Go package given to `go install` (without @version). */
  readonly goPackage: string;
  /** Name of the binary `go install` produces, before it is renamed to `name`. */
  readonly goBinary: string;
  /**
   * Linker flags stamping the version in: `go install` alone leaves toxiproxy-server printing
   * "version git" and vegeta an empty "Version:".
   */
  readonly ldflags: string;
  /** Argument that makes the binary print its version. */
  readonly versionFlag: string;
  /** Picks the version out of that output (group 1); other numbers there, e.g. Go's, are not it. */
  readonly versionPattern: RegExp;
  readonly license: string;
}

export const TOOL_PINS: Readonly<Record<ToolName, ToolPin>> = {
  'toxiproxy-server': {
    name: 'toxiproxy-server',
    version: '2.12.0',
    goPackage: 'github.com/Shopify/toxiproxy/v2/cmd/server',
    goBinary: 'server',
    ldflags: '-X github.com/Shopify/toxiproxy/v2.Version=2.12.0',
    versionFlag: '--version',
    // "toxiproxy-server version 2.12.0"
    versionPattern: /\bversion\s+v?(\d+\.\d+\.\d+)\b/,
    license: 'MIT',
  },
  vegeta: {
    name: 'vegeta',
    version: '12.13.0',
    goPackage: 'github.com/tsenart/vegeta/v12',
    goBinary: 'vegeta',
    ldflags: '-X main.Version=v12.13.0',
    versionFlag: '-version',
    // "Version: v12.13.0\nCommit: ...\nRuntime: go1.26.8 linux/amd64\nDate: ..."
    versionPattern: /^Version:\s*v?(\d+\.\d+\.\d+)\b/m,
    license: 'MIT',
  },
  // Stripe's own API mock (stateless, answers from its OpenAPI fixtures): the bench's yardstick
  // for the Stripe simulator's throughput. v0.203.0 is what issue #12 measured against.
  'stripe-mock': {
    name: 'stripe-mock',
    version: '0.203.0',
    goPackage: 'github.com/stripe/stripe-mock',
    goBinary: 'stripe-mock',
    ldflags: '-X main.version=0.203.0',
    versionFlag: '-version',
    // "stripe-mock 0.203.0" (unstamped: "stripe-mock master")
    versionPattern: /^stripe-mock\s+v?(\d+\.\d+\.\d+)\b/m,
    license: 'MIT',
  },
};

/** The tools the live world needs (`gauntlet doctor` requires them). */
export const TOOL_NAMES: readonly ToolName[] = ['toxiproxy-server', 'vegeta'];

/** Tools only `npm run bench` uses: installed by `make setup` when they build, never required. */
export const BENCH_TOOL_NAMES: readonly ToolName[] = ['stripe-mock'];

/** Image used for the container fallback of Toxiproxy; same release as the binary pin. */
export const TOXIPROXY_IMAGE = `ghcr.io/shopify/toxiproxy:${TOOL_PINS['toxiproxy-server'].version}`;

/** Root of the tool cache: $GAUNTLET_TOOLS_DIR, else ~/.cache/gauntlet/tools. */
export function toolsDir(env: Env = process.env): string {
  const override = env.GAUNTLET_TOOLS_DIR;
  if (override !== undefined && override !== '') return override;
  const home = env.HOME !== undefined && env.HOME !== '' ? env.HOME : homedir();
  return join(home, '.cache', 'gauntlet', 'tools');
}

/** Directory holding the cached binaries. */
export function toolBinDir(env: Env = process.env): string {
  return join(toolsDir(env), 'bin');
}

/** Where the cached binary of a pinned tool is (whether or not it is installed). */
export function toolPath(name: ToolName, env: Env = process.env): string {
  return join(toolBinDir(env), name);
}

/**
 * The Node the project runs on. `minimum` is package.json's engines (vitest 5 and commander 15 need
 * 22.12); when the machine's Node is older, scripts/setup-node.sh brings `version` (the current LTS
 * line) and `npm` from the npm registry into the tool cache, and the Makefile puts it first on PATH.
 * bin/node-version.js repeats `minimum` in plain JS (it runs before anything else can load).
 */
export const NODE_PIN = { version: '24.21.0', npm: '11.21.3', minimum: '22.12.0' } as const;

/** Where scripts/setup-node.sh puts a Node of the given version (whether or not it is there). */
export function nodeBinDir(version: string = NODE_PIN.version, env: Env = process.env): string {
  return join(toolsDir(env), `node-${version}`, 'bin');
}

/** Whether a Node version (`v22.12.0` or `22.12.0`) is at least `minimum`. */
export function nodeSatisfies(version: string, minimum: string = NODE_PIN.minimum): boolean {
  const have = version.replace(/^v/, '').split('.').map(Number);
  const need = minimum.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const h = have[i] ?? 0;
    const n = need[i] ?? 0;
    if (h !== n) return h > n;
  }
  return true;
}
