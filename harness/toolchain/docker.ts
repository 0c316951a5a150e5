// Is a container runtime reachable? Answers within a few seconds, and "no" fast when there is
// no daemon (a docker CLI without an engine is common: CI sandboxes, this project's machines).
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from './exec.ts';
import { which } from './find-tool.ts';
import type { Env } from './versions.ts';

export interface DockerStatus {
  readonly available: boolean;
  /** What answered, or why nothing did. */
  readonly detail: string;
  /** The endpoint that answered, e.g. unix:///var/run/docker.sock. */
  readonly endpoint?: string;
}

export interface DetectDockerOptions {
  readonly env?: Env;
  /** Deadline for each socket ping. */
  readonly pingTimeoutMs?: number;
  /** Deadline for the `docker info` fallback. */
  readonly cliTimeoutMs?: number;
}

export async function detectDocker(options: DetectDockerOptions = {}): Promise<DockerStatus> {
  const env = options.env ?? process.env;
  const pingTimeoutMs = options.pingTimeoutMs ?? 1_500;
  const reasons: string[] = [];

  const host = env.DOCKER_HOST;
  if (host !== undefined && host !== '') {
    if (host.startsWith('unix://')) {
      const socketPath = host.slice('unix://'.length);
      const ping = await pingDocker({ socketPath }, pingTimeoutMs);
      if (ping === true) return { available: true, detail: `daemon answered at ${host}`, endpoint: host };
      reasons.push(`DOCKER_HOST=${host}: ${ping}`);
    } else if (host.startsWith('tcp://') && env.DOCKER_TLS_VERIFY !== '1') {
      const u = new URL(host.replace(/^tcp:/, 'http:'));
      const ping = await pingDocker({ host: u.hostname, port: Number(u.port || 2375) }, pingTimeoutMs);
      if (ping === true) return { available: true, detail: `daemon answered at ${host}`, endpoint: host };
      reasons.push(`DOCKER_HOST=${host}: ${ping}`);
    }
    // Other schemes (ssh://, TLS) are left to the docker CLI below.
  } else {
    const home = env.HOME !== undefined && env.HOME !== '' ? env.HOME : homedir();
    const sockets = [
      '/var/run/docker.sock',
      ...(env.XDG_RUNTIME_DIR ? [join(env.XDG_RUNTIME_DIR, 'docker.sock')] : []),
      join(home, '.docker', 'run', 'docker.sock'),
    ];
    for (const socketPath of sockets) {
      if (!existsSync(socketPath)) continue;
      const ping = await pingDocker({ socketPath }, pingTimeoutMs);
      if (ping === true) {
        return { available: true, detail: `daemon answered at unix://${socketPath}`, endpoint: `unix://${socketPath}` };
      }
      reasons.push(`unix://${socketPath}: ${ping}`);
    }
    if (reasons.length === 0) reasons.push('no Docker socket found and DOCKER_HOST is not set');
  }

  // Contexts (rootless, colima, remote) are only known to the CLI.
  const cli = await which('docker', env);
  if (cli === undefined) {
    reasons.push('no docker CLI on PATH');
  } else {
    const info = await runCommand(cli, ['info', '--format', '{{.ServerVersion}}'], {
      timeoutMs: options.cliTimeoutMs ?? 5_000,
      env,
    });
    const serverVersion = info.stdout.trim();
    if (info.code === 0 && serverVersion !== '') {
      return { available: true, detail: `docker info: server ${serverVersion}`, endpoint: 'docker CLI context' };
    }
    const why = info.error ?? firstLine(info.stderr) ?? `exit ${String(info.code)}`;
    reasons.push(`docker info failed: ${why}`);
  }
  return { available: false, detail: reasons.join('; ') };
}

function firstLine(text: string): string | undefined {
  const line = text.split('\n').map((l) => l.trim()).find((l) => l !== '');
  return line;
}

type PingTarget = { socketPath: string } | { host: string; port: number };

/** GET /_ping; true when the daemon answers 200, else why not. */
function pingDocker(target: PingTarget, timeoutMs: number): Promise<true | string> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (v: true | string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(v);
    };
    const req = request({ ...target, method: 'GET', path: '/_ping', agent: false }, (res) => {
      res.resume();
      done(res.statusCode === 200 ? true : `/_ping answered HTTP ${String(res.statusCode)}`);
    });
    const timer = setTimeout(() => {
      done(`no answer within ${timeoutMs} ms`);
      req.destroy();
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
    req.end();
  });
}
