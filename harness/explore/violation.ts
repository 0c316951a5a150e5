// A violation as exploration reports it: what was broken, the minimal timeline that breaks it,
// and the (seed, path) with the command that replays it. Its own file so that the parts of a
// sharded exploration (part.ts) carry it without importing the explorer.
export interface ReportedViolation {
  invariant: string;
  paymentId: string;
  explanation: string;
  timeline: string[];
  seed: number;
  path: string;
  replay: string;
}
