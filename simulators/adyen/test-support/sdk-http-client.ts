// Test support: an HttpClient for @adyen/api-library that sends the library's requests to a
// simulator instead of checkout-test.adyen.com. It does what the library's own
// HttpURLConnectionClient does (X-API-Key, Idempotency-Key from requestOptions, JSON content type,
// library headers; on a non-2xx an HttpClientException built from Adyen's error body), but over
// an injected fetch, rewriting only the origin: the version and path the library chose stay.
import adyen, { type Config } from '@adyen/api-library';
import type { IRequest } from '@adyen/api-library/lib/src/typings/requestOptions.js';

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export interface SentRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/** Structurally the library's ClientInterface (`new Client(config, httpClient)` checks it). */
export class SimulatorHttpClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: Fetch;
  /** Every request sent, for tests to look at the wire. */
  readonly sent: SentRequest[] = [];

  constructor(
    baseUrl: string,
    fetchImpl: Fetch,
  ) {
    this.baseUrl = baseUrl;
    this.fetchImpl = fetchImpl;
  }

  async request(endpoint: string, json: string | Buffer, config: Config, isApiKeyRequired: boolean, requestOptions: IRequest.Options = {}): Promise<string> {
    if (isApiKeyRequired && !config.apiKey) throw new Error('Invalid X-API-Key was used');
    const original = new URL(endpoint);
    const url = new URL(original.pathname + original.search, this.baseUrl);
    if (requestOptions.params) for (const [k, v] of new URLSearchParams(requestOptions.params as Record<string, string>)) url.searchParams.append(k, v);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Accept-Charset': 'utf-8',
      'Cache-Control': 'no-cache',
      'User-Agent': 'adyen-node-api-library (gauntlet test client)',
      'adyen-library-name': 'adyen-node-api-library',
    };
    for (const [k, v] of Object.entries(requestOptions.headers ?? {})) if (v !== undefined) headers[k] = String(v);
    if (config.apiKey) headers['X-API-Key'] = config.apiKey;
    if (requestOptions.idempotencyKey) headers['Idempotency-Key'] = requestOptions.idempotencyKey;
    const method = requestOptions.method ?? 'POST';
    const body = method === 'GET' ? '' : json.toString();
    this.sent.push({ url: url.toString(), method, headers, body });

    const res = await this.fetchImpl(url.toString(), { method, headers, ...(method === 'GET' ? {} : { body }) });
    const text = await res.text();
    if (res.status >= 200 && res.status < 300) return text;
    throw toException(res, text);
  }
}

function toException(res: Response, text: string): Error {
  const responseHeaders = Object.fromEntries(res.headers.entries());
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    if (parsed && typeof parsed === 'object' && 'status' in parsed) {
      return new adyen.HttpClientException({
        message: `HTTP Exception: ${String(parsed.status)}. ${res.statusText}: ${String(parsed.message)}`,
        statusCode: parsed.status as number,
        errorCode: parsed.errorCode as string,
        responseHeaders,
        responseBody: text,
        apiError: parsed,
      });
    }
    return new adyen.HttpClientException({ message: `HTTP Exception: ${res.status}. ${res.statusText}`, statusCode: res.status, responseHeaders, responseBody: text });
  } catch {
    return new adyen.HttpClientException({
      message: `HTTP Exception: ${res.status}. Error while parsing response: ${text}`,
      statusCode: res.status,
      responseHeaders,
      responseBody: text,
    });
  }
}
