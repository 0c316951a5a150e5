// core/storage's public face: the Store the core's code will talk to (phase 2 wires it in), its
// SQL engine on a Db and the in-memory engine for the simulation world.
export type {
  DiscrepancyRow,
  IdempotencyKeyRow,
  InboxRow,
  LockOption,
  OperationPatch,
  OutboxRow,
  ParkedInboxState,
  SettledPaymentRow,
  Store,
  StoreDump,
  StoreKind,
  StoreTx,
} from './store.ts';
export { CONSTRAINTS, SQLSTATE } from './store.ts';
export { sqlStore, sqlRepos } from './sql-store.ts';
export { openMemoryStore } from './memory-store.ts';
export { StoreConstraintError, InFailedTransactionError, UnstorableTextError, NotAnIntegerError } from './errors.ts';
