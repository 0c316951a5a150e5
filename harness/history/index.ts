// The history's public face.
export type * from './types.ts';
export { HistoryRecorder, historyDigest, parseJsonl, toJsonl } from './recorder.ts';
export { ledgerOf } from './ledger.ts';
export { describeForgery, type ForgeryShape } from './forgery.ts';
