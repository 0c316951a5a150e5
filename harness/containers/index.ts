// Public face of the containers environment: Toxiproxy and Postgres as containers for machines
// with a Docker engine (`--env containers`), and the checks that say why not when there is none.
export {
  type ContainerEnvironment,
  type ContainerEnvironmentOptions,
  type ContainerRuntime,
  type ToxiproxyNetwork,
  type WithContainerEnvironmentOptions,
  LOCAL_POSTGRES,
  POSTGRES_IMAGE,
  detectContainerRuntime,
  exportContainerEnvironment,
  startContainerEnvironment,
  withContainerEnvironment,
} from './environment.ts';
