// core/mutants' public face: the catalogue of built-in mutants and how a core applies one.
export { MUTANTS, MUTANT_NAMES, isMutantName, type MutantInfo, type MutantName } from './catalogue.ts';
export { applyMutantToAdapters, requireMutant } from './apply.ts';
export { mutantSettlementSource } from './settlement-source.ts';
export { mutantPolicies } from './policies.ts';
export { withMutant } from './with-mutant.ts';
