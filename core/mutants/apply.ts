// Applying a mutant to a core being assembled: the adapter mutants wrap the adapters here; the
// others are wrong policies (./policies.ts) or a narrowed settlement source (./settlement-source.ts),
// all put together by withMutant (./with-mutant.ts).
import type { ProviderAdapter, ProviderName } from '../adapters/types.ts';
import { mutantAdapter } from './adapters.ts';
import { isMutantName, type MutantName } from './catalogue.ts';

/** Refuses a name that is no mutant: a typo must not silently test the correct core. */
export function requireMutant(name: string): MutantName {
  if (!isMutantName(name)) throw new Error(`unknown mutant: ${name}`);
  return name;
}

/** The adapters the mutant core talks through (the same objects when the mutant is not an adapter one). */
export function applyMutantToAdapters(
  mutant: MutantName,
  adapters: Partial<Record<ProviderName, ProviderAdapter>>,
): Partial<Record<ProviderName, ProviderAdapter>> {
  const out: Partial<Record<ProviderName, ProviderAdapter>> = {};
  for (const [name, adapter] of Object.entries(adapters) as [ProviderName, ProviderAdapter | undefined][]) {
    if (adapter) out[name] = mutantAdapter(adapter, mutant);
  }
  return out;
}
