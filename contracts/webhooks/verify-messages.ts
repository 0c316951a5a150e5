// Provider verification of a committed message pact through Pact's own verifier: pact-js's
// Verifier with `messageProviders` (for V4 asynchronous messages it POSTs each interaction's
// description to a local proxy, which calls the matching producer and answers with the body and,
// base64 in `Pact-Message-Metadata`, the metadata). The outcome is the same VerificationReport
// as HTTP verification (../verify.ts), so one CLI prints both.
import { Verifier, type MessageProvider } from '@pact-foundation/pact';
import { readFileSync } from 'node:fs';
import type { InteractionResult, VerificationReport } from '../verify.ts';
import type { MessageProducer } from './producer.ts';

export interface MessageVerifyOptions {
  pactFile: string;
  /** The provider verified, for the report. */
  baseUrl: string;
  /** One producer per interaction description. */
  producers: Record<string, MessageProducer>;
}

interface PactFileShape {
  consumer: { name: string };
  provider: { name: string };
  interactions: { description: string; providerStates?: { name: string }[] }[];
}

interface FfiResults {
  result: boolean;
  errors: { interaction: string; mismatch: { mismatches?: { mismatch?: string; type?: string; path?: string; key?: string }[]; message?: string } }[];
  interactionResults?: { description: string; result: string }[];
}

export async function verifyMessagePact(o: MessageVerifyOptions): Promise<VerificationReport> {
  const pact = JSON.parse(readFileSync(o.pactFile, 'utf8')) as PactFileShape;
  // A producer that throws makes the proxy answer 500 and Pact compare an empty message: its own
  // mismatches say nothing useful then, so the producer's reason is reported instead.
  const failedToProduce = new Map<string, string>();
  const messageProviders: Record<string, MessageProvider> = {};
  for (const [description, produce] of Object.entries(o.producers)) {
    messageProviders[description] = async () => {
      try {
        const m = await produce();
        return Object.keys(m.metadata).length > 0 ? { __pactMessageMetadata: m.metadata, message: m.body } : m.body;
      } catch (err) {
        failedToProduce.set(description, (err as Error).message);
        throw err;
      }
    };
  }
  let raw: string;
  try {
    raw = String(await new Verifier({ provider: pact.provider.name, pactUrls: [o.pactFile], logLevel: 'error', messageProviders }).verifyProvider());
  } catch (err) {
    // pact-core rejects with the results JSON as the message when an interaction fails.
    raw = (err as Error).message;
  }
  let results: FfiResults | undefined;
  try {
    results = JSON.parse(raw) as FfiResults;
  } catch {
    results = undefined;
  }
  if (!results) return unverifiedReport(o.pactFile, o.baseUrl, raw);
  const ran = results;
  const interactions: InteractionResult[] = pact.interactions.map((i) => {
    const states = (i.providerStates ?? []).map((s) => s.name);
    if (!Object.hasOwn(o.producers, i.description)) {
      return { description: i.description, states, ok: false, mismatches: ['no message provider for this description: the provider side does not produce this message'] };
    }
    const produceError = failedToProduce.get(i.description);
    if (produceError !== undefined) return { description: i.description, states, ok: false, mismatches: [`the provider produced no message: ${produceError}`] };
    const mismatches = ran.errors
      .filter((e) => e.interaction === i.description || e.interaction.endsWith(` - ${i.description}`))
      .flatMap((e) => (e.mismatch.mismatches?.length ? e.mismatch.mismatches.map(describeMismatch) : [e.mismatch.message ?? JSON.stringify(e.mismatch)]));
    const outcome = ran.interactionResults?.find((r) => r.description === i.description);
    const ok = mismatches.length === 0 && (outcome ? outcome.result === 'OK' : ran.result);
    return { description: i.description, states, ok, mismatches };
  });
  return { pactFile: o.pactFile, consumer: pact.consumer.name, provider: pact.provider.name, baseUrl: o.baseUrl, ok: interactions.every((i) => i.ok), interactions };
}

/** Every interaction failed with the same reason: the verification could not run at all. */
export function unverifiedReport(pactFile: string, baseUrl: string, reason: string): VerificationReport {
  const pact = JSON.parse(readFileSync(pactFile, 'utf8')) as PactFileShape;
  const interactions = pact.interactions.map((i) => ({
    description: i.description,
    states: (i.providerStates ?? []).map((s) => s.name),
    ok: false,
    mismatches: [`verification did not run: ${reason}`],
  }));
  return { pactFile, consumer: pact.consumer.name, provider: pact.provider.name, baseUrl, ok: false, interactions };
}

function describeMismatch(m: { mismatch?: string; type?: string; path?: string; key?: string }): string {
  const where = m.path ?? (m.key !== undefined ? `metadata ${m.key}` : undefined);
  return `${m.type ?? 'Mismatch'}${where ? ` ${where}` : ''}: ${m.mismatch ?? ''}`;
}
