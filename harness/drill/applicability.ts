// Which drills a SUT can take part in. A driver declares the SUT's capabilities (providers,
// operations, webhooks, merchant idempotency, failover, reconciliation); a world says whether it
// can restart the SUT. A drill that needs what is not there is NOT APPLICABLE: skipped with the
// reason, never failed and never passed. A drill that still applies is narrowed to what the SUT
// declared (its providers, merchant retries only where keys are honoured), and the faults aimed
// at a provider the SUT does not use are left out, each with a note.
import type { Capability, Drill, DrillFault } from '../../scenarios/index.ts';
import type { DriverCapabilities, ProviderName } from '../driver/types.ts';
import { isWebhookEffect } from '../../simulators/index.ts';

export type Applicability = { applicable: true; drill: Drill; notes: string[] } | { applicable: false; reason: string };

export interface WorldAbilities {
  /** The harness owns the SUT's process and can SIGKILL and restart it. */
  canRestart: boolean;
}

export function applicability(drill: Drill, caps: DriverCapabilities, world: WorldAbilities): Applicability {
  const notes: string[] = [];
  const declared = new Set<ProviderName>(caps.providers);
  const wantsAuto = drill.traffic.providers.includes('auto');
  const providers = drill.traffic.providers.filter((p) => p === 'auto' || declared.has(p));
  const dropped = drill.traffic.providers.filter((p) => !providers.includes(p));
  if (providers.length === 0) return { applicable: false, reason: `its traffic goes to ${list(drill.traffic.providers)}, and the SUT declares only ${list(caps.providers)}` };
  if (dropped.length) notes.push(`traffic to ${list(dropped)} left out: the SUT does not use ${dropped.length === 1 ? 'it' : 'them'}`);
  const reached: ProviderName[] = wantsAuto ? [...declared] : (providers as ProviderName[]);

  const missing = needs(drill).filter((c) => !has(c, caps, world, reached));
  if (missing.length) return { applicable: false, reason: `it needs ${missing.map(describeNeed).join(', ')}, which ${missing.includes('restart') && missing.length === 1 ? 'this world cannot do (Gauntlet owns no process of the SUT here)' : 'the SUT does not declare'}` };

  const faults: DrillFault[] = [];
  for (const f of drill.faults) {
    const why = faultOutOfReach(f, caps, reached);
    if (why) notes.push(`fault left out: ${why}`);
    else faults.push(f);
  }
  // Traffic of its own (issuer-declining cards, merchant retries) still tests something without a fault.
  const ownTraffic = (drill.traffic.declineRate ?? 0) > 0 || (((drill.traffic.retryRate ?? 0) > 0 || (drill.traffic.keyReuseRate ?? 0) > 0) && caps.merchantIdempotency);
  if (drill.faults.length > 0 && faults.length === 0 && !ownTraffic) return { applicable: false, reason: `every fault it injects is out of the SUT's reach (${notes.filter((n) => n.startsWith('fault')).map((n) => n.slice('fault left out: '.length)).join('; ')})` };

  const retryRate = caps.merchantIdempotency ? drill.traffic.retryRate : undefined;
  if (drill.traffic.retryRate && !caps.merchantIdempotency) notes.push('no merchant retries: the SUT does not declare merchant idempotency keys');
  const traffic = { ...drill.traffic, providers };
  if (retryRate === undefined) delete traffic.retryRate;
  else traffic.retryRate = retryRate;
  if (drill.traffic.keyReuseRate && !caps.merchantIdempotency) {
    notes.push('no reused merchant keys: the SUT does not declare merchant idempotency keys');
    delete traffic.keyReuseRate;
  }
  return { applicable: true, drill: { ...drill, traffic, faults }, notes };
}

type Need = Capability | 'multiple_refunds' | 'settlement_reports';

/** What the drill needs: what it says it requires, and what its traffic and faults imply. */
export function needs(drill: Drill): Need[] {
  const out = new Set<Need>(drill.requires);
  for (const f of drill.traffic.followUps) out.add(f);
  if (drill.traffic.followUps.filter((f) => f === 'refund' || f === 'partial_refund').length > 1) out.add('multiple_refunds');
  if (drill.faults.some((f) => f.kind === 'settlement')) out.add('settlement_reports');
  if (drill.faults.some((f) => f.kind === 'process')) out.add('restart');
  if (drill.traffic.providers.includes('auto')) out.add('auto_routing');
  return [...out];
}

function has(need: Need, caps: DriverCapabilities, world: WorldAbilities, reached: ProviderName[]): boolean {
  switch (need) {
    case 'authorize':
      return true;
    case 'capture':
    case 'partial_capture':
    case 'refund':
    case 'partial_refund':
    case 'void':
    case 'multiple_refunds':
      return caps.operations.includes(need);
    case 'webhooks':
      return reached.every((p) => typeof caps.webhooks[p] === 'string');
    case 'reconcile':
      return caps.reconcile;
    case 'settlement_reports':
      return caps.settlementReports;
    case 'auto_routing':
      return caps.failover;
    case 'restart':
      return world.canRestart;
  }
}

function describeNeed(need: Need): string {
  const words: Record<Need, string> = {
    authorize: 'authorization',
    capture: 'captures',
    partial_capture: 'partial captures',
    refund: 'refunds',
    partial_refund: 'partial refunds',
    void: 'voids',
    multiple_refunds: 'several refunds on one payment',
    webhooks: 'PSP webhooks for every provider it uses',
    reconcile: 'reconciliation with the PSP',
    settlement_reports: 'reconciliation against settlement reports',
    auto_routing: 'routing and failover between providers',
    restart: 'a SIGKILL and restart of the SUT',
  };
  return words[need];
}

function faultOutOfReach(f: DrillFault, caps: DriverCapabilities, reached: ProviderName[]): string | undefined {
  // A provider the SUT declares but this drill's traffic does not go to is the drill's doing, not the SUT's.
  const unused = (p: ProviderName) => (caps.providers.includes(p) ? `this drill's traffic does not go to ${p}` : `the SUT does not use ${p}`);
  switch (f.kind) {
    case 'psp':
    case 'settlement':
      if (!reached.includes(f.provider)) return `${f.provider} ${f.kind === 'psp' ? f.rule.effect.type : 'settlement gap'}: ${unused(f.provider)}`;
      if (f.kind === 'psp' && isWebhookEffect(f.rule.effect) && typeof caps.webhooks[f.provider] !== 'string') return `${f.provider} webhook ${f.rule.effect.type}: the SUT takes no ${f.provider} webhooks`;
      return undefined;
    case 'network':
      if (f.target === 'core_webhooks') return Object.keys(caps.webhooks).length === 0 ? `${f.toxic} on the webhook path: the SUT takes no webhooks` : undefined;
      if (f.target === 'sut' || f.target === 'merchant_events') return undefined;
      return reached.includes(f.target) ? undefined : `${f.toxic} on ${f.target}: ${unused(f.target)}`;
    case 'process':
      return undefined;
  }
}

function list(items: readonly string[]): string {
  return items.length ? items.join(', ') : 'nothing';
}
