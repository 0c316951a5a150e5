// Adyen's webhook retry schedule, as a table of delays before each retry.
//
// Source: docs.adyen.com/development-resources/webhooks/troubleshoot ("Retry queue"): a webhook
// not accepted with a 2xx is retried three times, at 9, 18 and 27 seconds; then it goes to the
// endpoint's retry queue and is retried after 2, 5, 10, 15 and 30 minutes, 1, 2, 4 and 8 hours,
// "for up to 30 days". The docs list no interval past 8 hours: the simulator keeps retrying every
// 8 hours until 30 days have passed since the first attempt.
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const IMMEDIATE_RETRIES = [9 * SECOND, 9 * SECOND, 9 * SECOND];
const QUEUE_RETRIES = [2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, 1 * HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR];
const RETRY_WINDOW = 30 * DAY;
const LAST_INTERVAL = 8 * HOUR;

function schedule(): number[] {
  const delays = [...IMMEDIATE_RETRIES, ...QUEUE_RETRIES];
  let elapsed = delays.reduce((a, b) => a + b, 0);
  while (elapsed + LAST_INTERVAL <= RETRY_WINDOW) {
    delays.push(LAST_INTERVAL);
    elapsed += LAST_INTERVAL;
  }
  return delays;
}

/** Delay (ms, provider time) before retry n+1 after attempt n failed; its length is the retry budget. */
export const ADYEN_RETRY_DELAYS_MS: readonly number[] = Object.freeze(schedule());
