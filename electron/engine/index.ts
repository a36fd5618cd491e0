export { startEngine, type Engine, type EngineOptions } from './engine.js';
export { defaultDataDir, databaseFile } from './paths.js';
export { isProcessAlive } from './process-alive.js';
export { KeychainSecretStore, type SecretStore } from './secrets/secret-store.js';
