#!/usr/bin/env node
// The CLI entry: runs the TypeScript sources directly through tsx, so `npx gauntlet <verb>`
// works straight after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../harness/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
