// What a message provider hands Pact's verifier: the message body as the provider sent it
// (parsed) and the metadata that travelled with it (Stripe's signature header).

export interface ProducedMessage {
  body: unknown;
  metadata: Record<string, string>;
}

export type MessageProducer = () => Promise<ProducedMessage>;

/** Producers for every message of one pact, and the teardown of what they set up. */
export interface ProducerSession<K extends string> {
  producers: Record<K, MessageProducer>;
  close(): Promise<void>;
}

export interface ProducerOptions {
  /** The provider's origin: a Gauntlet simulator, or anything speaking its dialect and control API. */
  baseUrl: string;
  /** How long to wait for the genuine delivery after the flush (wall clock). Default 30 s. */
  deliveryTimeoutMs?: number;
  /** Where the local webhook receiver listens; the provider must reach it there. Default 127.0.0.1. */
  receiverHost?: string;
}

/**
 * A deadline, not a wait: a delivery on loopback arrives in milliseconds, and the producer goes on
 * the moment it does. 5 s was met on a quiet machine but not on a starved one (load 20 on 2 cores:
 * a refund.created took 16 s), where the gate then failed a contract it had not broken.
 */
export const DEFAULT_DELIVERY_TIMEOUT_MS = 30_000;

/** A fresh id for one producer run, so repeated verifications against one simulator never collide. */
export function freshId(prefix: string): string {
  return `${prefix}${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
}
