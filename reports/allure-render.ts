// Renders Allure results into an Allure 3 report with the `allure` package's own CLI (Allure 3 is
// pure Node; no Java). The report is the Awesome plugin in single-file mode: one index.html with
// its scripts, styles and data inlined, so it opens from disk or as a CI artefact with no server
// and no network (the multi-file report fetch()es its data, which browsers refuse over file://).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export type RenderResult = { ok: true; index: string } | { ok: false; reason: string };

export interface RenderOptions {
  /** The CLI is killed after this long; generating a gate's report takes a second or two. */
  timeoutMs?: number;
  reportName?: string;
}

/** Allure 3.18's Awesome template always adds Google Analytics (allure3 issue #476, no opt-out yet). */
const ANALYTICS = [/<script async src="https:\/\/www\.googletagmanager\.com\/[^"]*"><\/script>/g, /<script>\s*window\.dataLayer = window\.dataLayer \|\| \[\];[\s\S]*?<\/script>/g];

export async function renderAllureReport(resultsDir: string, outDir: string, o: RenderOptions = {}): Promise<RenderResult> {
  const cli = allureCli();
  if (!cli) return { ok: false, reason: 'the allure package (Allure 3) is not installed: npm install --save-dev allure' };
  const results = resolve(resultsDir);
  const files = await readdir(results).catch(() => null);
  if (!files?.some((f) => f.endsWith('-result.json'))) return { ok: false, reason: `no Allure results in ${results}` };
  const out = resolve(outDir);
  // A config of our own in a directory of our own: an allurerc.* in the caller's directory, or the
  // default `./**/allure-results` glob, must not change what gets rendered.
  const cwd = await mkdtemp(join(tmpdir(), 'gauntlet-allure-'));
  try {
    const config = join(cwd, 'allurerc.json');
    await writeFile(config, JSON.stringify({ name: o.reportName ?? 'Gauntlet release gate', plugins: { awesome: { options: { singleFile: true, reportLanguage: 'en' } } } }));
    const run = await runNode([cli, 'generate', results, '--output', out, '--config', config, '--cwd', cwd], cwd, o.timeoutMs ?? 60_000);
    if (!run.ok) return run;
    const index = join(out, 'index.html');
    const html = await readFile(index, 'utf8').catch(() => null);
    if (html === null) return { ok: false, reason: `allure generate exited 0 but wrote no ${index}` };
    const offline = ANALYTICS.reduce((h, re) => h.replace(re, ''), html);
    // If a later Allure changes the template, say so rather than ship a page that phones home.
    if (/googletagmanager|dataLayer/.test(offline)) return { ok: false, reason: `could not remove Google Analytics from ${index}: the Allure template changed` };
    if (offline !== html) await writeFile(index, offline);
    return { ok: true, index };
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

/** allure/cli.js, found through the package's main entry (its exports do not expose cli.js). */
function allureCli(): string | null {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('allure')), '..', 'cli.js');
  } catch {
    return null;
  }
}

function runNode(args: string[], cwd: string, timeoutMs: number): Promise<{ ok: true } | { ok: false; reason: string }> {
  return new Promise((done) => {
    execFile(process.execPath, args, { cwd, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      if (!err) return done({ ok: true });
      const tail = `${stderr}\n${stdout}`.trim().split('\n').slice(-5).join('\n');
      const killed = (err as { killed?: boolean }).killed;
      done({ ok: false, reason: killed ? `allure generate did not finish within ${timeoutMs} ms` : `allure generate failed (${err.code ?? err.message}): ${tail}` });
    });
  });
}
