// Locates a pinned tool: the cache first (what `make setup` installs), then PATH.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { parseVersion, runCommand } from './exec.ts';
import { type Env, type ToolName, TOOL_PINS, toolPath } from './versions.ts';

export interface FoundTool {
  readonly name: ToolName;
  readonly path: string;
  /** As the binary itself reports it (x.y.z), or 'unknown' when its output names none. */
  readonly version: string;
  /** The cache of `make setup`, or somewhere on PATH. */
  readonly source: 'cache' | 'path';
  /** The version this repo pins. */
  readonly pinned: string;
  readonly matchesPin: boolean;
}

export interface FindToolOptions {
  readonly env?: Env;
  /** Deadline for running `<tool> --version`. */
  readonly timeoutMs?: number;
}

export async function findTool(
  name: ToolName,
  options: FindToolOptions = {},
): Promise<FoundTool | undefined> {
  const env = options.env ?? process.env;
  const pin = TOOL_PINS[name];
  const candidates: Array<{ path: string; source: FoundTool['source'] }> = [];
  const cached = toolPath(name, env);
  if (await isExecutableFile(cached)) candidates.push({ path: cached, source: 'cache' });
  const onPath = await which(name, env);
  if (onPath !== undefined && onPath !== cached) candidates.push({ path: onPath, source: 'path' });

  const first = candidates[0];
  if (first === undefined) return undefined;
  const result = await runCommand(first.path, [pin.versionFlag], {
    timeoutMs: options.timeoutMs ?? 5_000,
    env,
  });
  const version = parseVersion(`${result.stdout}\n${result.stderr}`, pin.versionPattern) ?? 'unknown';
  return {
    name,
    path: first.path,
    version,
    source: first.source,
    pinned: pin.version,
    matchesPin: version === pin.version,
  };
}

/** First executable file called `name` on env.PATH. */
export async function which(name: string, env: Env = process.env): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

export async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const s = await stat(path);
    if (!s.isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
