// Public face of the toolchain: which native tools Gauntlet needs, where they are, and how to
// get a running Toxiproxy.
export {
  type Env,
  type ToolName,
  type ToolPin,
  BENCH_TOOL_NAMES,
  NODE_PIN,
  TOOL_NAMES,
  TOOL_PINS,
  TOXIPROXY_IMAGE,
  nodeBinDir,
  nodeSatisfies,
  toolBinDir,
  toolPath,
  toolsDir,
} from './versions.ts';
export { type FindToolOptions, type FoundTool, findTool, which } from './find-tool.ts';
export {
  type DatabaseUrlStatus,
  type DetectPostgresOptions,
  type PostgresStatus,
  POSTGRES_BINARIES,
  describeDatabaseUrl,
  detectPostgres,
  redactDatabaseUrl,
} from './postgres.ts';
export { type DetectDockerOptions, type DockerStatus, detectDocker } from './docker.ts';
export {
  MAKE_SETUP,
  dockerInstallHint,
  goInstallCommand,
  postgresInstallCommand,
  shellQuote,
} from './install-hints.ts';
export { freeLoopbackPort } from './free-port.ts';
export {
  type ResolveToxiproxyOptions,
  type ToxiproxyHandle,
  type ToxiproxySource,
  resolveToxiproxy,
} from './toxiproxy.ts';
