// The supervisor: every child process the harness starts (the core, toxiproxy-server, vegeta,
// a Postgres server), every temp directory and every live world it opens is registered here, so
// that a normal end, a signal or a crash stops all of it and nothing is left running or on disk.
export { type ChildExit, type SpawnOptions, type SupervisedChild, describeChildExit } from './child.ts';
export { launcherChain, watchLauncher } from './launcher.ts';
export { groupAlive, groupMembers, procStat, processAlive, signalExitCode, signalGroup } from './process-group.ts';
export { type StopReport, Supervisor, SupervisorClosedError, type SupervisorOptions, supervisor } from './registry.ts';
export { type Serial, serial } from './serial.ts';
export { Watchdog, type WatchdogOptions } from './watchdog.ts';
export { type HandleSignalsOptions, type InterruptHook, type SignalHandling, handleSignals, interruptedBy, onInterrupt, parkIfInterrupted } from './signals.ts';
