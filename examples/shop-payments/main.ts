// Entry point: `node --import tsx examples/shop-payments/main.ts`. Configuration from the
// environment (STRIPE_API_BASE, STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, PORT, SHOP_BUGS).
// SIGTERM/SIGINT: stop taking requests, finish the ones in flight, exit 0.
import { ConfigError, configFromEnv } from './src/config.ts';
import { createShop } from './src/server.ts';

let config;
try {
  config = configFromEnv(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`shop-payments: ${err.message}\n`);
  process.exit(2);
}
const shop = createShop(config);
const url = await shop.listen();
process.stdout.write(`[shop] listening on ${url} (Stripe at ${config.stripeApiBase}${config.bugs.size ? `; BUGS ON: ${[...config.bugs].join(', ')}` : ''})\n`);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`[shop] ${signal}: shutting down\n`);
    void shop.close().then(() => process.exit(0));
  });
}
