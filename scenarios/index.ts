// The drill library's public face: the format (its zod schema and the JSON Schema generated from
// it), its validation, the catalogue.
export * from './drill.ts';
export { DrillFaultSchema, DrillSchema, ExerciseSchema, PassCriteriaSchema, TrafficSchema } from './drill-schema.ts';
export { DRILL_SCHEMA_FILE, drillJsonSchema, drillJsonSchemaText } from './drill-json-schema.ts';
export { DRILLS_DIR, findDrill, loadDrillFile, loadDrills } from './catalogue.ts';
