// The drill file's JSON Schema, generated from the zod schema (drill-schema.ts) so the two cannot
// disagree: scenarios/drill.schema.json is this text, committed, and drill-schema.test.ts fails
// when it is stale (`npx tsx scenarios/write-drill-schema.ts` rewrites it). Draft-07, the draft
// every editor's JSON language service (VS Code, JetBrains, yaml-language-server) checks fully.
// What JSON Schema cannot say (a duration of at most 10m, a non-zero delta, a webhook rule that
// matches by event only) the loader still checks; the editor catches the rest as you type.
import { join } from 'node:path';
import { z } from 'zod';
import { DrillSchema } from './drill-schema.ts';

export const DRILL_SCHEMA_FILE = join(import.meta.dirname, 'drill.schema.json');

export function drillJsonSchema(): Record<string, unknown> {
  // io 'input': the schema of what a person writes (optional fields optional, no defaults filled in).
  return z.toJSONSchema(DrillSchema, { target: 'draft-07', io: 'input' });
}

/** The committed file's exact text: two-space JSON and a final newline, as an editor would save it. */
export function drillJsonSchemaText(): string {
  return `${JSON.stringify(drillJsonSchema(), null, 2)}\n`;
}
