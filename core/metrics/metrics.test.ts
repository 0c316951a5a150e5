import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics.ts';

describe('Metrics', () => {
  it('renders the webhook lag histogram alone exactly as the full scrape holds it', () => {
    const m = new Metrics();
    m.providerCall('stripe', 'authorize', 'ok', [12, 30]);
    for (const lag of [3, 7, 40, 40, 90, 300, 1200]) m.webhookApplied(lag);
    m.webhook('stripe', 'accepted');
    const full = m.render({ captured: 2, unknown: 1 });
    const alone = m.renderWebhookLag();
    expect(alone.length).toBe(16);
    expect(full).toContain(`${alone.join('\n')}\n`);
    // Cumulative buckets, the sum and the count of what was observed.
    expect(alone).toContain('gauntlet_webhook_lag_ms_bucket{le="5"} 1');
    expect(alone).toContain('gauntlet_webhook_lag_ms_bucket{le="50"} 4');
    expect(alone).toContain('gauntlet_webhook_lag_ms_bucket{le="1000"} 6');
    expect(alone).toContain('gauntlet_webhook_lag_ms_bucket{le="2500"} 7');
    expect(alone).toContain('gauntlet_webhook_lag_ms_bucket{le="+Inf"} 7');
    expect(alone).toContain('gauntlet_webhook_lag_ms_sum{} 1680');
    expect(alone).toContain('gauntlet_webhook_lag_ms_count{} 7');
  });

  it('renders an empty webhook lag histogram with zero counts', () => {
    const alone = new Metrics().renderWebhookLag();
    expect(alone).toContain('gauntlet_webhook_lag_ms_bucket{le="+Inf"} 0');
    expect(alone).toContain('gauntlet_webhook_lag_ms_count{} 0');
  });
});
