// The drill library's public face: the format, its validation, the catalogue.
export * from './drill.ts';
export { DRILLS_DIR, findDrill, loadDrillFile, loadDrills } from './catalogue.ts';
