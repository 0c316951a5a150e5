// The golden signals a payments team watches, in Prometheus text: provider attempts and outcomes
// by class, call latency, webhook lag, and (read at scrape time) payments by status and the
// number still unknown.

const LATENCY_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

interface Histogram {
  buckets: number[];
  sum: number;
  count: number;
}

function histogram(): Histogram {
  return { buckets: LATENCY_BUCKETS_MS.map(() => 0), sum: 0, count: 0 };
}

function observe(h: Histogram, value: number): void {
  LATENCY_BUCKETS_MS.forEach((b, i) => {
    if (value <= b) h.buckets[i]! += 1;
  });
  h.sum += value;
  h.count += 1;
}

export class Metrics {
  private readonly calls = new Map<string, number>();
  private readonly latency = new Map<string, Histogram>();
  private readonly webhooks = new Map<string, number>();
  private readonly webhookLag = histogram();
  private readonly requests = new Map<string, number>();
  private readonly deadLettered = new Map<string, number>();
  /** Parked webhook events (dead letters, orphans) by provider and state, as last read from the database. */
  private parked: { provider: string; state: string; n: number }[] = [];

  providerCall(provider: string, kind: string, outcome: string, latenciesMs: number[]): void {
    const key = `provider="${provider}",operation="${kind}",outcome="${outcome}"`;
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
    const lk = `provider="${provider}",operation="${kind}"`;
    const h = this.latency.get(lk) ?? histogram();
    for (const ms of latenciesMs) observe(h, ms);
    this.latency.set(lk, h);
  }

  webhook(provider: string, verdict: string): void {
    const key = `provider="${provider}",verdict="${verdict}"`;
    this.webhooks.set(key, (this.webhooks.get(key) ?? 0) + 1);
  }

  webhookApplied(lagMs: number): void {
    observe(this.webhookLag, lagMs);
  }

  /** A stored webhook event parked as a dead letter: `apply_failed` (retries exhausted) or `conflict`. */
  webhookDeadLettered(provider: string, reason: string): void {
    const key = `provider="${provider}",reason="${reason}"`;
    this.deadLettered.set(key, (this.deadLettered.get(key) ?? 0) + 1);
  }

  webhooksParked(counts: { provider: string; state: string; n: number }[]): void {
    this.parked = counts;
  }

  request(route: string, status: number): void {
    const key = `route="${route}",status="${status}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  /**
   * The webhook lag histogram alone, exactly as `render` writes it: what a drill's KPI reads, in
   * the simulation world once per run, without rendering (and sorting) every other family.
   */
  renderWebhookLag(): string[] {
    return ['# HELP gauntlet_webhook_lag_ms From receipt to application of a webhook event.', '# TYPE gauntlet_webhook_lag_ms histogram', ...histogramLines('gauntlet_webhook_lag_ms', '', this.webhookLag)];
  }

  render(paymentsByStatus: Record<string, number>): string {
    const lines: string[] = [];
    const counter = (name: string, help: string, m: Map<string, number>) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const [labels, v] of [...m].sort()) lines.push(`${name}{${labels}} ${v}`);
    };
    const hist = (name: string, labels: string, h: Histogram) => lines.push(...histogramLines(name, labels, h));
    counter('gauntlet_provider_calls_total', 'Provider calls by operation and outcome class (ok, declined, provider_error, indeterminate, invalid_request).', this.calls);
    lines.push('# HELP gauntlet_provider_call_latency_ms Latency of each provider call attempt.', '# TYPE gauntlet_provider_call_latency_ms histogram');
    for (const [labels, h] of [...this.latency].sort()) hist('gauntlet_provider_call_latency_ms', labels, h);
    counter('gauntlet_webhooks_received_total', 'Webhooks received by verdict (accepted, duplicate, bad_signature, stale, malformed).', this.webhooks);
    lines.push(...this.renderWebhookLag());
    counter('gauntlet_webhook_dead_letters_total', 'Stored webhook events parked as dead letters by this process, by reason (apply_failed, conflict, never_applicable).', this.deadLettered);
    lines.push('# HELP gauntlet_webhooks_parked Webhook events parked for a human: dead letters and orphans (GET /v1/webhooks/dead-letters).', '# TYPE gauntlet_webhooks_parked gauge');
    for (const p of this.parked) lines.push(`gauntlet_webhooks_parked{provider="${p.provider}",state="${p.state}"} ${p.n}`);
    counter('gauntlet_http_requests_total', 'Merchant API requests by route and status.', this.requests);
    lines.push('# HELP gauntlet_payments Payments by status.', '# TYPE gauntlet_payments gauge');
    for (const [status, n] of Object.entries(paymentsByStatus).sort()) lines.push(`gauntlet_payments{status="${status}"} ${n}`);
    lines.push('# HELP gauntlet_payments_unknown Payments whose provider outcome is still indeterminate.', '# TYPE gauntlet_payments_unknown gauge');
    lines.push(`gauntlet_payments_unknown ${paymentsByStatus.unknown ?? 0}`);
    return `${lines.join('\n')}\n`;
  }
}

function histogramLines(name: string, labels: string, h: Histogram): string[] {
  const sep = labels ? ',' : '';
  const lines = LATENCY_BUCKETS_MS.map((b, i) => `${name}_bucket{${labels}${sep}le="${b}"} ${h.buckets[i]}`);
  lines.push(`${name}_bucket{${labels}${sep}le="+Inf"} ${h.count}`, `${name}_sum{${labels}} ${h.sum}`, `${name}_count{${labels}} ${h.count}`);
  return lines;
}
