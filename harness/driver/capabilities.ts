// Checks the `capabilities` a driver declares. Everything the harness sends or skips is decided
// from them (a drill needing an undeclared capability is not applicable), so a typo here would
// silently turn drills off: every problem is named, all at once, before anything runs.
import { OPERATION_CAPABILITIES, type DriverCapabilities, type ProviderName } from './types.ts';

const PROVIDERS: readonly ProviderName[] = ['stripe', 'adyen'];
const FLAGS = ['merchantIdempotency', 'failover', 'reconcile', 'settlementReports'] as const;
/** An operation that only makes sense on top of another one. */
const NEEDS: Partial<Record<string, string>> = { partial_capture: 'capture', partial_refund: 'refund', multiple_refunds: 'refund' };

/**
 * The problems with `value` as the capabilities of `driver`, in plain words; empty when it is
 * valid. `driver` is checked for the optional methods a flag promises (reconcile, discrepancies).
 */
export function capabilityProblems(value: unknown, driver: Record<string, unknown> = {}): string[] {
  if (value === undefined || value === null) {
    return [`capabilities is missing: declare what your service supports, e.g. { providers: ['stripe'], operations: ['capture', 'refund', 'void'], webhooks: { stripe: '/webhooks/stripe' }, merchantIdempotency: true, failover: false, reconcile: false, settlementReports: false }`];
  }
  if (typeof value !== 'object' || Array.isArray(value)) return ['capabilities must be an object'];
  const c = value as Record<string, unknown>;
  const problems: string[] = [];

  const providers = c.providers;
  if (!Array.isArray(providers) || providers.length === 0) problems.push(`capabilities.providers must be a non-empty array of ${PROVIDERS.join(', ')}`);
  else {
    for (const p of providers) if (!PROVIDERS.includes(p as ProviderName)) problems.push(`capabilities.providers: '${String(p)}' is not a provider Gauntlet simulates (${PROVIDERS.join(', ')})`);
    if (new Set(providers).size !== providers.length) problems.push('capabilities.providers lists a provider twice');
  }

  // Cross-checks against the providers only when the list itself is readable (no cascades).
  const declared = Array.isArray(providers) && providers.length > 0 ? (providers as unknown[]) : undefined;

  const operations = c.operations;
  if (!Array.isArray(operations)) problems.push(`capabilities.operations must be an array of ${OPERATION_CAPABILITIES.join(', ')} (empty when the service only authorizes)`);
  else {
    for (const op of operations) {
      if (!(OPERATION_CAPABILITIES as readonly unknown[]).includes(op)) problems.push(`capabilities.operations: '${String(op)}' is not an operation Gauntlet knows (${OPERATION_CAPABILITIES.join(', ')})`);
      const base = NEEDS[String(op)];
      if (base && !operations.includes(base)) problems.push(`capabilities.operations: '${String(op)}' needs '${base}' too`);
    }
  }

  const webhooks = c.webhooks;
  if (typeof webhooks !== 'object' || webhooks === null || Array.isArray(webhooks)) problems.push("capabilities.webhooks must be an object of provider → path ({} when the service takes no webhooks)");
  else {
    for (const [provider, path] of Object.entries(webhooks)) {
      if (!PROVIDERS.includes(provider as ProviderName)) problems.push(`capabilities.webhooks: '${provider}' is not a provider (${PROVIDERS.join(', ')})`);
      else if (declared && !declared.includes(provider)) problems.push(`capabilities.webhooks: '${provider}' is not in capabilities.providers`);
      if (typeof path !== 'string' || !path.startsWith('/')) problems.push(`capabilities.webhooks.${provider} must be a path on the service's base URL starting with '/' (got ${JSON.stringify(path)})`);
    }
  }

  for (const flag of FLAGS) if (typeof c[flag] !== 'boolean') problems.push(`capabilities.${flag} must be true or false (got ${JSON.stringify(c[flag])})`);
  if (c.failover === true && declared && declared.length < 2) problems.push('capabilities.failover is true but only one provider is declared: failover needs two');
  if (c.reconcile === true && typeof driver.reconcile !== 'function') problems.push('capabilities.reconcile is true but the driver has no reconcile() method');
  if (c.settlementReports === true && typeof driver.discrepancies !== 'function') problems.push('capabilities.settlementReports is true but the driver has no discrepancies() method');

  const known = new Set(['providers', 'operations', 'webhooks', ...FLAGS]);
  for (const key of Object.keys(c)) if (!known.has(key)) problems.push(`capabilities.${key} is not a capability Gauntlet knows (${[...known].join(', ')})`);
  return problems;
}

/** `value` as DriverCapabilities, or an Error listing every problem. */
export function assertCapabilities(value: unknown, driver: Record<string, unknown>, source: string): DriverCapabilities {
  const problems = capabilityProblems(value, driver);
  if (problems.length) throw new Error(`${source}: the driver's capabilities are not valid:\n  - ${problems.join('\n  - ')}`);
  return value as DriverCapabilities;
}
