// The simulator kernel: what both dialects share.
export { OffsetClock, VirtualClock, honoOptions, randomId, seededRandom, type Clock, type FetchLike, type RandomSource, type SimEnv } from './env.ts';
export { MAX_AMOUNT, amountProblem, isKnownCurrency, minorUnits, parseIntegerString, type AmountProblem } from './money.ts';
export { Ledger, type Movement, type MovementKind } from './ledger.ts';
export { ADYEN_IDEMPOTENCY, IdempotencyStore, STRIPE_IDEMPOTENCY, fingerprint, type IdempotencyBegin, type SavedResponse } from './idempotency.ts';
export { EMPTY_PLAN, FORGERY_LIES, FORGERY_SIGNATURES, globMatches, isWebhookEffect, validatePlan, type Effect, type ForgeryLie, type ForgerySignature, type FaultPlan, type FaultRule, type PlanValidation, type RequestEffect, type RuleMatch, type SettlementGap, type WebhookEffect } from './fault-plan.ts';
export { EffectSchema, FaultPlanSchema, FaultRuleSchema, MAX_RULES, REQUEST_EFFECT_TYPES, RuleMatchSchema, SettlementGapSchema, WEBHOOK_EFFECT_TYPES } from './fault-plan-schema.ts';
export { issueLines, issuePath } from './schema-issues.ts';
export { FaultEngine, type AppliedFault, type RequestDecision, type RequestTarget, type WebhookTarget } from './faults.ts';
export {
  ADYEN_TEST_CARDS,
  ADYEN_TEST_HOLDER_NAMES,
  DECLINE_WORDING,
  STRIPE_TEST_PAYMENT_METHODS,
  isDeclineReason,
  luhnValid,
  type CardOutcome,
  type DeclineReason,
} from './catalogue.ts';
export { PaymentBook, type KernelPayment, type MoneyRefusal, type MoneyResult, type MovementContext } from './payments.ts';
export { DELIVERY_HEADER, MAX_QUEUED_DELIVERIES, MAX_QUEUED_PER_ENDPOINT, MAX_WEBHOOK_ENDPOINTS, WebhookDispatcher, type AddEndpointResult, type Delivery, type DeliveryKind, type EncodeOptions, type Forgery, type SimEvent, type WebhookEncoder, type WebhookEndpoint } from './webhooks.ts';
export { settlementCsv, settlementDate, settlementLines, isSettlementDate, type FeePolicy, type SettlementLine } from './settlement.ts';
export { Kernel, type KernelOptions } from './kernel.ts';
export { DROP_HEADER, atTheEdge, droppedConnection, isDropped, type EdgeResponses, type OperationContext } from './pipeline.ts';
export { controlRoutes, isHttpUrl, redact, type ControlHooks, type DisputeResult, type PspRefundResult, type ProviderStateHandler, type ProviderStateResult } from './control.ts';
export { addStateRule, StateRuleError } from './state-rules.ts';
export { MAX_BODY_BYTES, declaredBody, limitBody, streamedBodyLimit } from './limits.ts';
export { MAX_JSON_DEPTH, MAX_JSON_NODES, jsonTextProblem, nestingDepth, readJson, textProblem, type JsonRead } from './input.ts';
export { RequestLog, retryAfterMs, type RequestLogEntry } from './request-log.ts';
