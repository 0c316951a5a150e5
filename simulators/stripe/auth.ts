// API keys, as Stripe takes them: `Authorization: Bearer sk_test_...`, or HTTP Basic with the key
// as the user name (`curl -u sk_test_...:`). The simulator is a test-mode account: any secret or
// restricted test key is accepted; live keys and anything else are refused with a 401.
import { errorBody, type StripeErrorBody } from './errors.ts';

const TEST_KEY = /^(sk|rk)_test_[A-Za-z0-9_]{1,247}$/;

export type AuthResult = { ok: true; apiKey: string } | { ok: false; body: StripeErrorBody };

export function authenticate(header: string | undefined): AuthResult {
  const key = extractKey(header);
  if (key === undefined || key === '') {
    return {
      ok: false,
      body: errorBody(
        'invalid_request_error',
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      ),
    };
  }
  if (!TEST_KEY.test(key)) {
    return { ok: false, body: errorBody('invalid_request_error', `Invalid API Key provided: ${mask(key)}`) };
  }
  return { ok: true, apiKey: key };
}

function extractKey(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value = ''] = header.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme ?? '')) return value;
  if (/^basic$/i.test(scheme ?? '')) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon === -1 ? decoded : decoded.slice(0, colon);
  }
  return undefined;
}

/** `sk_test_********************1234`: enough to recognise a key, never the key. */
function mask(key: string): string {
  if (key.length <= 12) return '*'.repeat(key.length);
  const prefix = /^[a-z]{2,3}_(test|live)_/.exec(key)?.[0] ?? '';
  return `${prefix}${'*'.repeat(Math.max(4, key.length - prefix.length - 4))}${key.slice(-4)}`;
}
