// Preloaded (NODE_OPTIONS=--import) by json-stdout.test.ts: in the verb's child (the one with a
// result pipe) it writes to process.stdout from JavaScript, as a library's logger does (pact-js
// logs a failed verification that way), while the verb runs.
if (process.env.GAUNTLET_RESULT_FD !== undefined) setTimeout(() => process.stdout.write('a library logging to stdout\n'), 300).unref();
