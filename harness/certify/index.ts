// `gauntlet certify`'s public face: load a team's adapter module, run the battery, write the certificate.
export type { AdapterEnv, AdapterFactories, AdapterFactory } from '../worlds/adapter-env.ts';
export { AdapterModuleError, ADAPTER_METHODS, adapterProblems, checkedFactory, loadAdapterModule } from './adapter-module.ts';
export { DEFAULT_EXPLORE_RUNS, runBattery, type BatteryOptions } from './battery.ts';
export { CAPABILITIES, CAPABILITY_IDS, runCapability, type CapabilityId, type CapabilityResult } from './capabilities.ts';
export { matrixOf, verdictOf, type Certificate, type Verdict } from './certificate.ts';
export { writeCertificate, type CertificatePaths } from './write-certificate.ts';
export { forDialect, notApplicable, runFaultClass, selectDrills, type FaultClassResult, type FaultClassStatus } from './fault-classes.ts';
export { certificateHtml } from './html.ts';
