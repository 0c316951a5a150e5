// Building a mutant core: the correct core's options with the named mutant's parts swapped in
// (its policies, its adapter wrapper, its settlement source). Whatever builds a core (the
// simulation world, the live core process, tests) builds a mutant the same way.
import type { CoreOptions } from '../core.ts';
import { applyMutantToAdapters, requireMutant } from './apply.ts';
import { mutantPolicies } from './policies.ts';
import { mutantSettlementSource } from './settlement-source.ts';

/** `options` as the named mutant; an unknown name throws (a typo must not test the correct core). */
export function withMutant(options: CoreOptions, name: string): CoreOptions {
  const mutant = requireMutant(name);
  return {
    ...options,
    adapters: applyMutantToAdapters(mutant, options.adapters),
    ...(options.settlementSource ? { settlementSource: mutantSettlementSource(options.settlementSource, mutant) } : {}),
    policies: { ...options.policies, ...mutantPolicies(mutant) },
  };
}
