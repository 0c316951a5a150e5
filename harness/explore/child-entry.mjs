// A child process of `gauntlet explore --workers N` (worker-process.ts starts it as
// `node <flags> child-entry.mjs <module URL> <input JSON>`). Plain JavaScript, like
// worker-entry.mjs: it prepares a loader only when the module is TypeScript (Node's own type
// stripping, else tsx; the built package runs JavaScript and has no tsx), then loads the module
// (explore-worker.ts), which finds its channel to the parent on globalThis (worker-channel.ts).
//
// The channel is framed here, before any TypeScript loads, so a module that fails to load or link
// is still reported to the parent as a message:
// - to the parent: stdout, one message a line, PREFIX + JSON. Whatever else JavaScript writes to
//   stdout (a library's console.log) goes to stderr, so it can never break a frame;
// - from the parent: stdin, one JSON message a line. Its end means the parent has what it needs,
//   or is gone (even SIGKILLed: the kernel closes the pipe): this process then exits, so no
//   explore child outlives its parent. It keeps the process alive until then, so the parent's
//   'done' is never lost to an exit racing the read of a long last line.
const PREFIX = '\u001egauntlet-explore ';
const [moduleHref, inputJson] = process.argv.slice(2);
const rawWrite = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr);

const listeners = [];
let closed = false;
const send = (m) => rawWrite(`${PREFIX}${JSON.stringify(m)}\n`);
let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
    const line = pending.slice(0, nl);
    pending = pending.slice(nl + 1);
    if (line) for (const l of listeners) l(JSON.parse(line));
  }
});
// Ended before the module said it was done: the parent is gone, nobody will read the result.
process.stdin.on('end', () => process.exit(closed ? 0 : 1));

globalThis[Symbol.for('gauntlet.explore.parent')] = {
  input: JSON.parse(inputJson),
  send,
  onMessage: (fn) => void listeners.push(fn),
  // Done: exit once the parent ends stdin (it has read everything by then).
  close: () => void (closed = true),
};

// A crash is said, then the parent stops this process (or its end of stdin ends it).
const crashed = (err) => send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
process.on('uncaughtException', crashed);
process.on('unhandledRejection', crashed);
try {
  // Node's own type stripping when it has it, else tsx (bin/typescript.js, as bin/gauntlet.js does).
  if (moduleHref.endsWith('.ts')) await (await import('../../bin/typescript.js')).prepareTypeScript(moduleHref);
  await import(moduleHref);
} catch (err) {
  crashed(err);
}
