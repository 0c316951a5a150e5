// Regenerates scenarios/drill.schema.json from the zod schema: `npx tsx scenarios/write-drill-schema.ts`.
// Run it after changing drill-schema.ts (or the fault-plan schema it embeds); drill-schema.test.ts
// fails until the committed file matches.
import { writeFileSync } from 'node:fs';
import { DRILL_SCHEMA_FILE, drillJsonSchemaText } from './drill-json-schema.ts';

writeFileSync(DRILL_SCHEMA_FILE, drillJsonSchemaText());
console.log(`wrote ${DRILL_SCHEMA_FILE}`);
