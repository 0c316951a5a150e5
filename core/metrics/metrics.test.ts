import { describe, expect, it } from 'vitest';
import { histogramP95 } from '../../harness/drill/kpis.ts';
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
    expect(histogramP95(alone.join('\n'), 'gauntlet_webhook_lag_ms')).toBe(histogramP95(full, 'gauntlet_webhook_lag_ms'));
    expect(histogramP95(alone.join('\n'), 'gauntlet_webhook_lag_ms')).toBe(2500);
  });

  it('renders an empty webhook lag histogram with zero counts', () => {
    const alone = new Metrics().renderWebhookLag();
    expect(alone).toContain('gauntlet_webhook_lag_ms_bucket{le="+Inf"} 0');
    expect(histogramP95(alone.join('\n'), 'gauntlet_webhook_lag_ms')).toBeNull();
  });
});
