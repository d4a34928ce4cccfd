export { startGateway, redactUrl, type Gateway, type GatewayOptions, type LaneCredentials } from './gateway.ts';
export { startEmbeddedBroker, type EmbeddedBroker, type DeviceAuthenticator } from './broker/embedded-broker.ts';
export type { CommitResult } from './ingest/batch-writer.ts';
export { GatewayMetrics } from './metrics.ts';
export { deriveStatus } from './pipeline/device-status.ts';
export { brokerAdminUrl, ingestLingerMs, laneSignIns, type LaneSignIns } from './config.ts';
export { connectMosquittoAccounts, type MosquittoAccounts, type RoleUpgrade } from './broker/dynsec/mosquitto-accounts.ts';
export { startRevocationSync } from './broker/dynsec/revocation-sync.ts';
export { buildDynsecSeed, serviceUsers, BROKER_ADMIN_USER } from './broker/dynsec/dynsec-seed.ts';
